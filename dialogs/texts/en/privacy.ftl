## My data (/dataku): personal data, how it was processed, correction requests. English.

button-menu-my-data = 🔒 My data
command-dataku = See and correct your personal data
dataku-none =
    We hold no personal data through this chat yet.
    If you filed a complaint through another chat or at the office, please come to the office of Dinas Sosial Kota Bogor with your KTP to see or correct your data.
dataku-pick = Whose data do you want to see? Choose one of the complaints filed from this chat.
dataku-verify = To protect personal data, we need to make sure it is you. Type the last 4 digits of the NIK on complaint { $ticket }.
dataku-verify-failed = Those digits do not match. For your safety, personal data cannot be shown in this chat today. Please come to the office of Dinas Sosial Kota Bogor with your KTP, or try again tomorrow.
dataku-locked = We are sorry: for your safety, personal data cannot be shown in this chat today, because the digits were tried too many times. Please come to the office of Dinas Sosial Kota Bogor with your KTP, or try again tomorrow.
dataku-no-nik = The data on complaint { $ticket } has no NIK, so we cannot make sure in this chat that it is you. Please come to the office of Dinas Sosial Kota Bogor with your KTP or KK.
dataku-held =
    🔒 The personal data we hold about you:
    Name: { $name }
    NIK: { $nik }
    Family card (KK): { $kk }
    Phone: { $phone }
    Kelurahan: { $kelurahan }
    Address: { $address }
    Language: { $language_name }
    Consent: { $consent }
dataku-consent = given { $when }, { $method }
dataku-consent-none = not recorded
dataku-consent-chat-telegram = on Telegram
dataku-consent-chat-web = in the web chat
dataku-consent-chat-cli = in a chat
dataku-consent-chat = in a chat
dataku-consent-in_person = in person at the office
dataku-consent-in_person_facilitator = in person to a facilitator during a visit
dataku-consent-other = recorded
dataku-language-id = Indonesian
dataku-language-en = English
dataku-language-su = Sundanese
dataku-complaints = Your complaints:
dataku-complaints-none = There are no complaints in your name yet.
dataku-complaint-item = • { $ticket }: { $category }, { $status }. Filed { $filed }, last update { $updated }.
dataku-log = How your data was processed (newest first):
dataku-log-item = • { $when }: { $role } { $action }
dataku-log-item-ticket = • { $when }: { $role } { $action } ({ $ticket })
dataku-log-more = …and { $count } more.
dataku-log-none = No staff member has seen your full NIK/KK or changed your complaints yet.
dataku-role-front_office = Front-office staff
dataku-role-back_office = Back-office staff
dataku-role-supervisor = SLRT manager
dataku-role-admin = System administrator
dataku-role-facilitator = SLRT facilitator
dataku-role-system = The system
dataku-role-other = Staff
dataku-action-status = changed the status to { $status }
dataku-action-identity_viewed = viewed your full NIK and KK
dataku-action-data_exported = exported all your data at your written request
dataku-action-identity_exported = exported a complaint list with your full NIK
dataku-action-correction_applied = corrected your data
dataku-action-correction_refused = refused a correction request
dataku-action-attachment_viewed = opened an attachment
dataku-action-assign = assigned a staff member
dataku-action-registry_check = checked the DTSEN registry
dataku-action-other = processed your data
dataku-what-next = If anything is wrong, you can ask for a correction. Staff will answer within 3 working days.
button-dataku-correct = ✏️ Ask for a correction
dataku-field = What needs to be corrected?
dataku-field-full_name = Name
dataku-field-phone = Phone
dataku-field-address = Address
dataku-field-kelurahan = Kelurahan
dataku-field-nik = NIK
dataku-field-kk = Family card (KK)
dataku-field-other = Something else
dataku-value-full_name = Type the correct full name, as on the KTP.
dataku-value-phone = Type the correct phone number (for example 0812 3456 7890).
dataku-value-address = Type the correct address: street or alley, house number, RT/RW.
dataku-value-nik = Type the correct NIK (16 digits, as on the KTP or KK).
dataku-value-kk = Type the correct family card (KK) number (16 digits, at the top of the card).
dataku-value-other = Write what is wrong and what is right.
correction-text-too-short = Please say in one sentence what is wrong and what is right.
dataku-confirm =
    Please check your correction request:
    { $field }: { $value }

    Press Send request if it is right.
button-dataku-send = 📨 Send request
button-dataku-change = ✏️ Change
dataku-cancelled = The correction request was cancelled. Nothing was sent.
dataku-requested =
    We have received your correction request (number { $number }).
    Staff of Dinas Sosial will check it ({ $field }). We will send the answer to this chat by { $due } at the latest.
help-dataku-pick = Choose the ticket of a complaint; we will ask for the last 4 digits of the NIK of the person it is about.
help-dataku-verify = Type the last 4 digits of your NIK. After 3 wrong tries, the data cannot be shown in this chat until tomorrow.
help-dataku-overview = Press Ask for a correction if something is wrong, or Back to the menu.
help-dataku-field = Choose what is wrong. Choose Something else for anything else, then explain.
help-dataku-value = Type the correct value. Staff check it before the data is changed.
help-dataku-confirm = Press Send request to send it, Change to choose again, or Cancel if you changed your mind.

## The answer to a correction request (sent by the notifier)
notify-correction-corrected = ✅ Your correction request (number { $number }) was granted: we corrected your data ({ $field }).
notify-correction-refused =
    We are sorry, your correction request (number { $number }, { $field }) could not be granted.

    Reason:
    { $reason }

    If you disagree, please come to the office of Dinas Sosial Kota Bogor with your KTP and KK.
