## Basa Sunda (lemes): the chat for readers who choose /bahasa → Basa Sunda.
## Translated from the Indonesian catalog; a native speaker reviews it before launch.
## A key missing here is said in Bahasa Indonesia (dialogs/i18n.py).

greeting =
    Wilujeng sumping di layanan pangaduan SLRT Dinas Sosial Kota Bogor.
    Di dieu Bapa/Ibu tiasa ngalaporkeun masalah bantosan sosial (PKH, Sembako/BPNT, PIP, KIS/PBI-JK, data DTSEN, dokumén kependudukan), teras ngawaskeun kumaha ditanganana.
menu = Mangga pilih layanan:
button-menu-file = 📝 Ngadamel pangaduan
button-menu-status = 🔎 Mariksa status pangaduan
button-menu-info = ℹ️ Informasi
button-menu-language = 🌐 Basa / Language
help-general =
    Paréntah anu tiasa dianggo:
    /lapor kanggo ngadamel pangaduan
    /status kanggo ningali status pangaduan
    /jawab kanggo ngawaler patarosan patugas
    /banding kanggo ngajukeun banding kana hasil atanapi panolakan
    /dataku kanggo ningali data pribadi Bapa/Ibu sareng nyuhunkeun ngalereskeun
    /info kanggo informasi layanan
    /bahasa kanggo ngagentos basa
    /batal kanggo ngabatalkeun, /kembali kanggo mundur hiji léngkah, /bantuan kanggo katerangan léngkah ieu.
cancelled = Parantos dibatalkeun. Data anu nuju dieusian parantos dipupus.
nothing-to-cancel = Teu aya anu nuju dieusian.
unknown-command = Hapunten, paréntah éta teu dikenal. Ketik /bantuan kanggo daptar paréntah.
old-button = Tombol éta ti pesen anu tos lami sareng tos teu tiasa dianggo. Mangga anggo patarosan panganyarna di handap ieu.
choose-a-button = Mangga pilih salah sahiji tombol di handapeun pesen ieu.
expected-text = Hapunten, dina léngkah ieu abdi ngan ukur tiasa maos pesen téks. Mangga ketik waleran Bapa/Ibu.
voice-needs-typing = Hapunten, pesen sora teu tiasa dianggo kanggo waleran ieu: waleran ieu kedah diketik supados patugas tiasa nyocogkeun sareng data. Upami hésé ngetik, mangga nyuhunkeun bantosan ka kulawarga atanapi pendamping, atanapi sumping ka kantor Dinas Sosial.
expected-file = Mangga kintun poto atanapi dokumén, atanapi pencét tombol di handap upami parantos réngsé.
input-too-long = Pesenna panjang teuing (langkung ti { $limit } karakter). Mangga pondokkeun, teras kintun deui.
back-at-first-step = Ieu parantos léngkah anu kahiji.
finish-current-first = Mangga réngsékeun heula léngkah ieu, atanapi ketik /batal kanggo ngabatalkeun.
resume-question = Ti kamari Bapa/Ibu teu acan ngaréngsékeun léngkah anu tadi. Teraskeun ti léngkah pamungkas atanapi ngamimitian deui ti awal?
button-continue = Teraskeun
button-start-again = Mimitian ti awal

## Intake
intake-already-started = Bapa/Ibu nuju ngeusian pangaduan. Mangga urang teraskeun.
intake-consent =
    Sateuacan ngamimitian: kanggo nanganan pangaduan, kami kedah nyimpen data pribadi Bapa/Ibu (nami, NIK, KK, nomer HP, alamat). Data ngan ukur dianggo kanggo nanganan pangaduan ieu, dijaga rusiahna, sareng dijagi numutkeun UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.
    Naha Bapa/Ibu satuju?
button-consent-yes = ✅ Satuju
button-consent-no = Teu satuju
intake-consent-declined =
    Muhun, teu aya data anu kami simpen.
    Bapa/Ibu tetep tiasa ngadu langsung ka loket SLRT Dinas Sosial Kota Bogor (Senén dugi ka Jumaah, 08.00 dugi ka 15.00 WIB) atanapi ngalangkungan fasilitator SLRT / Puskesos di kelurahan Bapa/Ibu.
intake-for-whom = Pangaduan ieu kanggo saha?
button-for-self = Kanggo diri nyalira
button-for-member = Kanggo anggota kulawarga
for-whom-self = Diri nyalira
for-whom-household_member = Anggota kulawarga sanés
intake-full-name = Ketik nami lengkep Bapa/Ibu saluyu sareng KTP.
intake-full-name-member = Ketik nami lengkep anggota kulawarga anu diadukeun, saluyu sareng KTP atanapi KK.
intake-nik = Ketik NIK (16 angka, aya dina KTP atanapi KK). Upami teu gaduh NIK, pencét tombol di handap.
button-no-nik = Teu gaduh NIK
intake-no-nik-noted = Muhun. Pangaduan bakal dicatet salaku masalah dokumén kependudukan supados dibantos ngurus NIK/KK.
intake-nik-outside-city = NIK ieu kadaptar di luar Kota Bogor. Pangaduan tetep kami tampi; patugas bakal mariksana.
intake-kk = Ketik nomer KK (16 angka). Upami teu uninga, pencét Liwat.
intake-phone = Kintun nomer HP anu tiasa dihubungi: pencét tombol "Kintun nomer abdi" di handap, atanapi ketik nomerna (contona 0812 3456 7890).
button-share-phone = 📱 Kintun nomer abdi
intake-phone-noted = Nomer { $phone } parantos dicatet.
intake-kecamatan = Di kecamatan mana tempat linggihna?
intake-kelurahan = Pilih kelurahan (kaca { $page } ti { $pages }):
button-next = Salajengna ▶
button-previous = ◀ Saméméhna
button-other-kecamatan = Gentos kecamatan
intake-address = Ketik alamat lengkep: nami jalan/gang, nomer bumi, RT/RW.
intake-category = Pangaduan ieu perkawis naon?
intake-description = Mangga caroskeun masalahna kalayan singget sareng jelas: naon anu kajadian, ti iraha, sareng bantosan naon anu dipiharep.
intake-attachments =
    Upami aya, kintun poto atanapi dokumén pangrojong (contona poto KK atanapi serat), paling seueur { $limit }. Parantos katampi: { $count }.
    Pencét tombol di handap upami parantos réngsé atanapi teu aya lampiran.
button-attachments-done = Réngsé
button-skip = Liwat
intake-summary-description = Katerangan pangaduan:
intake-summary = Mangga parios deui data pangaduan Bapa/Ibu:
intake-summary-confirm = Upami parantos leres, pencét Kintun. Kanggo ngarobih, pencét tombol data anu badé dirobih.
button-submit = ✅ Kintun pangaduan
button-cancel = Batalkeun
label-for-whom = Kanggo
label-full-name = Nami
label-nik = NIK
label-kk = No. KK
label-phone = No. HP
label-kecamatan = Kecamatan
label-kelurahan = Kelurahan
label-address = Alamat
label-category = Jinis pangaduan
label-description = Katerangan
label-attachments = Lampiran
value-no-nik = teu gaduh NIK
value-none = teu dieusian
intake-duplicate =
    Parantos aya pangaduan anu masih diolah kanggo NIK sareng jinis pangaduan anu sami: { $ticket }.
    Tambihkeun katerangan énggal ieu kana pangaduan éta, atanapi tetep dikintun salaku pangaduan énggal?
button-add-to-existing = Tambihkeun kana pangaduan anu aya
button-file-new = Kintun salaku pangaduan énggal
intake-added-to-existing = Katerangan sareng lampiran Bapa/Ibu parantos ditambihkeun kana pangaduan { $ticket }. Patugas bakal maosna.
intake-registered =
    Pangaduan Bapa/Ibu parantos kami tampi. Hatur nuhun.
    Nomer tikét: { $ticket }
    Status: { $status }
    Kinten-kinten réngsé: { $due }
    Simpen nomer tikét ieu. Kanggo ningali kamajuanana, ketik /status atanapi ketik nomer tikétna. Kami bakal ngawartosan Bapa/Ibu di chat ieu unggal statusna robih.
button-see-status = 🔎 Tingali status

## Problems with answers
invalid-nik-not-digits = NIK ngan ukur eusina angka. Mangga ketik deui 16 angka NIK.
invalid-nik-length = NIK kedah 16 angka. Mangga parios deui dina KTP atanapi KK.
invalid-nik-region = Kode wilayah di awal NIK teu dikenal. Mangga parios deui NIK Bapa/Ibu.
invalid-nik-birth-date = Tanggal lahir dina NIK (angka ka-7 dugi ka angka ka-12) teu leres. Mangga parios deui NIK Bapa/Ibu.
invalid-nik-serial = Opat angka pamungkas NIK teu kénging 0000. Mangga parios deui NIK Bapa/Ibu.
invalid-kk-not-digits = Nomer KK ngan ukur eusina angka. Ketik 16 angka, atanapi pencét Liwat.
invalid-kk-length = Nomer KK kedah 16 angka. Parios deui, atanapi pencét Liwat.
invalid-kk-region = Kode wilayah di awal nomer KK teu dikenal. Parios deui, atanapi pencét Liwat.
invalid-kk-issue-date = Tanggal dina nomer KK teu leres. Parios deui, atanapi pencét Liwat.
invalid-phone-invalid = Nomer HP teu leres. Conto anu leres: 0812 3456 7890 atanapi +62 812 3456 7890.
invalid-phone-not-indonesian = Mangga anggo nomer Indonésia (dimimitian ku 08 atanapi +62).
invalid-name-characters = Nami ngan ukur kénging eusina hurup, spasi, titik, tanda sambung sareng apostrof. Mangga ketik deui.
invalid-name-too-short = Namina pondok teuing. Mangga ketik nami lengkep.
invalid-name-too-long = Namina panjang teuing (paling seueur 100 hurup).
address-too-long = Alamatna panjang teuing (paling seueur { $limit } karakter). Cekap serat jalan, nomer bumi sareng RT/RW.
address-too-short = Alamatna singget teuing. Mangga serat nami jalan/gang, nomer bumi sareng RT/RW.
description-too-short = Kateranganana singget teuing. Mangga jelaskeun masalahna dina hiji kalimah atanapi langkung.
attachment-voice = Hapunten, pesen sora teu acan tiasa kami tampi. Mangga kintun poto atanapi dokumén, atanapi serat kateranganana.
attachment-type = Jinis berkas ieu teu tiasa ditampi. Kintun poto (JPG/PNG) atanapi dokumén PDF.
attachment-too-large = Berkasna ageung teuing (paling ageung { $limit_mb } MB). Mangga kintun berkas anu langkung alit.
attachment-not-received = Hapunten, berkas ieu teu dugi ka kami. Mangga kintun sakali deui.
update-not-processed = Hapunten, pesen ieu teu tiasa kami olah. Mangga kintun deui ku cara sanés, atanapi pencét tombol di handap kanggo wangsul ka menu.
attachments-full = Parantos { $limit } lampiran, jumlah anu paling seueur. Pencét Réngsé kanggo neraskeun.

## Attachments listed on their step, each removable (issue 17)
attachments-added = Lampiran anu parantos ditambihkeun:
attachments-item = { $number }. { $name } ({ $size })
attachments-remove-hint = Kintun deui poto atanapi dokumén kanggo nambihan. Upami aya anu lepat, pencét tombol 🗑️ sareng nomerna kanggo mupusna.
attachment-kind-photo = Poto
attachment-kind-document = Dokumén
attachment-kind-voice = Pesen sora
button-attachment-remove = 🗑️ Pupus { $number }
attachment-removed = Lampiran { $number } ({ $name }) parantos dipupus sareng moal dikintun sareng pangaduan.

## Help for each step
help-consent = Kami ngan ukur nyimpen data Bapa/Ibu upami Bapa/Ibu satuju. Upami teu satuju, pangaduan teu tiasa dicatet ngalangkungan chat, nanging Bapa/Ibu tetep tiasa sumping ka kantor.
help-for-whom = Pilih "Kanggo diri nyalira" upami masalahna perkawis Bapa/Ibu, atanapi "anggota kulawarga" upami perkawis jalmi sanés di kulawarga Bapa/Ibu.
help-full-name = Serat nami lengkep sapertos dina KTP, tanpa gelar upami teu yakin.
help-nik = NIK nyaéta 16 angka dina KTP atanapi dina KK, di gigireun nami. Spasi sareng titik kénging diketik.
help-kk = Nomer KK nyaéta 16 angka di luhur Kartu Keluarga. Kénging diliwat.
help-phone = Nomer ieu dianggo ku patugas upami peryogi ngahubungi Bapa/Ibu.
help-kecamatan = Pilih kecamatan tempat linggih jalmi anu diadukeun.
help-kelurahan = Pilih kelurahan. Pencét "Salajengna" upami kelurahanna teu acan katingal.
help-address = Conto: Jl. Mawar No. 5, RT 02/RW 03.
help-category = Pilih program atanapi masalah anu paling cocog. Patugas tiasa ngalereskeunana engké.
help-description = Conto: "Bantosan PKH ibu abdi teu cair ti bulan Agustus, padahal masih kadaptar."
help-attachments = Poto KK, KTP, serat atanapi bukti sanésna ngabantos patugas. Kénging diliwat.
help-summary = Parios sadaya data. Pencét tombol data kanggo ngarobihna, atanapi Kintun upami parantos leres.
help-duplicate = Upami masalahna sami, langkung gancang upami katerangan énggal ditambihkeun kana pangaduan anu parantos aya.

## Status
status-pending_approval = Ngantosan disatujuan
status-received = Katampi
status-in_review = Dipariksa
status-needs_info = Peryogi Data Tambahan
status-in_progress = Ditanganan
status-referred = Dirujuk
status-resolved = Réngsé
status-closed = Ditutup
status-rejected = Ditolak
status-none = Teu acan aya pangaduan ti chat ieu. Upami Bapa/Ibu gaduh nomer tikét, ketik nomerna di dieu.
status-list = Pangaduan Bapa/Ibu:
status-list-item = • { $ticket }: { $category }, { $status } (kinten-kinten réngsé { $due })
status-detail =
    Tikét { $ticket }
    Jinis: { $category }
    Status: { $status }
    Pembaruan pamungkas: { $updated }
    Kinten-kinten réngsé: { $due }
status-question = Patugas nyuhunkeun data tambahan: { $question }
    Pencét Waler, atanapi langsung kintun waleranana di chat ieu.
status-resolution = Hasil pananganan: { $resolution }
status-rejection = Alesan: { $reason }
status-not-found = Nomer tikét éta teu kapendak. Mangga parios deui nomerna (conto: 261128-001X).
status-type-ticket = Pilih tikét di luhur, atanapi ketik nomer tikét (conto: 261128-001X).
status-verify = Kanggo ningali pangaduan { $ticket } ngalangkungan chat ieu, ketik 4 angka pamungkas NIK dina pangaduan éta.
status-verify-wrong = Angka éta teu cocog sareng nomer tikét éta. Parios nomer tikét sareng angkana, teras cobian deui.
status-verify-failed = Angkana teu cocog. Kanggo kaamanan, pangaduan ieu teu tiasa ditingali ngalangkungan chat dinten ieu. Mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP atanapi hubungi fasilitator, atanapi cobian deui énjing.
status-locked = Hapunten, kanggo kaamanan pangaduan ieu teu tiasa ditingali ngalangkungan chat dinten ieu kusabab parantos sering teuing dicobian. Mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP atanapi hubungi fasilitator, atanapi cobian deui énjing.
help-status = Ketik nomer tikét anu Bapa/Ibu tampi nalika ngintun pangaduan.
help-status-verify = Ketik 4 angka pamungkas NIK jalmi anu diadukeun.
button-answer = ✍️ Waler

## Answering staff
answer-nothing-waiting = Ayeuna teu aya patarosan patugas anu ngantosan waleran Bapa/Ibu.
answer-choose = Patarosan patugas kanggo pangaduan anu mana?
answer-prompt =
    Patarosan patugas kanggo pangaduan { $ticket }:
    { $question }
    Kintun waleran Bapa/Ibu (téks, poto, dokumén atanapi pesen sora).
answer-received = Hatur nuhun, waleran Bapa/Ibu parantos kami teraskeun ka patugas. Pangaduan { $ticket } dipariksa deui.
help-answer = Serat waleran kana patarosan patugas, atanapi kintun poto/dokumén anu dipénta.
help-answer-choose = Pilih nomer tikét anu patarosanana badé diwaler.

## Information
info-topics = Informasi naon anu Bapa/Ibu peryogikeun?
button-info-deadlines = ⏱️ Wates waktos pananganan
button-back-to-menu = Wangsul ka menu
info-closed = Muhun, wangsul ka menu utama.
info-deadlines = Wates waktos pananganan (dinten damel, teu kaasup dinten pere):
info-deadline-item = • { $category }: dipariksa { $triage } dinten; diréngsékeun { $resolution } dinten, atanapi { $referral } dinten upami dirujuk ka instansi sanés.
help-info = Pilih topik ku tombol di handap.

## Language
language-choose = Pilih basa / Pilih bahasa / Choose your language:
language-set = Basa parantos digentos ka Basa Sunda.
help-language = Pilih basa kanggo obrolan sareng wawartos.

edited-message-ignored = Pesen anu diédit henteu kami olah. Upami badé ngarobih waleran, kintun pesen énggal.

## Rating (the stars under a resolution message)
rating-thanks = Hatur nuhun kana peunteun Bapa/Ibu: { $count } ti 5 ⭐ kanggo pangaduan { $ticket }. Masukan Bapa/Ibu ngabantos kami ngalereskeun layanan.
rating-changed = Peunteun Bapa/Ibu kanggo pangaduan { $ticket } parantos kami robih janten { $count } ti 5 ⭐. Hatur nuhun.
rating-invalid = Hapunten, peunteun éta teu tiasa kami aos. Mangga pilih salah sahiji béntang (1 dugi ka 5) di handapeun pesen hasil pananganan.
rating-not-found = Hapunten, pangaduan éta teu kapendak di chat ieu. Peunteun ngan ukur tiasa dipasihkeun ti chat anu dianggo kanggo ngadamel pangaduan.
rating-not-finished = Pangaduan { $ticket } statusna { $status }. Peunteun tiasa dipasihkeun saparantos pangaduan réngsé ditanganan.

## Appeal (banding)
appeal-choose = Pangaduan mana anu badé diajukeun banding?
appeal-list-item = • { $ticket }: { $category }
appeal-none = Ayeuna teu aya pangaduan Bapa/Ibu anu tiasa diajukeun banding. Banding tiasa diajukeun dina { $limit } dinten saparantos pangaduan dinyatakeun réngsé.
appeal-not-found = Hapunten, pangaduan éta teu kapendak di chat ieu. Banding ngan ukur tiasa diajukeun ti chat anu dianggo kanggo ngadamel pangaduan.
appeal-reason =
    Banding kanggo pangaduan { $ticket }.
    Hasil pananganan: { $resolution }

    Mangga caroskeun kalayan singget naha Bapa/Ibu teu acan sugema atanapi naon anu teu acan réngsé. Patugas bakal mariksa deui pangaduan Bapa/Ibu.
appeal-reason-too-short = Alesanana singget teuing. Mangga jelaskeun dina hiji kalimah naon anu teu acan saluyu.
appeal-confirm =
    Mangga parios deui banding Bapa/Ibu kanggo pangaduan { $ticket }:

    { $reason }

    Pencét Kintun banding upami parantos leres.
button-appeal-send = 📨 Kintun banding
button-appeal-change = ✏️ Robih alesan
appeal-cancelled = Banding dibatalkeun. Teu aya anu dikintun ka patugas.
appeal-sent =
    Hatur nuhun, banding Bapa/Ibu kanggo pangaduan { $ticket } parantos kami tampi.
    Status: { $status }. Patugas Dinas Sosial bakal mariksa deui pangaduan Bapa/Ibu.
    Kinten-kinten réngsé: { $due }
    Kami bakal ngawartosan Bapa/Ibu di chat ieu.
appeal-window-passed =
    Hapunten, banding kanggo pangaduan { $ticket } tos teu tiasa diajukeun deui ngalangkungan chat: watesna { $limit } dinten saparantos pangaduan dinyatakeun réngsé.
    Upami Bapa/Ibu masih kaberatan, mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP sareng KK, atanapi damel pangaduan énggal ku /lapor.
appeal-still-open = Pangaduan { $ticket } masih diolah (status: { $status }), janten teu acan peryogi banding. Kami bakal ngawartosan Bapa/Ibu di chat ieu unggal aya kamajuan.
appeal-not-possible =
    Hapunten, pangaduan { $ticket } statusna { $status }, janten banding teu tiasa diajukeun ngalangkungan chat.
    Upami Bapa/Ibu masih kaberatan, mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP sareng KK, atanapi damel pangaduan énggal ku /lapor.
appeal-finish-current-first = Kanggo ngajukeun banding, mangga réngsékeun heula léngkah ieu atanapi ketik /batal. Saparantosna pencét deui tombol Ajukeun banding (tombolna tetep tiasa dianggo) atanapi ketik /banding.
help-appeal-choose = Pilih nomer tikét pangaduan anu hasil pananganana badé diajukeun banding.
help-appeal-reason = Banding hartosna Bapa/Ibu nyuhunkeun patugas mariksa deui hasil pananganan. Serat naon anu teu acan saluyu, contona: "Pangaduan dinyatakeun réngsé, nanging bantosanana teu acan cair kénéh."
help-appeal-confirm = Pencét Kintun banding kanggo ngintun, Robih alesan kanggo nyerat deui, atanapi Batalkeun upami teu tulus.

## Bot commands (setMyCommands)
command-lapor = Ngadamel pangaduan
command-status = Mariksa status pangaduan
command-jawab = Ngawaler patarosan patugas
command-banding = Ngajukeun banding kana hasil pananganan
command-info = Informasi layanan
command-bahasa = Gentos basa
command-batal = Batalkeun
command-kembali = Mundur hiji léngkah
command-bantuan = Bantosan
command-menu = Menu utama

## Typed answers and real content (issue 17: no dead ends, answers people type)
address-not-an-address = Ieu teu acan kabaca salaku alamat. Mangga serat nami jalan, gang atanapi kampung, nomer bumi, sareng RT/RW. Conto: Jl. Mawar No. 5, RT 02/RW 03 atanapi Kp. Sawah RT 03/RW 05.
description-not-words = Mangga caroskeun masalahna ku kecap-kecap, contona: "Bantosan PKH ibu abdi teu cair ti bulan Agustus."

## Answers gathered piece by piece, and files sent outside any flow (issue 17)
answer-piece-kept = Katampi ({ $count }) kanggo pangaduan { $ticket }. Kintun deui upami aya (téks, poto, dokumén atanapi pesen sora), atanapi pencét Réngsé.
button-answer-done = ✅ Réngsé
answer-expected-piece = Kintun waleran mangrupa téks, poto, dokumén atanapi pesen sora.
answer-voice-kept = Pesen sora Bapa/Ibu disimpen salaku lampiran waleran; patugas bakal ngadangukeunana.
answer-already-passed = Waleran Bapa/Ibu kanggo pangaduan { $ticket } parantos kami teraskeun ka patugas.
help-answer-gather = Sadaya anu dikintun ayeuna kaasup kana waleran. Pencét Réngsé upami parantos sadayana; upami Bapa/Ibu teu ngintun nanaon sababaraha menit, waleran diteraskeun nyalira.
loose-file-what-for = Berkas Bapa/Ibu parantos kami tampi, nanging teu acan kanggo pangaduan mana waé. Kanggo naon berkas ieu?
loose-voice-what-for = Pesen sora Bapa/Ibu parantos kami tampi, nanging teu acan kanggo pangaduan mana waé. Kanggo naon pesen ieu?
button-loose-new = 📝 Kanggo pangaduan énggal
button-loose-add = 📎 Tambihkeun ka { $ticket }
button-loose-discard = 🗑️ Piceun
loose-file-to-new = Muhun, berkas éta bakal dilampirkeun kana pangaduan énggal Bapa/Ibu.
loose-file-discarded = Muhun, berkas éta parantos dipiceun sareng teu disimpen.
loose-file-added = Berkas éta parantos ditambihkeun kana pangaduan { $ticket }; patugas bakal ningalina.
intake-description-by-voice = Katerangan disampaikeun ngalangkungan pesen sora (tingali lampiran).
intake-voice-description-kept = Pesen sora Bapa/Ibu kami simpen salaku katerangan pangaduan; patugas bakal ngadangukeunana.
appeal-reason-by-voice = Alesan banding disampaikeun ngalangkungan pesen sora (tingali lampiran).
appeal-voice-kept = Pesen sora Bapa/Ibu kami simpen salaku alesan banding; patugas bakal ngadangukeunana.

# The button that opens a WhatsApp list of choices (at most 20 characters).
whatsapp-list-button = Pilih
# Over a second WhatsApp list of the same question's choices.
whatsapp-more-choices = Pilihan sanésna:
