## Data abdi (/dataku): data pribadi, riwayat pengolahan, paménta ngalereskeun. Basa Sunda (lemes).

button-menu-my-data = 🔒 Data abdi
command-dataku = Tingali sareng lereskeun data pribadi
dataku-none =
    Teu acan aya data pribadi anu kami simpen ngalangkungan chat ieu.
    Upami Bapa/Ibu kantos ngadu ngalangkungan chat sanés atanapi di kantor, mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP kanggo ningali atanapi ngalereskeun data Bapa/Ibu.
dataku-pick = Data saha anu badé ditingali? Pilih salah sahiji pangaduan anu didamel ti chat ieu.
dataku-verify = Kanggo ngajagi data pribadi, kami kedah mastikeun yén ieu leres Bapa/Ibu. Ketik 4 angka pamungkas NIK dina pangaduan { $ticket }.
dataku-verify-failed = Angkana teu cocog. Kanggo kaamanan, data pribadi teu tiasa ditingalikeun ngalangkungan chat dinten ieu. Mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP, atanapi cobian deui énjing.
dataku-locked = Hapunten, kanggo kaamanan data pribadi teu tiasa ditingalikeun ngalangkungan chat dinten ieu kusabab parantos sering teuing dicobian. Mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP, atanapi cobian deui énjing.
dataku-no-nik = Data dina pangaduan { $ticket } teu aya NIK-na, janten kami teu tiasa mastikeun ngalangkungan chat yén ieu Bapa/Ibu. Mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP atanapi KK.
dataku-held =
    🔒 Data pribadi Bapa/Ibu anu kami simpen:
    Nami: { $name }
    NIK: { $nik }
    No. KK: { $kk }
    No. HP: { $phone }
    Kelurahan: { $kelurahan }
    Alamat: { $address }
    Basa: { $language_name }
    Idin: { $consent }
dataku-consent = dipasihkeun { $when }, { $method }
dataku-consent-none = teu acan kacatet
dataku-consent-chat-telegram = ngalangkungan Telegram
dataku-consent-chat-web = ngalangkungan chat wéb
dataku-consent-chat-cli = ngalangkungan chat
dataku-consent-chat = ngalangkungan chat
dataku-consent-in_person = langsung di kantor
dataku-consent-in_person_facilitator = langsung ka fasilitator nalika kunjungan
dataku-consent-other = kacatet
dataku-language-id = Basa Indonésia
dataku-language-en = Basa Inggris
dataku-language-su = Basa Sunda
dataku-complaints = Pangaduan Bapa/Ibu:
dataku-complaints-none = Teu acan aya pangaduan atas nami Bapa/Ibu.
dataku-complaint-item = • { $ticket }: { $category }, { $status }. Didamel { $filed }, pembaruan pamungkas { $updated }.
dataku-log = Kumaha data Bapa/Ibu diolah (anu panganyarna payun):
dataku-log-item = • { $when }: { $role } { $action }
dataku-log-item-ticket = • { $when }: { $role } { $action } ({ $ticket })
dataku-log-more = …sareng { $count } sanésna.
dataku-log-none = Teu acan aya patugas anu ningali NIK/KK lengkep Bapa/Ibu atanapi ngarobih pangaduan Bapa/Ibu.
dataku-role-front_office = Patugas front office
dataku-role-back_office = Patugas back office
dataku-role-supervisor = Manajer SLRT
dataku-role-admin = Admin sistem
dataku-role-facilitator = Fasilitator SLRT
dataku-role-system = Sistem
dataku-role-other = Patugas
dataku-action-status = ngarobih status janten { $status }
dataku-action-identity_viewed = ningali NIK sareng KK lengkep
dataku-action-data_exported = ngekspor sadaya data Bapa/Ibu numutkeun paménta tinulis
dataku-action-identity_exported = ngekspor daptar pangaduan anu eusina NIK lengkep
dataku-action-correction_applied = ngalereskeun data Bapa/Ibu
dataku-action-correction_refused = nolak paménta ngalereskeun data
dataku-action-attachment_viewed = muka lampiran
dataku-action-assign = nugaskeun patugas
dataku-action-registry_check = mariksa data DTSEN
dataku-action-other = ngolah data Bapa/Ibu
dataku-what-next = Upami aya data anu lepat, Bapa/Ibu tiasa nyuhunkeun dilereskeun. Patugas bakal ngawaler dina 3 dinten damel.
button-dataku-correct = ✏️ Suhunkeun dilereskeun
dataku-field = Data mana anu kedah dilereskeun?
dataku-field-full_name = Nami
dataku-field-phone = No. HP
dataku-field-address = Alamat
dataku-field-kelurahan = Kelurahan
dataku-field-nik = NIK
dataku-field-kk = No. KK
dataku-field-other = Sanésna
dataku-value-full_name = Ketik nami lengkep anu leres, saluyu sareng KTP.
dataku-value-phone = Ketik nomer HP anu leres (contona 0812 3456 7890).
dataku-value-address = Ketik alamat anu leres: nami jalan/gang, nomer bumi, RT/RW.
dataku-value-nik = Ketik NIK anu leres (16 angka, saluyu sareng KTP atanapi KK).
dataku-value-kk = Ketik nomer KK anu leres (16 angka, di luhur Kartu Keluarga).
dataku-value-other = Serat data naon anu lepat sareng kumaha anu leresna.
correction-text-too-short = Mangga jelaskeun dina hiji kalimah data naon anu lepat sareng kumaha anu leresna.
dataku-confirm =
    Mangga parios deui paménta ngalereskeun ti Bapa/Ibu:
    { $field }: { $value }

    Pencét Kintun paménta upami parantos leres.
button-dataku-send = 📨 Kintun paménta
button-dataku-change = ✏️ Robih
dataku-cancelled = Paménta ngalereskeun dibatalkeun. Teu aya anu dikintun.
dataku-requested =
    Paménta ngalereskeun data Bapa/Ibu parantos kami tampi (nomer { $number }).
    { $field } bakal dipariksa ku patugas Dinas Sosial. Waleranana kami kintun ka chat ieu paling telat { $due }.
help-dataku-pick = Pilih nomer tikét pangaduan; kami bakal naroskeun 4 angka pamungkas NIK jalmi anu diadukeun.
help-dataku-verify = Ketik 4 angka pamungkas NIK Bapa/Ibu. Saparantos 3 kali lepat, data teu tiasa ditingalikeun ngalangkungan chat dugi ka énjing.
help-dataku-overview = Pencét Suhunkeun dilereskeun upami aya data anu lepat, atanapi Wangsul ka menu.
help-dataku-field = Pilih data anu lepat. Pilih Sanésna kanggo hal sanés, teras jelaskeun.
help-dataku-value = Ketik anu leresna. Patugas mariksa heula sateuacan datana dirobih.
help-dataku-confirm = Pencét Kintun paménta kanggo ngintun, Robih kanggo milih deui, atanapi Batalkeun upami teu tulus.

## Waleran kana paménta ngalereskeun (dikintun ku notifier)
notify-correction-corrected = ✅ Paménta ngalereskeun data Bapa/Ibu (nomer { $number }) parantos dicumponan: { $field } parantos kami lereskeun.
notify-correction-refused =
    Hapunten, paménta ngalereskeun data Bapa/Ibu (nomer { $number }, { $field }) teu tiasa kami cumponan.

    Alesan:
    { $reason }

    Upami Bapa/Ibu teu satuju, mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP sareng KK.
