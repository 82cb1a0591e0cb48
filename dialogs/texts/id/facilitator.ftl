## Facilitators (fasilitator SLRT / Puskesos): onboarding, menu, assisted filing,
## own cases and relaying news to households. Bahasa Indonesia.

## Invitation links and access
facilitator-welcome =
    Selamat bergabung, { $name }. Akun Telegram ini sekarang terhubung sebagai fasilitator SLRT untuk Kelurahan { $kelurahan }.
    Dari sini Anda dapat mengajukan pengaduan untuk warga yang Anda kunjungi, memantau pengaduan dampingan Anda, dan menyampaikan kabar kepada warga.
facilitator-invitation-already_bound = Akun Telegram ini sudah terhubung sebagai fasilitator. Silakan lanjutkan dari menu di bawah ini.
facilitator-invitation-unknown = Maaf, tautan undangan itu tidak dikenal. Periksa kembali tautannya, atau mintalah tautan baru kepada supervisor atau admin SLRT.
facilitator-invitation-expired = Maaf, tautan undangan ini sudah kedaluwarsa. Mintalah tautan baru kepada supervisor atau admin SLRT.
facilitator-invitation-used = Maaf, tautan undangan ini sudah pernah dipakai dan hanya berlaku satu kali. Bila Anda berganti HP atau akun Telegram, mintalah tautan baru kepada supervisor atau admin SLRT.
facilitator-invitation-revoked = Maaf, tautan undangan ini sudah dibatalkan. Hubungi supervisor atau admin SLRT bila Anda memerlukan akses fasilitator.
facilitator-invitation-taken = Akun Telegram ini sudah terhubung dengan fasilitator lain, jadi undangan ini tidak dapat dipakai di sini. Bukalah tautan itu dari akun Telegram Anda sendiri.
facilitator-access-ended = Akses fasilitator untuk akun Telegram ini sudah tidak aktif. Data yang sedang diisi tidak disimpan. Hubungi supervisor SLRT bila ini keliru. Berikut menu warga.
facilitator-only = Layanan itu hanya untuk fasilitator SLRT yang terdaftar. Silakan pilih layanan lain di menu.

## Menu
facilitator-greeting = Halo, { $name }. Ini layanan fasilitator SLRT Dinas Sosial Kota Bogor.
facilitator-menu = Menu fasilitator · { $name } · Kel. { $kelurahan }
button-facilitator-file = 📝 Ajukan pengaduan untuk warga
button-facilitator-cases = 📂 Pengaduan dampingan saya
button-facilitator-relays = 🔁 Kabar untuk disampaikan ({ $count })
facilitator-help =
    Perintah untuk fasilitator:
    /lapor untuk mengajukan pengaduan atas nama warga yang Anda kunjungi
    /status untuk melihat pengaduan dampingan Anda (atau ketik nomor tiketnya)
    /jawab untuk mengirim jawaban warga atas pertanyaan petugas
    /info untuk informasi layanan
    /batal untuk membatalkan, /kembali untuk kembali satu langkah, /bantuan untuk penjelasan langkah ini.
facilitator-info =
    Panduan singkat fasilitator:
    • Pengaduan yang Anda ajukan diperiksa dulu oleh supervisor SLRT. Anda diberi tahu saat disetujui atau ditolak.
    • Kabar untuk warga yang hanya dapat dihubungi lewat Anda dikirim ke chat ini. Sampaikan kepada warga, lalu tekan "Sudah disampaikan".
    • Kabar yang belum dikonfirmasi dalam 2 hari kerja akan diingatkan satu kali dan dilaporkan kepada supervisor.

## Assisted filing (the intake, worded for the facilitator)
assisted-consent =
    Pengaduan atas nama warga. Sebelum mulai, jelaskan kepada warga bahwa data pribadinya (nama, NIK, KK, nomor HP, alamat) akan disimpan oleh Dinas Sosial Kota Bogor hanya untuk menangani pengaduan ini, dijaga kerahasiaannya, dan dilindungi sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.
    Apakah warga sudah menyatakan setuju secara langsung kepada Anda?
button-assisted-consent-yes = ✅ Warga setuju (langsung)
button-assisted-consent-no = Warga belum / tidak setuju
assisted-consent-declined = Baik, tidak ada data yang disimpan. Tanpa persetujuan warga, pengaduan tidak dapat dicatat. Warga tetap dapat datang sendiri ke loket SLRT Dinas Sosial Kota Bogor.
assisted-full-name = Ketik nama lengkap anggota rumah tangga yang diadukan, sesuai KTP atau KK.
assisted-nik = Ketik NIK anggota rumah tangga tersebut (16 angka, ada di KTP atau KK). Bila warga tidak punya NIK, tekan tombol di bawah.
assisted-kk = Ketik nomor KK rumah tangga (16 angka). Bila tidak ada, tekan Lewati.
assisted-phone = Ketik nomor HP warga yang bisa dihubungi (misalnya 0812 3456 7890). Jangan isi nomor Anda sendiri. Bila warga tidak punya HP, tekan tombol di bawah.
button-assisted-no-phone = Warga tidak punya HP
assisted-phone-is-yours = Itu nomor HP Anda sendiri. Ketik nomor HP warga, atau tekan "Warga tidak punya HP".
assisted-area = Di kelurahan mana rumah warga?
button-assisted-other-kelurahan = Kelurahan lain
assisted-description = Ceritakan masalah warga dengan singkat dan jelas: apa yang terjadi, sejak kapan, dan bantuan apa yang diharapkan.
assisted-reach = Bagaimana warga ingin menerima kabar perkembangan pengaduan ini?
button-reach-telegram = 📱 Telegram warga sendiri (tautan)
button-reach-phone = ☎️ Telepon ke nomor HP warga
button-reach-facilitator = 🤝 Hanya lewat saya (fasilitator)
assisted-reach-needs-phone = Nomor HP warga belum diisi, jadi warga tidak dapat ditelepon. Pilih cara lain, atau ketik /kembali sampai ke pertanyaan nomor HP.
assisted-visit = Kapan Anda mengunjungi rumah warga? Pilih tombol, atau ketik tanggalnya (misalnya 27-11-2026).
button-visit-today = Hari ini, { $day }
button-visit-yesterday = Kemarin, { $day }
assisted-visit-invalid = Tanggal itu tidak dapat dibaca. Ketik seperti ini: 27-11-2026.
assisted-visit-out-of-range = Tanggal kunjungan tidak boleh di masa depan atau lebih dari { $days } hari yang lalu.
assisted-summary = Periksa kembali data pengaduan warga:
assisted-summary-confirm = Bila sudah benar, tekan Kirim. Pengaduan akan diperiksa supervisor SLRT sebelum diproses. Untuk mengubah, tekan tombol data yang ingin diubah.
button-assisted-submit = ✅ Kirim untuk persetujuan
label-reach = Kabar ke warga lewat
label-visit = Tanggal kunjungan
reach-telegram = Telegram warga sendiri
reach-phone = telepon
reach-facilitator = fasilitator
assisted-filed =
    Pengaduan untuk { $household } sudah dikirim. Terima kasih.
    Nomor tiket: { $ticket }
    Status: { $status }
    Supervisor SLRT akan memeriksanya; Anda akan diberi tahu di chat ini saat pengaduan disetujui atau ditolak.
button-see-case = 📂 Lihat pengaduan
assisted-added-to-existing = Keterangan dan lampiran untuk { $household } sudah ditambahkan ke pengaduan { $ticket } yang Anda ajukan sebelumnya. Petugas akan membacanya.
facilitator-household-link =
    Teruskan pesan ini kepada warga. Dengan membuka tautan di bawah di Telegram-nya, warga akan menerima kabar pengaduannya langsung. Tautan berlaku { $days } hari dan hanya sekali pakai.
    { $link }
facilitator-household-command =
    Untuk menerima kabar pengaduannya langsung, warga membuka bot layanan SLRT di Telegram-nya lalu mengetik perintah berikut (berlaku { $days } hari, sekali pakai):
    { $link }
help-assisted-consent = Data warga hanya boleh disimpan bila warga sendiri menyetujuinya saat Anda berkunjung.
help-assisted-full-name = Tulis nama lengkap orang yang diadukan, seperti di KTP atau KK.
help-assisted-nik = NIK adalah 16 angka di KTP atau KK warga. Spasi dan titik boleh diketik.
help-assisted-phone = Nomor ini dipakai untuk menghubungi warga. Bila warga tidak punya HP, tekan tombolnya.
help-assisted-area = Pilih kelurahan tempat tinggal warga. Bila bukan kelurahan Anda, pilih "Kelurahan lain".
help-assisted-description = Contoh: "Bantuan PKH Ibu Siti tidak cair sejak Agustus, padahal masih terdaftar."
help-assisted-reach = Telegram: warga menerima tautan untuk dibuka di Telegram-nya. Telepon: kabar disampaikan lewat telepon. Lewat fasilitator: Anda yang menyampaikan setiap kabar.
help-assisted-visit = Tanggal Anda bertemu langsung dengan warga dan mendapat persetujuannya.
help-assisted-summary = Periksa semua data. Tekan tombol data untuk mengubahnya, atau Kirim bila sudah benar.
help-assisted-duplicate = Bila masalah warga sama, lebih cepat bila keterangan baru ditambahkan ke pengaduan yang sudah Anda ajukan.

## Own cases
facilitator-cases-none = Anda belum mengajukan pengaduan untuk warga. Tekan "Ajukan pengaduan untuk warga" di menu untuk memulai.
facilitator-cases-list = Pengaduan dampingan Anda (terbaru di atas). Tekan salah satu untuk melihat rinciannya, atau ketik nomor tiketnya.
facilitator-cases-item = • { $ticket }: { $household }, { $status } (perkiraan selesai { $due })
facilitator-cases-type-ticket = Tekan salah satu tiket di atas, atau ketik nomor tiket (contoh: 261128-001X).
facilitator-case-not-found = Tiket itu tidak ada di antara pengaduan dampingan Anda. Periksa kembali nomornya, atau lihat daftar dengan /status.
facilitator-case-detail =
    Tiket { $ticket }
    Warga: { $household } (Kel. { $kelurahan })
    Jenis: { $category }
    Status: { $status }
    Kunjungan: { $visit }
    Kabar ke warga lewat: { $reach }
    Pembaruan terakhir: { $updated }
    Perkiraan selesai: { $due }
facilitator-case-relays-waiting = Ada { $count } kabar untuk pengaduan ini yang belum Anda konfirmasi sudah disampaikan.
help-facilitator-cases = Ketik nomor tiket pengaduan dampingan Anda, atau tekan salah satu tiket di daftar.

## Relays (news to pass on to households)
facilitator-relays-none = Tidak ada kabar yang menunggu untuk disampaikan. Terima kasih.
facilitator-relays-list = Kabar yang perlu Anda sampaikan kepada warga ({ $count }):
facilitator-relays-item = • { $household } (Kel. { $kelurahan }), tiket { $ticket }: { $status }. Dikirim { $when }.
facilitator-relays-how = Isi lengkap setiap kabar ada di pesan yang kami kirim sebelumnya. Setelah menyampaikannya kepada warga, tekan tombolnya di bawah.
facilitator-relay-staff-message = pesan petugas "{ $text }"
button-relayed-item = ✅ Sudah disampaikan: { $household } ({ $ticket })
facilitator-relay-confirmed = Terima kasih. Dicatat: kabar untuk { $household } (tiket { $ticket }) sudah disampaikan pada { $when }.
facilitator-relay-already = Kabar untuk { $household } (tiket { $ticket }) sudah tercatat disampaikan pada { $when }.
facilitator-relay-not-found = Kabar itu tidak ditemukan di antara tugas Anda. Lihat daftar kabar yang masih menunggu lewat menu fasilitator.
help-facilitator-relays = Tekan "Sudah disampaikan" setelah kabar Anda sampaikan kepada warga.

## The household's answer to a staff question, sent by its facilitator
button-facilitator-answer = ✍️ Kirim jawaban warga
facilitator-answer-prompt =
    Pertanyaan petugas untuk { $household }, pengaduan { $ticket }:
    { $question }
    Kirimkan jawaban warga di sini: boleh beberapa kali (teks, foto, dokumen, atau pesan suara), lalu tekan Selesai. Jawaban dicatat sebagai jawaban warga yang disampaikan lewat Anda.
facilitator-answer-received = Terima kasih. Jawaban { $household } sudah diteruskan ke petugas dan dicatat disampaikan lewat Anda. Pengaduan { $ticket } kembali ditelaah.
facilitator-answer-not-waiting = Pengaduan { $ticket } tidak sedang menunggu jawaban warga (status: { $status }), jadi tidak ada yang perlu dikirim.
facilitator-answer-already = Pertanyaan petugas untuk pengaduan { $ticket } ini sudah dijawab. Bila petugas bertanya lagi, Anda akan menerima pesan baru dengan tombolnya.
facilitator-answer-nothing-waiting = Saat ini tidak ada pertanyaan petugas yang menunggu jawaban warga dampingan Anda.
facilitator-answer-choose = Jawaban warga untuk pengaduan yang mana?
help-facilitator-answer = Tulis jawaban warga atas pertanyaan petugas, atau kirim foto, dokumen, atau pesan suara yang diminta. Boleh beberapa kali; tekan Selesai bila sudah semua.
help-facilitator-answer-gather = Semua yang Anda kirim sekarang ikut menjadi jawaban warga. Tekan Selesai bila sudah semua; bila tidak ada kiriman lagi selama beberapa menit, jawaban diteruskan dengan sendirinya dan Anda diberi tahu.
facilitator-answer-already-passed = Jawaban warga untuk pengaduan { $ticket } sudah diteruskan ke petugas.
facilitator-answer-passed-quiet = Jawaban warga untuk pengaduan { $ticket } yang Anda kirim sudah diteruskan ke petugas, karena beberapa menit tidak ada kiriman lagi. Jawaban dicatat disampaikan lewat Anda, dan pengaduan kembali ditelaah.
help-facilitator-answer-choose = Pilih nomor tiket yang pertanyaannya ingin Anda jawab atas nama warga.

## Household links (the household's own Telegram)
household-link-connected = Terima kasih. Chat ini sekarang terhubung dengan pengaduan { $ticket } yang diajukan fasilitator SLRT untuk Anda. Setiap kabar perkembangannya akan dikirim ke sini.
household-link-already = Chat ini sudah terhubung dengan pengaduan { $ticket }. Kabar perkembangannya dikirim ke sini.
household-link-unknown = Maaf, tautan itu tidak dikenal. Mintalah tautan baru kepada fasilitator SLRT yang mendampingi Anda.
household-link-expired = Maaf, tautan ini sudah kedaluwarsa. Mintalah tautan baru kepada fasilitator SLRT, atau cek pengaduan Anda dengan /status dan nomor tiketnya.
household-link-used = Maaf, tautan ini sudah dipakai di akun Telegram lain. Bila itu bukan Anda, hubungi fasilitator SLRT yang mendampingi Anda.
household-link-closed = Pengaduan ini sudah selesai diproses, jadi tautannya tidak lagi berlaku. Cek hasilnya dengan /status dan nomor tiketnya.
household-link-for-household = Tautan ini untuk warga, bukan untuk fasilitator. Teruskan tautannya kepada warga agar dibuka di Telegram warga sendiri.

## What the notifier sends facilitators (outbox templates 'relay' and facilitators' copies)
notify-facilitator-copy = ℹ️ Salinan untuk fasilitator: kabar ini juga dikirim ke Telegram warga sendiri, jadi tidak perlu Anda sampaikan.
notify-relay-reminder = ⏰ Pengingat: kabar ini (dikirim { $due }) belum dikonfirmasi sudah disampaikan kepada warga. Mohon sampaikan, lalu tekan "Sudah disampaikan".
notify-relay-filing-approve = ✅ Pengaduan yang Anda ajukan untuk { $household } (tiket { $ticket }) sudah disetujui supervisor SLRT dan mulai diproses.
notify-relay-filing-reject = ❌ Pengaduan yang Anda ajukan untuk { $household } (tiket { $ticket }) tidak disetujui supervisor SLRT. Alasannya ada di pesan untuk warga di bawah.
notify-relay-why-telegram = Warga ini belum dapat menerima kabar di Telegram-nya sendiri (tautannya belum dibuka atau chat-nya tidak aktif).
notify-relay-why-phone = Warga ini minta dihubungi lewat telepon.
notify-relay-why-facilitator = Warga ini menerima kabar pengaduannya lewat Anda.
notify-button-relayed = ✅ Sudah disampaikan
notify-button-household-answer = ✍️ Kirim jawaban warga

## The same words for a chat that is not a Telegram account (the web chat); issue 17
facilitator-welcome-chat =
    Selamat bergabung, { $name }. Chat ini sekarang terhubung sebagai fasilitator SLRT untuk Kelurahan { $kelurahan }.
    Dari sini Anda dapat mengajukan pengaduan untuk warga yang Anda kunjungi, memantau pengaduan dampingan Anda, dan menyampaikan kabar kepada warga.
facilitator-invitation-already_bound-chat = Chat ini sudah terhubung sebagai fasilitator. Silakan lanjutkan dari menu di bawah ini.
facilitator-invitation-used-chat = Maaf, tautan undangan ini sudah pernah dipakai dan hanya berlaku satu kali. Bila Anda berganti HP atau perangkat, mintalah tautan baru kepada supervisor atau admin SLRT.
facilitator-invitation-taken-chat = Chat ini sudah terhubung dengan fasilitator lain, jadi undangan ini tidak dapat dipakai di sini. Bukalah tautan itu dari chat Anda sendiri.
facilitator-access-ended-chat = Akses fasilitator untuk chat ini sudah tidak aktif. Data yang sedang diisi tidak disimpan. Hubungi supervisor SLRT bila ini keliru. Berikut menu warga.

## Home visits (kunjungan rumah) the office asks for
button-facilitator-visits = 🏠 Kunjungan rumah ({ $count })
facilitator-visits-none = Tidak ada kunjungan rumah yang menunggu di kelurahan Anda. Terima kasih.
facilitator-visits-mine = Kunjungan yang sudah Anda ambil, belum dicatat ({ $count }):
facilitator-visits-waiting = Kunjungan di kelurahan Anda yang belum diambil ({ $count }):
facilitator-visits-item = • { $ticket } · { $household } · tenggat { $due }{ $overdue }
    { $reason }
facilitator-visit-overdue = {" "}⚠️ terlambat
button-visit-take-item = 🏠 Ambil { $ticket } · { $household }
button-visit-record = 📝 Catat kunjungan { $ticket } · { $household }
facilitator-visit-taken = Kunjungan ke { $household } (tiket { $ticket }) sekarang tugas Anda. Tenggat: { $due }. Setelah berkunjung, tekan "Catat kunjungan".
facilitator-visit-already-yours = Kunjungan ke { $household } (tiket { $ticket }) sudah tugas Anda. Tenggat: { $due }.
facilitator-visit-taken-by-other = Kunjungan ini sudah diambil oleh { $name }. Terima kasih.
facilitator-visit-closed = Kunjungan ini tidak lagi menunggu: sudah dicatat atau dibatalkan petugas.
facilitator-visit-not-found = Kunjungan itu tidak ditemukan di antara tugas Anda. Lihat daftar lewat "Kunjungan rumah" di menu fasilitator.
help-facilitator-visits = Tekan "Ambil" untuk mengambil kunjungan, lalu "Catat kunjungan" setelah berkunjung.
visit-record-start = Mencatat kunjungan rumah ke { $household } (tiket { $ticket }).
visit-record-day = Kapan Anda berkunjung? Pilih, atau ketik tanggalnya (contoh: 27-11-2026).
visit-record-day-out-of-range = Tanggal kunjungan tidak boleh di masa depan atau sebelum kunjungan diminta. Ketik tanggal yang benar.
help-visit-record-day = Pilih "Hari ini" atau "Kemarin", atau ketik tanggal kunjungan seperti 27-11-2026.
visit-record-met = Siapa yang Anda temui di rumah itu? (contoh: Ibu Siti, kepala keluarga)
help-visit-record-met = Ketik nama dan hubungan orang yang Anda temui.
visit-record-findings = Apa yang Anda temukan? Ketik hasil kunjungan, atau kirim pesan suara.
help-visit-record-findings = Tulis apa yang Anda lihat dan dengar di rumah warga, atau rekam pesan suara.
visit-record-voice-kept = Pesan suara disimpan sebagai hasil kunjungan; petugas akan mendengarkannya.
visit-record-too-long = Terlalu panjang: paling banyak { $limit } huruf. Persingkat, lalu kirim lagi.
visit-record-photos = Kirim foto kunjungan bila ada (satu per satu), atau tekan "Lewati".
visit-record-photos-more = Foto diterima ({ $count }). Kirim foto lain, atau tekan "Selesai".
button-visit-photos-done = ✅ Selesai
visit-record-photo-expected = Di langkah ini hanya foto yang diterima. Kirim foto, atau tekan tombol di bawah.
visit-record-photos-full = Sudah { $limit } foto; itu batasnya. Tekan "Selesai".
help-visit-record-photos = Kirim foto satu per satu; tekan "Selesai" bila sudah.
visit-record-location = Bagikan lokasi rumah lewat 📎 → Lokasi bila mau, atau tekan "Lewati".
visit-record-location-expected = Di langkah ini kirim lokasi lewat 📎 → Lokasi, atau tekan "Lewati".
help-visit-record-location = Lokasi membantu petugas menemukan rumah ini lagi; boleh dilewati.
visit-record-summary =
    Periksa kembali catatan kunjungan:
    Tiket: { $ticket } · { $household }
    Tanggal kunjungan: { $day }
    Bertemu dengan: { $name }
    Hasil: { $text }
    Foto: { $count }
    Lokasi: { $location }
visit-record-findings-voice = (pesan suara)
visit-record-no-location = tidak dibagikan
button-visit-send = 📤 Kirim catatan kunjungan
button-visit-discard = ✖️ Batal, jangan kirim
help-visit-record-confirm = Tekan "Kirim" bila catatan sudah benar, atau "Batal".
visit-record-sent = Terima kasih. Catatan kunjungan ke { $household } (tiket { $ticket }) sudah diterima petugas.
visit-record-discarded = Catatan kunjungan tiket { $ticket } tidak dikirim. Kunjungan tetap tugas Anda; catat lagi kapan saja.
facilitator-list-page = Halaman { $page } dari { $pages }
