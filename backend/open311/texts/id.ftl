# Open311 GeoReport v2 (/open311/v2): what integrating systems and their users read.

open311-service-description = Pengaduan layanan sosial kepada Dinas Sosial Kota Bogor: { $name }.
open311-attr-consent = Warga setuju Dinas Sosial Kota Bogor menyimpan dan memakai data pribadinya untuk menangani pengaduan ini (UU 27/2022). Wajib "yes".
open311-attr-consent-yes = Setuju
open311-attr-kelurahan = Kelurahan tempat tinggal warga di Kota Bogor (kode Kemendagri).
open311-attr-nik = NIK warga. Wajib, kecuali no_nik = yes.
open311-attr-nik-type = 16 angka, dikirim di isi POST (tidak pernah di alamat URL).
open311-attr-no-nik = Warga tidak punya NIK: pengaduan dicatat sebagai urusan dokumen kependudukan (Disdukcapil).
open311-attr-no-nik-yes = Tidak punya NIK
open311-attr-kk = Nomor Kartu Keluarga (KK), jika ada.
open311-attr-kk-type = 16 angka.
open311-attr-language = Bahasa kabar status yang dikirim ke email pelapor.
open311-language-id = Bahasa Indonesia
open311-language-en = English

open311-service-notice = Pengaduan tercatat dengan nomor tiket { $ticket }, perkiraan selesai { $due }. Kabar status dikirim ke email pelapor bila diisi.
open311-service-notice-no-due = Pengaduan tercatat dengan nomor tiket { $ticket } dan menunggu ditelaah. Kabar status dikirim ke email pelapor bila diisi.

open311-status-pending_approval = Menunggu persetujuan supervisor.
open311-status-received = Diterima, menunggu ditelaah.
open311-status-in_review = Sedang ditelaah petugas.
open311-status-needs_info = Menunggu data tambahan dari pelapor.
open311-status-in_progress = Sedang ditangani.
open311-status-referred = Dirujuk ke instansi yang berwenang.
open311-status-resolved = Selesai ditangani.
open311-status-closed = Ditutup.
open311-status-rejected = Ditolak.

open311-contact = Dinas Sosial Kota Bogor, layanan SLRT. Untuk bantuan integrasi hubungi admin di kantor.
open311-key-service = Kunci API (api_key) diberikan oleh admin Dinas Sosial Kota Bogor untuk tiap sistem yang tersambung; hubungi kantor untuk memintanya.

open311-error-key = api_key tidak ada, tidak dikenal, atau sudah dicabut. Minta kunci kepada admin Dinas Sosial Kota Bogor.
open311-error-format = Format "{ $format }" tidak didukung; gunakan .json atau .xml.
open311-error-service-code-missing = service_code wajib diisi (lihat services.json).
open311-error-service-not-found = Layanan "{ $code }" tidak ada.
open311-error-request-not-found = Permintaan "{ $id }" tidak ada.
open311-error-location = Lokasi wajib: kirim address_string (alamat warga: jalan/gang, nomor rumah, RT/RW).
open311-error-email = Alamat email tidak valid.
open311-error-date = { $field } harus tanggal dan jam W3C dengan zona waktu, misalnya 2026-12-01T00:00:00+07:00.
open311-error-span = Rentang start_date sampai end_date paling lama { $days } hari.
open311-error-dates-order = start_date jatuh setelah end_date.
open311-error-status = status hanya boleh open atau closed.
open311-error-too-long = { $field } terlalu panjang (paling banyak { $limit } karakter).
open311-error-too-many = Terlalu banyak permintaan dengan kunci ini; coba lagi dalam { $seconds } detik.
open311-error-field = { $field }: { $problem }
open311-error-not-found = Alamat ini tidak ada di Open311 GeoReport v2.

open311-problem-consent-required = persetujuan warga wajib: kirim attribute[consent]=yes.
open311-problem-nik-required = NIK wajib (attribute[nik]), atau attribute[no_nik]=yes bila warga tidak punya NIK.
open311-problem-kelurahan-required = kode kelurahan tidak dikenal (lihat atribut kelurahan di services/{"{"}kode{"}"}.json).
open311-problem-category-required = layanan tidak aktif.
open311-problem-address-too-short = alamat terlalu singkat: tulis jalan/gang, nomor rumah dan RT/RW.
open311-problem-address-too-long = alamat terlalu panjang (paling banyak { $limit } karakter).
open311-problem-description-too-short = uraian terlalu singkat: jelaskan masalahnya dalam satu kalimat atau lebih.
open311-problem-description-too-long = uraian terlalu panjang (paling banyak { $limit } karakter).
open311-problem-invalid-nik-not-digits = NIK hanya berisi angka.
open311-problem-invalid-nik-length = NIK harus 16 angka.
open311-problem-invalid-nik-region = kode wilayah di awal NIK tidak dikenal.
open311-problem-invalid-nik-birth-date = tanggal lahir di dalam NIK tidak valid.
open311-problem-invalid-nik-serial = empat angka terakhir NIK tidak boleh 0000.
open311-problem-invalid-kk-not-digits = nomor KK hanya berisi angka.
open311-problem-invalid-kk-length = nomor KK harus 16 angka.
open311-problem-invalid-kk-region = kode wilayah di awal nomor KK tidak dikenal.
open311-problem-invalid-kk-issue-date = tanggal di dalam nomor KK tidak valid.
open311-problem-invalid-phone-invalid = nomor telepon tidak valid, misalnya 0812 3456 7890 atau +62 812 3456 7890.
open311-problem-invalid-phone-not-indonesian = gunakan nomor Indonesia (diawali 08 atau +62).
open311-problem-invalid-name-characters = nama hanya boleh berisi huruf, spasi, titik, tanda hubung dan apostrof.
open311-problem-invalid-name-too-short = nama terlalu pendek.
open311-problem-invalid-name-too-long = nama terlalu panjang.

open311-email-subject = Kabar pengaduan { $ticket }
open311-email-footer = Anda menerima email ini karena pengaduan { $ticket } diajukan atas nama Anda lewat sistem lain yang tersambung ke Dinas Sosial Kota Bogor. Email ini tidak dibaca; untuk bertanya, datang ke kantor atau hubungi layanan SLRT dengan menyebut nomor tiket.
