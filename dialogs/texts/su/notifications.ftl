## Status messages the notifier sends (outbox templates). Basa Sunda (lemes).

notify-header = 📋 Tikét { $ticket } · { $status }
notify-header-ticket = 📋 Tikét { $ticket }
notify-due = Kinten-kinten réngsé: { $due }
notify-note = Cathetan patugas: { $note }

notify-approve =
    Pangaduan anu diajukeun ku fasilitator kanggo Bapa/Ibu parantos disatujuan sareng kadaptar ku nomer tikét { $ticket }.
    Simpen nomer ieu kanggo mariksa status pangaduan.
notify-start_review = Pangaduan Bapa/Ibu nuju dipariksa ku patugas Dinas Sosial.
notify-request_info =
    Patugas meryogikeun data tambahan kanggo pangaduan Bapa/Ibu:

    { $note }

    Pencét tombol Waler di handap ieu (atanapi ketik /jawab), teras kintun waleran Bapa/Ibu mangrupa téks, poto, atanapi dokumén.
notify-provide_info = Data tambahan kanggo pangaduan Bapa/Ibu parantos katampi. Pangaduan dipariksa deui.
notify-handle = Pangaduan Bapa/Ibu nuju ditanganan ku Dinas Sosial.
notify-refer =
    Pangaduan Bapa/Ibu dirujuk ka { $agency }, instansi anu ngajalankeun program éta.
    Aranjeunna bakal nindaklanjutanana; Dinas Sosial ngawaskeun sareng bakal ngawartosan Bapa/Ibu.
notify-record_outcome = { $agency } parantos ngawaler rujukan. Pangaduan Bapa/Ibu ayeuna nuju ditanganan.
notify-resolve =
    Pangaduan Bapa/Ibu parantos réngsé ditanganan.

    Hasil pananganan:
    { $note }

    Upami Bapa/Ibu teu acan sugema, Bapa/Ibu tiasa ngajukeun banding dina { $days } dinten ku tombol Ajukeun banding.

    Kumaha peunteun Bapa/Ibu kana layanan kami? Pilih 1 (awon) dugi ka 5 (saé pisan).
notify-close =
    Pangaduan Bapa/Ibu parantos ditutup. Hatur nuhun parantos nganggo layanan SLRT Kota Bogor.
    Kanggo keluhan énggal, ketik /lapor.
notify-reject =
    Hapunten, pangaduan Bapa/Ibu teu tiasa kami olah.

    Alesan:
    { $note }

    Upami Bapa/Ibu teu satuju, mangga sumping ka kantor Dinas Sosial Kota Bogor bari nyandak KTP sareng KK. Upami aya data anu tiasa dilengkepan, Bapa/Ibu ogé tiasa ngadamel pangaduan énggal ku /lapor.
notify-appeal = Banding Bapa/Ibu parantos kami tampi. Pangaduan dipariksa deui.
notify-agency-accepted = { $agency } parantos nampi rujukan pangaduan Bapa/Ibu sareng bakal nindaklanjutanana.
notify-agency-in_progress = { $agency } nuju ngolah pangaduan Bapa/Ibu.
notify-agency-note = Cathetan { $agency }: { $note }
notify-message =
    Pesen ti patugas Dinas Sosial:

    { $text }

notify-request_info-relayed =
    Patugas meryogikeun data tambahan kanggo pangaduan Bapa/Ibu:

    { $note }

    Mangga sampaikeun waleran Bapa/Ibu ka fasilitator, atanapi hubungi kantor Dinas Sosial Kota Bogor bari nyebatkeun nomer tikét { $ticket }.
notify-resolve-relayed =
    Pangaduan Bapa/Ibu parantos réngsé ditanganan.

    Hasil pananganan:
    { $note }

    Upami Bapa/Ibu teu acan sugema, Bapa/Ibu tiasa ngajukeun banding dina { $days } dinten ngalangkungan fasilitator atanapi di kantor Dinas Sosial Kota Bogor.
notify-relay =
    🔁 Mangga sampaikeun wartos ieu ka warga:
    { $household } (Kel. { $kelurahan })
notify-relay-phone = Telepon: { $phone }
notify-relay-why = Warga ieu teu tiasa kami hubungi ngalangkungan chat.

notify-button-status = 🔎 Tingali status
notify-button-answer = ✍️ Waler
notify-button-appeal = ⚖️ Ajukeun banding
notify-button-rate = { $score } ⭐

## The expected date: on hold, and why it moved (backend/complaints/expected_date.py).
notify-due-on-hold = Kinten-kinten réngsé ({ $due }) ditahan dugi ka Bapa/Ibu ngawaler; tanggalna mundur sajumlah dinten damel anu dianggo kanggo ngantosan waleran.
notify-due-moved-info_pause = Tanggal ieu mundur ti { $before } kusabab pangaduan ngantosan waleran Bapa/Ibu salami { $days } dinten damel.
notify-due-moved-handling = Tanggal ieu mundur ti { $before } kusabab pananganan ku Dinas Sosial meryogikeun dugi ka { $days } dinten damel ti dinten ieu.
notify-due-moved-referral = Tanggal ieu mundur ti { $before } kusabab { $agency } dipasihan waktos { $days } dinten damel kanggo nindaklanjutan rujukan.
notify-due-moved-appeal = Ieu tanggal énggal kusabab banding Bapa/Ibu dipariksa deui: pamariksaan sareng pananganan meryogikeun dugi ka { $days } dinten damel.

## Home visits asked for by the office (backend/visits/)
notify-visit-requested =
    🏠 Patugas nyuhunkeun kunjungan ka bumi:
    { $household } (Kel. { $kelurahan }) · tikét { $ticket }
    Alesan: { $reason }
    Wates waktos: { $due }
    Pencét "Candak kunjungan" upami Bapa/Ibu anu badé sumping. Fasilitator anu mimiti mencét anu kénging tugas ieu.
notify-button-visit-take = 🏠 Candak kunjungan
