## Status messages the notifier sends (outbox templates). Bahasa Indonesia.

notify-header = 📋 Tiket { $ticket } · { $status }
notify-header-ticket = 📋 Tiket { $ticket }
notify-due = Perkiraan selesai: { $due }
notify-note = Catatan petugas: { $note }

notify-approve =
    Pengaduan yang diajukan fasilitator untuk Anda sudah disetujui dan terdaftar dengan nomor tiket { $ticket }.
    Simpan nomor ini untuk mengecek status pengaduan.
notify-start_review = Pengaduan Anda sedang ditelaah oleh petugas Dinas Sosial.
notify-request_info =
    Petugas membutuhkan data tambahan untuk pengaduan Anda:

    { $note }

    Tekan tombol Jawab di bawah ini (atau ketik /jawab), lalu kirim jawaban Anda berupa teks, foto, atau dokumen.
notify-provide_info = Data tambahan untuk pengaduan Anda sudah diterima. Pengaduan ditelaah kembali.
notify-handle = Pengaduan Anda sedang ditangani oleh Dinas Sosial.
notify-refer =
    Pengaduan Anda dirujuk ke { $agency }, instansi yang menjalankan program tersebut.
    Mereka akan menindaklanjutinya; Dinas Sosial memantau dan akan mengabari Anda.
notify-record_outcome = { $agency } sudah menanggapi rujukan. Pengaduan Anda kini ditangani.
notify-resolve =
    Pengaduan Anda sudah selesai ditangani.

    Hasil penanganan:
    { $note }

    Bila Anda tidak puas, Anda dapat mengajukan banding dalam { $days } hari dengan tombol Ajukan banding.

    Bagaimana penilaian Anda atas layanan kami? Pilih 1 (buruk) sampai 5 (sangat baik).
notify-close =
    Pengaduan Anda sudah ditutup. Terima kasih telah menggunakan layanan SLRT Kota Bogor.
    Untuk keluhan baru, ketik /lapor.
notify-reject =
    Mohon maaf, pengaduan Anda tidak dapat kami proses.

    Alasan:
    { $note }

    Bila Anda tidak setuju, datanglah ke kantor Dinas Sosial Kota Bogor dengan membawa KTP dan KK. Bila ada data yang dapat dilengkapi, Anda juga dapat membuat pengaduan baru dengan /lapor.
notify-appeal = Banding Anda sudah kami terima. Pengaduan ditelaah kembali.
notify-agency-accepted = { $agency } sudah menerima rujukan pengaduan Anda dan akan menindaklanjutinya.
notify-agency-in_progress = { $agency } sedang memproses pengaduan Anda.
notify-agency-note = Catatan { $agency }: { $note }
notify-message =
    Pesan dari petugas Dinas Sosial:

    { $text }

notify-request_info-relayed =
    Petugas membutuhkan data tambahan untuk pengaduan Anda:

    { $note }

    Sampaikan jawaban Anda kepada fasilitator, atau hubungi kantor Dinas Sosial Kota Bogor dengan menyebut nomor tiket { $ticket }.
notify-resolve-relayed =
    Pengaduan Anda sudah selesai ditangani.

    Hasil penanganan:
    { $note }

    Bila Anda tidak puas, Anda dapat mengajukan banding dalam { $days } hari lewat fasilitator atau di kantor Dinas Sosial Kota Bogor.
notify-relay =
    🔁 Mohon sampaikan kabar ini kepada warga:
    { $household } (Kel. { $kelurahan })
notify-relay-phone = Telepon: { $phone }
notify-relay-why = Warga ini tidak dapat kami hubungi lewat chat.

notify-button-status = 🔎 Lihat status
notify-button-answer = ✍️ Jawab
notify-button-appeal = ⚖️ Ajukan banding
notify-button-rate = { $score } ⭐

## The expected date: on hold, and why it moved (backend/complaints/expected_date.py).
notify-due-on-hold = Perkiraan selesai ({ $due }) tertahan sampai Anda menjawab; tanggalnya mundur sebanyak hari kerja yang dipakai untuk menunggu jawaban.
notify-due-moved-info_pause = Tanggal ini mundur dari { $before } karena pengaduan menunggu jawaban Anda selama { $days } hari kerja.
notify-due-moved-handling = Tanggal ini mundur dari { $before } karena penanganan oleh Dinas Sosial memerlukan sampai { $days } hari kerja sejak hari ini.
notify-due-moved-referral = Tanggal ini mundur dari { $before } karena { $agency } diberi waktu { $days } hari kerja untuk menindaklanjuti rujukan.
notify-due-moved-appeal = Ini tanggal baru karena banding Anda ditelaah ulang: penelaahan dan penanganan memerlukan sampai { $days } hari kerja.

## Home visits asked for by the office (backend/visits/)
notify-visit-requested =
    🏠 Kunjungan rumah diminta petugas:
    { $household } (Kel. { $kelurahan }) · tiket { $ticket }
    Alasan: { $reason }
    Tenggat: { $due }
    Tekan "Ambil kunjungan" bila Anda yang akan datang. Fasilitator pertama yang menekan mendapat tugas ini.
notify-button-visit-take = 🏠 Ambil kunjungan
