staff-link-bound = Akun Telegram ini sudah terhubung dengan akun panel { $name }. Ringkasan tenggat setiap pagi hari kerja dan pemberitahuan yang Anda pilih akan dikirim ke sini. Ubah pilihan lewat halaman Profil di panel.
staff-link-already_bound = Akun Telegram ini sudah terhubung dengan akun panel { $name }.
staff-link-unknown = Maaf, tautan itu tidak dikenal. Buat tautan baru dari halaman Profil di panel.
staff-link-expired = Maaf, tautan ini sudah kedaluwarsa. Buat tautan baru dari halaman Profil di panel.
staff-link-used = Maaf, tautan ini sudah pernah dipakai dan hanya berlaku satu kali. Buat tautan baru dari halaman Profil di panel.
staff-link-revoked = Maaf, tautan ini sudah tidak berlaku. Buat tautan baru dari halaman Profil di panel.
staff-link-not_telegram = Pemberitahuan untuk petugas hanya dapat dikirim ke Telegram. Bukalah tautan ini dari aplikasi Telegram.
