## Data saya (/dataku): data pribadi, riwayat pemrosesan, permintaan perbaikan. Bahasa Indonesia.

button-menu-my-data = 🔒 Data saya
command-dataku = Lihat dan perbaiki data pribadi Anda
dataku-none =
    Belum ada data pribadi yang kami simpan melalui chat ini.
    Bila Anda pernah mengadu lewat chat lain atau di kantor, datanglah ke kantor Dinas Sosial Kota Bogor dengan membawa KTP untuk melihat atau memperbaiki data Anda.
dataku-pick = Data siapa yang ingin Anda lihat? Pilih salah satu pengaduan yang dibuat dari chat ini.
dataku-verify = Untuk melindungi data pribadi, kami perlu memastikan ini memang Anda. Ketik 4 angka terakhir NIK pada pengaduan { $ticket }.
dataku-verify-failed = Angka tidak cocok. Demi keamanan, data pribadi tidak dapat ditampilkan lewat chat hari ini. Silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP, atau coba lagi besok.
dataku-locked = Mohon maaf, demi keamanan data pribadi tidak dapat ditampilkan lewat chat hari ini karena sudah terlalu sering dicoba. Silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP, atau coba lagi besok.
dataku-no-nik = Data pada pengaduan { $ticket } tidak memuat NIK, jadi kami tidak dapat memastikan lewat chat bahwa ini Anda. Silakan datang ke kantor Dinas Sosial Kota Bogor dengan membawa KTP atau KK.
dataku-held =
    🔒 Data pribadi yang kami simpan tentang Anda:
    Nama: { $name }
    NIK: { $nik }
    No. KK: { $kk }
    No. HP: { $phone }
    Kelurahan: { $kelurahan }
    Alamat: { $address }
    Bahasa: { $language_name }
    Persetujuan: { $consent }
dataku-consent = diberikan { $when }, { $method }
dataku-consent-none = belum tercatat
dataku-consent-chat-telegram = lewat Telegram
dataku-consent-chat-web = lewat chat web
dataku-consent-chat-cli = lewat chat
dataku-consent-chat = lewat chat
dataku-consent-in_person = langsung di kantor
dataku-consent-in_person_facilitator = langsung kepada fasilitator saat kunjungan
dataku-consent-other = tercatat
dataku-language-id = Bahasa Indonesia
dataku-language-en = Bahasa Inggris
dataku-language-su = Bahasa Sunda
dataku-complaints = Pengaduan Anda:
dataku-complaints-none = Belum ada pengaduan atas nama Anda.
dataku-complaint-item = • { $ticket }: { $category }, { $status }. Dibuat { $filed }, pembaruan terakhir { $updated }.
dataku-log = Bagaimana data Anda diproses (terbaru lebih dulu):
dataku-log-item = • { $when }: { $role } { $action }
dataku-log-item-ticket = • { $when }: { $role } { $action } ({ $ticket })
dataku-log-more = …dan { $count } lainnya.
dataku-log-none = Belum ada petugas yang melihat NIK/KK lengkap Anda atau mengubah pengaduan Anda.
dataku-role-front_office = Petugas front office
dataku-role-back_office = Petugas back office
dataku-role-supervisor = Manajer SLRT
dataku-role-admin = Admin sistem
dataku-role-facilitator = Fasilitator SLRT
dataku-role-system = Sistem
dataku-role-other = Petugas
dataku-action-status = mengubah status menjadi { $status }
dataku-action-identity_viewed = melihat NIK dan KK lengkap
dataku-action-data_exported = mengekspor seluruh data Anda atas permintaan tertulis
dataku-action-identity_exported = mengekspor daftar pengaduan berisi NIK lengkap
dataku-action-correction_applied = memperbaiki data Anda
dataku-action-correction_refused = menolak permintaan perbaikan data
dataku-action-attachment_viewed = membuka lampiran
dataku-action-assign = menugaskan petugas
dataku-action-registry_check = memeriksa data DTSEN
dataku-action-other = memproses data Anda
dataku-what-next = Bila ada data yang salah, Anda dapat meminta perbaikan. Petugas akan menjawab dalam 3 hari kerja.
button-dataku-correct = ✏️ Minta perbaikan
dataku-field = Data mana yang perlu diperbaiki?
dataku-field-full_name = Nama
dataku-field-phone = No. HP
dataku-field-address = Alamat
dataku-field-kelurahan = Kelurahan
dataku-field-nik = NIK
dataku-field-kk = No. KK
dataku-field-other = Lainnya
dataku-value-full_name = Ketik nama lengkap yang benar, sesuai KTP.
dataku-value-phone = Ketik nomor HP yang benar (misalnya 0812 3456 7890).
dataku-value-address = Ketik alamat yang benar: nama jalan/gang, nomor rumah, RT/RW.
dataku-value-nik = Ketik NIK yang benar (16 angka, sesuai KTP atau KK).
dataku-value-kk = Ketik nomor KK yang benar (16 angka, di bagian atas Kartu Keluarga).
dataku-value-other = Tuliskan data apa yang salah dan bagaimana yang benar.
correction-text-too-short = Mohon jelaskan dalam satu kalimat data apa yang salah dan bagaimana yang benar.
dataku-confirm =
    Periksa kembali permintaan perbaikan Anda:
    { $field }: { $value }

    Tekan Kirim permintaan bila sudah benar.
button-dataku-send = 📨 Kirim permintaan
button-dataku-change = ✏️ Ubah
dataku-cancelled = Permintaan perbaikan dibatalkan. Tidak ada yang dikirim.
dataku-requested =
    Permintaan perbaikan data Anda sudah kami terima (nomor { $number }).
    { $field } akan diperiksa petugas Dinas Sosial. Jawabannya kami kirim ke chat ini paling lambat { $due }.
help-dataku-pick = Pilih nomor tiket pengaduan; kami akan menanyakan 4 angka terakhir NIK orang yang diadukan.
help-dataku-verify = Ketik 4 angka terakhir NIK Anda. Setelah 3 kali salah, data tidak dapat ditampilkan lewat chat sampai besok.
help-dataku-overview = Tekan Minta perbaikan bila ada data yang salah, atau Kembali ke menu.
help-dataku-field = Pilih data yang salah. Pilih Lainnya untuk hal lain, lalu jelaskan.
help-dataku-value = Ketik nilai yang benar. Petugas memeriksanya sebelum data diubah.
help-dataku-confirm = Tekan Kirim permintaan untuk mengirim, Ubah untuk memilih lagi, atau Batalkan bila tidak jadi.

## Jawaban atas permintaan perbaikan (dikirim notifier)
notify-correction-corrected = ✅ Permintaan perbaikan data Anda (nomor { $number }) sudah dipenuhi: { $field } sudah kami perbaiki.
notify-correction-refused =
    Mohon maaf, permintaan perbaikan data Anda (nomor { $number }, { $field }) tidak dapat kami penuhi.

    Alasan:
    { $reason }

    Bila Anda tidak setuju, datanglah ke kantor Dinas Sosial Kota Bogor dengan membawa KTP dan KK.
