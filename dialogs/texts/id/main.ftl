## Bahasa Indonesia: the default language of every conversation.

greeting =
    Selamat datang di layanan pengaduan SLRT Dinas Sosial Kota Bogor.
    Di sini Anda dapat melaporkan masalah bantuan sosial (PKH, Sembako/BPNT, PIP, KIS/PBI-JK, data DTSEN, dokumen kependudukan), lalu memantau penanganannya.
menu = Silakan pilih layanan:
button-menu-file = 📝 Buat pengaduan
button-menu-status = 🔎 Cek status pengaduan
button-menu-info = ℹ️ Informasi
button-menu-language = 🌐 Bahasa / Language
help-general =
    Perintah yang bisa dipakai:
    /lapor untuk membuat pengaduan
    /status untuk melihat status pengaduan
    /jawab untuk menjawab pertanyaan petugas
    /banding untuk mengajukan banding atas penyelesaian atau penolakan
    /dataku untuk melihat data pribadi Anda dan meminta perbaikan
    /info untuk informasi layanan
    /bahasa untuk mengganti bahasa
    /batal untuk membatalkan, /kembali untuk kembali satu langkah, /bantuan untuk penjelasan langkah ini.
cancelled = Dibatalkan. Data yang sedang diisi sudah dihapus.
nothing-to-cancel = Tidak ada yang sedang diisi.
unknown-command = Maaf, perintah itu tidak dikenal. Ketik /bantuan untuk daftar perintah.
old-button = Tombol itu dari pesan lama dan sudah tidak berlaku. Silakan gunakan pertanyaan terbaru di bawah ini.
choose-a-button = Silakan pilih salah satu tombol di bawah pesan ini.
expected-text = Maaf, di langkah ini saya hanya bisa membaca pesan teks. Silakan ketik jawaban Anda.
voice-needs-typing = Maaf, pesan suara tidak bisa dipakai untuk jawaban ini: jawaban ini perlu diketik agar petugas bisa mencocokkannya dengan data. Bila sulit mengetik, minta bantuan keluarga atau pendamping, atau datang ke kantor Dinas Sosial.
expected-file = Silakan kirim foto atau dokumen, atau tekan tombol di bawah bila sudah selesai.
input-too-long = Pesan terlalu panjang (lebih dari { $limit } karakter). Mohon persingkat lalu kirim lagi.
back-at-first-step = Ini sudah langkah pertama.
finish-current-first = Selesaikan dulu langkah ini, atau ketik /batal untuk membatalkan.
resume-question = Anda belum menyelesaikan langkah sebelumnya sejak kemarin. Lanjutkan dari langkah terakhir atau mulai dari awal?
button-continue = Lanjutkan
button-start-again = Mulai dari awal

## Intake
intake-already-started = Anda sedang mengisi pengaduan. Mari lanjutkan.
intake-consent =
    Sebelum mulai: untuk menangani pengaduan, kami perlu menyimpan data pribadi Anda (nama, NIK, KK, nomor HP, alamat). Data hanya dipakai untuk menangani pengaduan ini, dijaga kerahasiaannya, dan dilindungi sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.
    Apakah Anda setuju?
button-consent-yes = ✅ Setuju
button-consent-no = Tidak setuju
intake-consent-declined =
    Baik, tidak ada data yang kami simpan.
    Anda tetap dapat mengadu langsung ke loket SLRT Dinas Sosial Kota Bogor (Senin sampai Jumat, 08.00 sampai 15.00 WIB) atau melalui fasilitator SLRT / Puskesos di kelurahan Anda.
intake-for-whom = Pengaduan ini untuk siapa?
button-for-self = Untuk diri sendiri
button-for-member = Untuk anggota keluarga lain
for-whom-self = Diri sendiri
for-whom-household_member = Anggota keluarga lain
intake-full-name = Ketik nama lengkap Anda sesuai KTP.
intake-full-name-member = Ketik nama lengkap anggota keluarga yang diadukan, sesuai KTP atau KK.
intake-nik = Ketik NIK (16 angka, ada di KTP atau KK). Bila tidak punya NIK, tekan tombol di bawah.
button-no-nik = Tidak punya NIK
intake-no-nik-noted = Baik. Pengaduan akan dicatat sebagai masalah dokumen kependudukan agar dibantu pengurusan NIK/KK.
intake-nik-outside-city = NIK ini terdaftar di luar Kota Bogor. Pengaduan tetap kami terima; petugas akan memeriksanya.
intake-kk = Ketik nomor KK (16 angka). Bila tidak tahu, tekan Lewati.
intake-phone = Kirim nomor HP yang bisa dihubungi: tekan tombol "Kirim nomor saya" di bawah, atau ketik nomornya (misalnya 0812 3456 7890).
button-share-phone = 📱 Kirim nomor saya
intake-phone-noted = Nomor { $phone } dicatat.
intake-kecamatan = Di kecamatan mana tempat tinggalnya?
intake-kelurahan = Pilih kelurahan (halaman { $page } dari { $pages }):
button-next = Berikutnya ▶
button-previous = ◀ Sebelumnya
button-other-kecamatan = Ganti kecamatan
intake-address = Ketik alamat lengkap: nama jalan/gang, nomor rumah, RT/RW.
intake-category = Pengaduan ini tentang apa?
intake-description = Ceritakan masalahnya dengan singkat dan jelas: apa yang terjadi, sejak kapan, dan bantuan apa yang diharapkan.
intake-attachments =
    Bila ada, kirim foto atau dokumen pendukung (misalnya foto KK atau surat), paling banyak { $limit }. Sudah diterima: { $count }.
    Tekan tombol di bawah bila sudah selesai atau tidak ada lampiran.
button-attachments-done = Selesai
button-skip = Lewati
intake-summary-description = Uraian pengaduan:
intake-summary = Periksa kembali data pengaduan Anda:
intake-summary-confirm = Bila sudah benar, tekan Kirim. Untuk mengubah, tekan tombol data yang ingin diubah.
button-submit = ✅ Kirim pengaduan
button-cancel = Batalkan
label-for-whom = Untuk
label-full-name = Nama
label-nik = NIK
label-kk = No. KK
label-phone = No. HP
label-kecamatan = Kecamatan
label-kelurahan = Kelurahan
label-address = Alamat
label-category = Jenis pengaduan
label-description = Uraian
label-attachments = Lampiran
value-no-nik = tidak punya NIK
value-none = tidak diisi
intake-duplicate =
    Sudah ada pengaduan yang masih diproses untuk NIK dan jenis pengaduan yang sama: { $ticket }.
    Tambahkan keterangan baru ini ke pengaduan tersebut, atau tetap kirim sebagai pengaduan baru?
button-add-to-existing = Tambahkan ke pengaduan yang ada
button-file-new = Kirim sebagai pengaduan baru
intake-added-to-existing = Keterangan dan lampiran Anda sudah ditambahkan ke pengaduan { $ticket }. Petugas akan membacanya.
intake-registered =
    Pengaduan Anda sudah kami terima. Terima kasih.
    Nomor tiket: { $ticket }
    Status: { $status }
    Perkiraan selesai: { $due }
    Simpan nomor tiket ini. Untuk melihat perkembangannya, ketik /status atau ketik nomor tiketnya. Kami akan mengabari Anda di chat ini setiap kali status berubah.
button-see-status = 🔎 Lihat status

## Problems with answers
invalid-nik-not-digits = NIK hanya berisi angka. Mohon ketik ulang 16 angka NIK.
invalid-nik-length = NIK harus 16 angka. Mohon periksa kembali di KTP atau KK.
invalid-nik-region = Kode wilayah di awal NIK tidak dikenal. Mohon periksa kembali NIK Anda.
invalid-nik-birth-date = Tanggal lahir di dalam NIK (angka ke-7 sampai ke-12) tidak valid. Mohon periksa kembali NIK Anda.
invalid-nik-serial = Empat angka terakhir NIK tidak boleh 0000. Mohon periksa kembali NIK Anda.
invalid-kk-not-digits = Nomor KK hanya berisi angka. Ketik 16 angka, atau tekan Lewati.
invalid-kk-length = Nomor KK harus 16 angka. Periksa kembali, atau tekan Lewati.
invalid-kk-region = Kode wilayah di awal nomor KK tidak dikenal. Periksa kembali, atau tekan Lewati.
invalid-kk-issue-date = Tanggal di dalam nomor KK tidak valid. Periksa kembali, atau tekan Lewati.
invalid-phone-invalid = Nomor HP tidak valid. Contoh yang benar: 0812 3456 7890 atau +62 812 3456 7890.
invalid-phone-not-indonesian = Mohon gunakan nomor Indonesia (diawali 08 atau +62).
invalid-name-characters = Nama hanya boleh berisi huruf, spasi, titik, tanda hubung dan apostrof. Mohon ketik ulang.
invalid-name-too-short = Nama terlalu pendek. Mohon ketik nama lengkap.
invalid-name-too-long = Nama terlalu panjang (paling banyak 100 huruf).
address-too-long = Alamat terlalu panjang (paling banyak { $limit } karakter). Cukup tulis jalan, nomor rumah dan RT/RW.
address-too-short = Alamat terlalu singkat. Mohon tulis nama jalan/gang, nomor rumah dan RT/RW.
description-too-short = Uraian terlalu singkat. Mohon jelaskan masalahnya dalam satu kalimat atau lebih.
attachment-voice = Maaf, pesan suara belum bisa kami terima. Mohon kirim foto atau dokumen, atau tulis keterangannya.
attachment-type = Jenis berkas ini tidak bisa diterima. Kirim foto (JPG/PNG) atau dokumen PDF.
attachment-too-large = Berkas terlalu besar (paling besar { $limit_mb } MB). Mohon kirim berkas yang lebih kecil.
attachment-not-received = Maaf, berkas ini tidak sampai ke kami. Mohon kirim sekali lagi.
update-not-processed = Maaf, pesan ini tidak dapat kami proses. Silakan kirim lagi dengan cara lain, atau tekan tombol di bawah untuk kembali ke menu.
attachments-full = Sudah { $limit } lampiran, jumlah paling banyak. Tekan Selesai untuk lanjut.

## Attachments listed on their step, each removable (issue 17)
attachments-added = Lampiran yang sudah ditambahkan:
attachments-item = { $number }. { $name } ({ $size })
attachments-remove-hint = Kirim foto atau dokumen lagi untuk menambah. Bila ada yang keliru, tekan tombol 🗑️ dengan nomornya untuk menghapusnya.
attachment-kind-photo = Foto
attachment-kind-document = Dokumen
attachment-kind-voice = Pesan suara
button-attachment-remove = 🗑️ Hapus { $number }
attachment-removed = Lampiran { $number } ({ $name }) dihapus dan tidak akan dikirim bersama pengaduan.

## Help for each step
help-consent = Kami hanya menyimpan data Anda bila Anda setuju. Tanpa persetujuan, pengaduan tidak bisa dicatat lewat chat, tetapi Anda tetap dapat datang ke kantor.
help-for-whom = Pilih "Untuk diri sendiri" bila masalahnya tentang Anda, atau "anggota keluarga lain" bila tentang orang lain di keluarga Anda.
help-full-name = Tulis nama lengkap seperti di KTP, tanpa gelar bila tidak yakin.
help-nik = NIK adalah 16 angka di KTP atau di KK, di samping nama. Spasi dan titik boleh diketik.
help-kk = Nomor KK adalah 16 angka di bagian atas Kartu Keluarga. Boleh dilewati.
help-phone = Nomor ini dipakai petugas bila perlu menghubungi Anda.
help-kecamatan = Pilih kecamatan tempat tinggal orang yang diadukan.
help-kelurahan = Pilih kelurahan. Tekan "Berikutnya" bila kelurahan belum terlihat.
help-address = Contoh: Jl. Mawar No. 5, RT 02/RW 03.
help-category = Pilih program atau masalah yang paling sesuai. Petugas bisa memperbaikinya nanti.
help-description = Contoh: "Bantuan PKH ibu saya tidak cair sejak Agustus, padahal masih terdaftar."
help-attachments = Foto KK, KTP, surat atau bukti lain membantu petugas. Boleh dilewati.
help-summary = Periksa semua data. Tekan tombol data untuk mengubahnya, atau Kirim bila sudah benar.
help-duplicate = Bila masalahnya sama, lebih cepat bila keterangan baru ditambahkan ke pengaduan yang sudah ada.

## Status
status-pending_approval = Menunggu persetujuan
status-received = Diterima
status-in_review = Ditelaah
status-needs_info = Perlu Data Tambahan
status-in_progress = Ditangani
status-referred = Dirujuk
status-resolved = Selesai
status-closed = Ditutup
status-rejected = Ditolak
status-none = Belum ada pengaduan dari chat ini. Bila Anda punya nomor tiket, ketik nomornya di sini.
status-list = Pengaduan Anda:
status-list-item = • { $ticket }: { $category }, { $status } (perkiraan selesai { $due })
status-detail =
    Tiket { $ticket }
    Jenis: { $category }
    Status: { $status }
    Pembaruan terakhir: { $updated }
    Perkiraan selesai: { $due }
status-question = Petugas meminta data tambahan: { $question }
    Tekan Jawab, atau langsung kirim jawabannya di chat ini.
status-resolution = Hasil penanganan: { $resolution }
status-rejection = Alasan: { $reason }
status-not-found = Nomor tiket itu tidak ditemukan. Periksa kembali nomornya (contoh: 261128-001X).
status-type-ticket = Pilih tiket di atas, atau ketik nomor tiket (contoh: 261128-001X).
status-verify = Untuk melihat pengaduan { $ticket } lewat chat ini, ketik 4 angka terakhir NIK pada pengaduan tersebut.
status-verify-wrong = Angka itu tidak cocok dengan nomor tiket tersebut. Periksa nomor tiket dan angkanya, lalu coba lagi.
status-verify-failed = Angka tidak cocok. Demi keamanan, pengaduan ini tidak dapat dilihat lewat chat hari ini. Silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP atau hubungi fasilitator, atau coba lagi besok.
status-locked = Mohon maaf, demi keamanan pengaduan ini tidak dapat dilihat lewat chat hari ini karena sudah terlalu sering dicoba. Silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP atau hubungi fasilitator, atau coba lagi besok.
help-status = Ketik nomor tiket yang Anda terima saat mengirim pengaduan.
help-status-verify = Ketik 4 angka terakhir NIK orang yang diadukan.
button-answer = ✍️ Jawab

## Answering staff
answer-nothing-waiting = Saat ini tidak ada pertanyaan petugas yang menunggu jawaban Anda.
answer-choose = Pertanyaan petugas untuk pengaduan yang mana?
answer-prompt =
    Pertanyaan petugas untuk pengaduan { $ticket }:
    { $question }
    Kirim jawaban Anda (teks, foto, dokumen atau pesan suara).
answer-received = Terima kasih, jawaban Anda sudah kami teruskan ke petugas. Pengaduan { $ticket } kembali ditelaah.
help-answer = Tulis jawaban atas pertanyaan petugas, atau kirim foto/dokumen yang diminta.
help-answer-choose = Pilih nomor tiket yang pertanyaannya ingin Anda jawab.

## Information
info-topics = Informasi apa yang Anda perlukan?
button-info-deadlines = ⏱️ Batas waktu penanganan
button-back-to-menu = Kembali ke menu
info-closed = Baik, kembali ke menu utama.
info-deadlines = Batas waktu penanganan (hari kerja, tanpa hari libur):
info-deadline-item = • { $category }: ditelaah { $triage } hari; diselesaikan { $resolution } hari, atau { $referral } hari bila dirujuk ke instansi lain.
help-info = Pilih topik dengan tombol di bawah.

## Language
language-choose = Pilih bahasa / Choose your language / Pilih basa:
language-set = Bahasa diubah ke Bahasa Indonesia.
help-language = Pilih bahasa untuk percakapan dan pemberitahuan.

edited-message-ignored = Pesan yang diedit tidak kami proses. Bila ingin mengubah jawaban, kirim pesan baru.

## Rating (the stars under a resolution message)
rating-thanks = Terima kasih atas penilaian Anda: { $count } dari 5 ⭐ untuk pengaduan { $ticket }. Masukan Anda membantu kami memperbaiki layanan.
rating-changed = Penilaian Anda untuk pengaduan { $ticket } sudah kami ubah menjadi { $count } dari 5 ⭐. Terima kasih.
rating-invalid = Maaf, penilaian itu tidak dapat kami baca. Silakan pilih salah satu bintang (1 sampai 5) di bawah pesan hasil penanganan.
rating-not-found = Maaf, pengaduan itu tidak kami temukan di chat ini. Penilaian hanya dapat diberikan dari chat yang dipakai untuk membuat pengaduan.
rating-not-finished = Pengaduan { $ticket } berstatus { $status }. Penilaian dapat diberikan setelah pengaduan selesai ditangani.

## Appeal (banding)
appeal-choose = Pengaduan mana yang ingin Anda ajukan banding?
appeal-list-item = • { $ticket }: { $category }
appeal-none = Saat ini tidak ada pengaduan Anda yang dapat diajukan banding. Banding dapat diajukan dalam { $limit } hari setelah pengaduan dinyatakan selesai.
appeal-not-found = Maaf, pengaduan itu tidak kami temukan di chat ini. Banding hanya dapat diajukan dari chat yang dipakai untuk membuat pengaduan.
appeal-reason =
    Banding untuk pengaduan { $ticket }.
    Hasil penanganan: { $resolution }

    Ceritakan dengan singkat mengapa Anda belum puas atau apa yang belum selesai. Petugas akan menelaah kembali pengaduan Anda.
appeal-reason-too-short = Alasannya terlalu singkat. Mohon jelaskan dalam satu kalimat apa yang belum sesuai.
appeal-confirm =
    Periksa kembali banding Anda untuk pengaduan { $ticket }:

    { $reason }

    Tekan Kirim banding bila sudah benar.
button-appeal-send = 📨 Kirim banding
button-appeal-change = ✏️ Ubah alasan
appeal-cancelled = Banding dibatalkan. Tidak ada yang dikirim ke petugas.
appeal-sent =
    Terima kasih, banding Anda untuk pengaduan { $ticket } sudah kami terima.
    Status: { $status }. Petugas Dinas Sosial akan menelaah kembali pengaduan Anda.
    Perkiraan selesai: { $due }
    Kami akan mengabari Anda di chat ini.
appeal-window-passed =
    Mohon maaf, banding untuk pengaduan { $ticket } tidak dapat lagi diajukan lewat chat: batasnya { $limit } hari setelah pengaduan dinyatakan selesai.
    Bila Anda masih keberatan, silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP dan KK, atau buat pengaduan baru dengan /lapor.
appeal-still-open = Pengaduan { $ticket } masih diproses (status: { $status }), jadi belum perlu banding. Kami akan mengabari Anda di chat ini setiap ada perkembangan.
appeal-not-possible =
    Mohon maaf, pengaduan { $ticket } berstatus { $status }, sehingga banding tidak dapat diajukan lewat chat.
    Bila Anda masih keberatan, silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP dan KK, atau buat pengaduan baru dengan /lapor.
appeal-finish-current-first = Untuk mengajukan banding, selesaikan dulu langkah ini atau ketik /batal. Setelah itu tekan lagi tombol Ajukan banding (tombolnya tetap berlaku) atau ketik /banding.
help-appeal-choose = Pilih nomor tiket pengaduan yang hasil penanganannya ingin Anda ajukan banding.
help-appeal-reason = Banding berarti Anda meminta petugas menelaah ulang hasil penanganan. Tulis apa yang belum sesuai, misalnya: "Pengaduan dinyatakan selesai, tetapi bantuan belum juga cair."
help-appeal-confirm = Tekan Kirim banding untuk mengirim, Ubah alasan untuk menulis ulang, atau Batalkan bila tidak jadi.

## Bot commands (setMyCommands)
command-lapor = Buat pengaduan
command-status = Cek status pengaduan
command-jawab = Jawab pertanyaan petugas
command-banding = Ajukan banding atas hasil penanganan
command-info = Informasi layanan
command-bahasa = Ganti bahasa
command-batal = Batalkan
command-kembali = Kembali satu langkah
command-bantuan = Bantuan
command-menu = Menu utama

## Typed answers and real content (issue 17: no dead ends, answers people type)
address-not-an-address = Ini belum terbaca sebagai alamat. Mohon tulis nama jalan, gang atau kampung, nomor rumah, dan RT/RW. Contoh: Jl. Mawar No. 5, RT 02/RW 03 atau Kp. Sawah RT 03/RW 05.
description-not-words = Mohon ceritakan masalahnya dengan kata-kata, misalnya: "Bantuan PKH ibu saya tidak cair sejak Agustus."

## Answers gathered piece by piece, and files sent outside any flow (issue 17)
answer-piece-kept = Diterima ({ $count }) untuk pengaduan { $ticket }. Kirim lagi jika ada (teks, foto, dokumen atau pesan suara), atau tekan Selesai.
button-answer-done = ✅ Selesai
answer-expected-piece = Kirim jawaban berupa teks, foto, dokumen atau pesan suara.
answer-voice-kept = Pesan suara Anda disimpan sebagai lampiran jawaban; petugas akan mendengarkannya.
answer-already-passed = Jawaban Anda untuk pengaduan { $ticket } sudah kami teruskan ke petugas.
help-answer-gather = Semua yang Anda kirim sekarang ikut menjadi jawaban. Tekan Selesai bila sudah semua; bila Anda diam beberapa menit, jawaban diteruskan dengan sendirinya.
loose-file-what-for = Berkas Anda sudah kami terima, tetapi belum untuk pengaduan mana pun. Untuk apa berkas ini?
loose-voice-what-for = Pesan suara Anda sudah kami terima, tetapi belum untuk pengaduan mana pun. Untuk apa pesan ini?
button-loose-new = 📝 Untuk pengaduan baru
button-loose-add = 📎 Tambahkan ke { $ticket }
button-loose-discard = 🗑️ Buang
loose-file-to-new = Baik, berkas itu akan dilampirkan pada pengaduan baru Anda.
loose-file-discarded = Baik, berkas itu sudah dibuang dan tidak disimpan.
loose-file-added = Berkas itu sudah ditambahkan ke pengaduan { $ticket }; petugas akan melihatnya.
intake-description-by-voice = Keterangan disampaikan lewat pesan suara (lihat lampiran).
intake-voice-description-kept = Pesan suara Anda kami simpan sebagai keterangan pengaduan; petugas akan mendengarkannya.
appeal-reason-by-voice = Alasan banding disampaikan lewat pesan suara (lihat lampiran).
appeal-voice-kept = Pesan suara Anda kami simpan sebagai alasan banding; petugas akan mendengarkannya.

# The button that opens a WhatsApp list of choices (at most 20 characters).
whatsapp-list-button = Pilih
# Over a second WhatsApp list of the same question's choices.
whatsapp-more-choices = Pilihan lainnya:
