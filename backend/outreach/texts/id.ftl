# The outreach poster (backend/outreach/poster.py): Bahasa Indonesia, printed large.
poster-title = Ada keluhan soal bantuan sosial?
poster-lead = Sampaikan pengaduan Anda ke SLRT (Sistem Layanan dan Rujukan Terpadu) lewat HP: gratis, tanpa antre, tanpa datang ke kantor.
poster-area = Kelurahan { $kelurahan } · Kecamatan { $kecamatan }
poster-programs = Misalnya: PKH, BPNT/Sembako, PIP, PBI-JK/KIS, belum terdaftar di DTSEN, data keluarga salah, atau layanan sosial lain.
poster-scan = Pindai salah satu kode QR dengan kamera HP, atau ketik tautannya:
poster-channel-telegram = Telegram
poster-channel-web = Chat di situs web
poster-channel-whatsapp = WhatsApp
poster-steps-title = Caranya
poster-step-1 = 1. Pindai kode QR, lalu tekan Mulai.
poster-step-2 = 2. Jawab pertanyaannya satu per satu. Siapkan NIK dan nomor HP.
poster-step-3 = 3. Simpan nomor tiket Anda. Setiap perkembangan dikabarkan lewat chat yang sama.
poster-hours = Jam layanan kantor
poster-chat-anytime = Chat bisa dikirim kapan saja; petugas menjawab pada jam layanan.
poster-free = Layanan ini gratis. Data pribadi Anda dijaga kerahasiaannya.
# The text a WhatsApp link puts in the citizen's message box (the code says which poster).
whatsapp-greeting = Halo SLRT, saya ingin menyampaikan pengaduan. (kode { $code })
