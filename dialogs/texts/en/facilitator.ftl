## Facilitators (SLRT / Puskesos facilitators): onboarding, menu, assisted filing,
## own cases and relaying news to households. English.

## Invitation links and access
facilitator-welcome =
    Welcome, { $name }. This Telegram account is now connected as the SLRT facilitator for Kelurahan { $kelurahan }.
    From here you can file complaints for the households you visit, follow the complaints you filed, and pass news on to households.
facilitator-invitation-already_bound = This Telegram account is already connected as a facilitator. Please carry on from the menu below.
facilitator-invitation-unknown = Sorry, that invitation link is not known. Check the link, or ask an SLRT supervisor or admin for a new one.
facilitator-invitation-expired = Sorry, this invitation link has expired. Ask an SLRT supervisor or admin for a new one.
facilitator-invitation-used = Sorry, this invitation link has already been used, and it works only once. If you changed phone or Telegram account, ask an SLRT supervisor or admin for a new link.
facilitator-invitation-revoked = Sorry, this invitation link has been withdrawn. Contact an SLRT supervisor or admin if you need facilitator access.
facilitator-invitation-taken = This Telegram account is already connected to another facilitator, so the invitation cannot be used here. Open the link from your own Telegram account.
facilitator-access-ended = Facilitator access for this Telegram account is no longer active. What you were filling in was not saved. Contact an SLRT supervisor if this is a mistake. Here is the citizens' menu.
facilitator-only = That service is only for registered SLRT facilitators. Please choose another service from the menu.

## Menu
facilitator-greeting = Hello, { $name }. This is the SLRT facilitator service of the Social Affairs Office of Kota Bogor.
facilitator-menu = Facilitator menu · { $name } · Kel. { $kelurahan }
button-facilitator-file = 📝 File a complaint for a household
button-facilitator-cases = 📂 Complaints I filed
button-facilitator-relays = 🔁 News to pass on ({ $count })
facilitator-help =
    Commands for facilitators:
    /lapor to file a complaint for a household you visit
    /status to see the complaints you filed (or type a ticket number)
    /jawab to send a household's answer to a staff question
    /info for information about the service
    /batal to cancel, /kembali to go back one step, /bantuan to explain the current step.
facilitator-info =
    A short guide for facilitators:
    • A supervisor checks each complaint you file first. You are told when it is approved or turned down.
    • News for households reached only through you arrives in this chat. Pass it on, then press "Passed on".
    • News not confirmed within 2 working days is reminded once and reported to the supervisor.

## Assisted filing (the intake, worded for the facilitator)
assisted-consent =
    A complaint on behalf of a household. Before starting, explain to the household that its personal data (name, NIK, KK, phone number, address) will be kept by the Social Affairs Office of Kota Bogor only to handle this complaint, kept confidential, and protected under Law No. 27 of 2022 on Personal Data Protection.
    Has the household agreed, in person, to you?
button-assisted-consent-yes = ✅ The household agrees (in person)
button-assisted-consent-no = Not yet / does not agree
assisted-consent-declined = All right, nothing was stored. Without the household's consent the complaint cannot be recorded. The household can still come to the SLRT desk of the Social Affairs Office of Kota Bogor.
assisted-full-name = Type the full name of the household member the complaint is about, as on the KTP or KK.
assisted-nik = Type that household member's NIK (16 digits, on the KTP or KK). If they have no NIK, press the button below.
assisted-kk = Type the household's KK number (16 digits). If there is none, press Skip.
assisted-phone = Type a phone number where the household can be reached (e.g. 0812 3456 7890). Do not give your own number. If the household has no phone, press the button below.
button-assisted-no-phone = The household has no phone
assisted-phone-is-yours = That is your own phone number. Type the household's number, or press "The household has no phone".
assisted-area = In which kelurahan is the household's home?
button-assisted-other-kelurahan = Another kelurahan
assisted-description = Describe the household's problem briefly and clearly: what happened, since when, and what help is expected.
assisted-reach = How does the household want to hear how the complaint goes?
button-reach-telegram = 📱 The household's own Telegram (a link)
button-reach-phone = ☎️ A call to the household's phone
button-reach-facilitator = 🤝 Only through me (the facilitator)
assisted-reach-needs-phone = The household's phone number is not filled in, so it cannot be called. Choose another way, or type /kembali back to the phone number question.
assisted-visit = When did you visit the household? Press a button, or type the date (e.g. 27-11-2026).
button-visit-today = Today, { $day }
button-visit-yesterday = Yesterday, { $day }
assisted-visit-invalid = That date cannot be read. Type it like this: 27-11-2026.
assisted-visit-out-of-range = The visit date may not be in the future or more than { $days } days ago.
assisted-summary = Check the household's complaint once more:
assisted-summary-confirm = If it is right, press Send. An SLRT supervisor checks the complaint before it is processed. To change something, press the button of that item.
button-assisted-submit = ✅ Send for approval
label-reach = News to the household by
label-visit = Visit date
reach-telegram = the household's own Telegram
reach-phone = phone
reach-facilitator = the facilitator
assisted-filed =
    The complaint for { $household } has been sent. Thank you.
    Ticket number: { $ticket }
    Status: { $status }
    An SLRT supervisor will check it; you will be told in this chat when it is approved or turned down.
button-see-case = 📂 See the complaint
assisted-added-to-existing = The details and attachments for { $household } were added to complaint { $ticket }, which you filed earlier. Staff will read them.
facilitator-household-link =
    Forward this message to the household. By opening the link below in its Telegram, the household gets news of its complaint directly. The link works for { $days } days and only once.
    { $link }
facilitator-household-command =
    To get news of its complaint directly, the household opens the SLRT service bot in its Telegram and types this command (valid { $days } days, once):
    { $link }
help-assisted-consent = A household's data may only be stored if the household itself agrees while you visit.
help-assisted-full-name = Write the full name of the person the complaint is about, as on the KTP or KK.
help-assisted-nik = The NIK is the 16 digits on the household's KTP or KK. Spaces and dots may be typed.
help-assisted-phone = This number is used to reach the household. If it has no phone, press the button.
help-assisted-area = Choose the kelurahan where the household lives. If it is not yours, choose "Another kelurahan".
help-assisted-description = For example: "Mrs Siti's PKH payment has not arrived since August although she is still registered."
help-assisted-reach = Telegram: the household gets a link to open in its Telegram. Phone: news is passed on by phone. Through the facilitator: you pass on every piece of news.
help-assisted-visit = The date you met the household in person and got its consent.
help-assisted-summary = Check every item. Press an item's button to change it, or Send when it is right.
help-assisted-duplicate = If it is the same problem, adding the new details to the complaint you already filed is faster.

## Own cases
facilitator-cases-none = You have not filed a complaint for a household yet. Press "File a complaint for a household" in the menu to start.
facilitator-cases-list = The complaints you filed (newest first). Press one to see its details, or type its ticket number.
facilitator-cases-item = • { $ticket }: { $household }, { $status } (expected completion { $due })
facilitator-cases-type-ticket = Press one of the tickets above, or type a ticket number (e.g. 261128-001X).
facilitator-case-not-found = That ticket is not among the complaints you filed. Check the number, or see the list with /status.
facilitator-case-detail =
    Ticket { $ticket }
    Household: { $household } (Kel. { $kelurahan })
    Type: { $category }
    Status: { $status }
    Visit: { $visit }
    News to the household by: { $reach }
    Last update: { $updated }
    Expected completion: { $due }
facilitator-case-relays-waiting = { $count } pieces of news for this complaint are waiting for your confirmation that they were passed on.
help-facilitator-cases = Type the ticket number of a complaint you filed, or press one of the tickets in the list.

## Relays (news to pass on to households)
facilitator-relays-none = No news is waiting to be passed on. Thank you.
facilitator-relays-list = News to pass on to households ({ $count }):
facilitator-relays-item = • { $household } (Kel. { $kelurahan }), ticket { $ticket }: { $status }. Sent { $when }.
facilitator-relays-how = The full text of each piece of news is in the message we sent earlier. Once you have passed it on, press its button below.
facilitator-relay-staff-message = officer's message "{ $text }"
button-relayed-item = ✅ Passed on: { $household } ({ $ticket })
facilitator-relay-confirmed = Thank you. Recorded: the news for { $household } (ticket { $ticket }) was passed on at { $when }.
facilitator-relay-already = The news for { $household } (ticket { $ticket }) was already recorded as passed on at { $when }.
facilitator-relay-not-found = That news is not among your tasks. See the news still waiting in the facilitator menu.
help-facilitator-relays = Press "Passed on" once you have passed the news on to the household.

## The household's answer to a staff question, sent by its facilitator
button-facilitator-answer = ✍️ Send the household's answer
facilitator-answer-prompt =
    Question from staff for { $household }, complaint { $ticket }:
    { $question }
    Send the household's answer here, in as many messages as needed (text, photos, documents or voice messages), then press Done. It is recorded as the household's answer, passed on through you.
facilitator-answer-received = Thank you. The answer of { $household } has been passed to staff and recorded as sent through you. Complaint { $ticket } is in review again.
facilitator-answer-not-waiting = Complaint { $ticket } is not waiting for the household's answer (status: { $status }), so there is nothing to send.
facilitator-answer-already = This staff question about complaint { $ticket } has already been answered. If staff ask again, you will get a new message with its button.
facilitator-answer-nothing-waiting = No staff question is waiting for an answer from the households you assist right now.
facilitator-answer-choose = Which complaint is the household's answer for?
help-facilitator-answer = Write the household's answer to the staff question, or send the photo, document or voice message they asked for. You may send several; press Done when you have sent them all.
help-facilitator-answer-gather = Everything you send now becomes part of the household's answer. Press Done when you have sent it all; if nothing more comes for a few minutes, the answer is passed on by itself and you are told.
facilitator-answer-already-passed = The household's answer for complaint { $ticket } has already been passed to staff.
facilitator-answer-passed-quiet = The household's answer for complaint { $ticket } that you sent has been passed to staff, as nothing more came for a few minutes. It is recorded as sent through you, and the complaint is in review again.
help-facilitator-answer-choose = Choose the ticket whose question you want to answer on the household's behalf.

## Household links (the household's own Telegram)
household-link-connected = Thank you. This chat is now connected to complaint { $ticket }, which an SLRT facilitator filed for you. Every update will be sent here.
household-link-already = This chat is already connected to complaint { $ticket }. Updates are sent here.
household-link-unknown = Sorry, that link is not known. Ask the SLRT facilitator who helps you for a new one.
household-link-expired = Sorry, this link has expired. Ask the SLRT facilitator for a new one, or check your complaint with /status and its ticket number.
household-link-used = Sorry, this link has already been used in another Telegram account. If that was not you, contact the SLRT facilitator who helps you.
household-link-closed = This complaint has been dealt with, so its link no longer works. Check the outcome with /status and the ticket number.
household-link-for-household = This link is for the household, not for the facilitator. Forward it to the household so that it is opened in the household's own Telegram.

## What the notifier sends facilitators (outbox templates 'relay' and facilitators' copies)
notify-facilitator-copy = ℹ️ A copy for the facilitator: this news also goes to the household's own Telegram, so you need not pass it on.
notify-relay-reminder = ⏰ Reminder: this news (sent { $due }) has not been confirmed as passed on to the household. Please pass it on, then press "Passed on".
notify-relay-filing-approve = ✅ The complaint you filed for { $household } (ticket { $ticket }) has been approved by the SLRT supervisor and is being processed.
notify-relay-filing-reject = ❌ The complaint you filed for { $household } (ticket { $ticket }) was not approved by the SLRT supervisor. The reason is in the message for the household below.
notify-relay-why-telegram = This household cannot get news in its own Telegram yet (the link was not opened, or the chat is not active).
notify-relay-why-phone = This household asked to be reached by phone.
notify-relay-why-facilitator = This household gets news of its complaint through you.
notify-button-relayed = ✅ Passed on
notify-button-household-answer = ✍️ Send the household's answer

## The same words for a chat that is not a Telegram account (the web chat); issue 17
facilitator-welcome-chat =
    Welcome, { $name }. This chat is now connected as the SLRT facilitator for Kelurahan { $kelurahan }.
    From here you can file complaints for the households you visit, follow the complaints you filed, and pass news on to households.
facilitator-invitation-already_bound-chat = This chat is already connected as a facilitator. Please carry on from the menu below.
facilitator-invitation-used-chat = Sorry, this invitation link has already been used, and it works only once. If you changed phone or device, ask an SLRT supervisor or admin for a new link.
facilitator-invitation-taken-chat = This chat is already connected to another facilitator, so the invitation cannot be used here. Open the link from your own chat.
facilitator-access-ended-chat = Facilitator access for this chat is no longer active. What you were filling in was not saved. Contact an SLRT supervisor if this is a mistake. Here is the citizens' menu.

## Home visits (kunjungan rumah) the office asks for
button-facilitator-visits = 🏠 Home visits ({ $count })
facilitator-visits-none = No home visits are waiting in your kelurahan. Thank you.
facilitator-visits-mine = Visits you took and have not recorded yet ({ $count }):
facilitator-visits-waiting = Visits in your kelurahan nobody has taken yet ({ $count }):
facilitator-visits-item = • { $ticket } · { $household } · due { $due }{ $overdue }
    { $reason }
facilitator-visit-overdue = {" "}⚠️ overdue
button-visit-take-item = 🏠 Take { $ticket } · { $household }
button-visit-record = 📝 Record visit { $ticket } · { $household }
facilitator-visit-taken = The visit to { $household } (ticket { $ticket }) is yours now. Due: { $due }. After the visit, press "Record visit".
facilitator-visit-already-yours = The visit to { $household } (ticket { $ticket }) is already yours. Due: { $due }.
facilitator-visit-taken-by-other = { $name } has already taken this visit. Thank you.
facilitator-visit-closed = This visit is no longer waiting: it was recorded or called off by the office.
facilitator-visit-not-found = That visit is not among your tasks. See the list under "Home visits" in the facilitator menu.
help-facilitator-visits = Press "Take" to take a visit, then "Record visit" after you have been there.
visit-record-start = Recording the home visit to { $household } (ticket { $ticket }).
visit-record-day = When did you visit? Choose, or type the date (for example 27-11-2026).
visit-record-day-out-of-range = The visit date cannot be in the future or before the visit was requested. Type the right date.
help-visit-record-day = Choose "Today" or "Yesterday", or type the date of the visit like 27-11-2026.
visit-record-met = Whom did you meet at the house? (for example: Ibu Siti, head of the household)
help-visit-record-met = Type the name and relation of the person you met.
visit-record-findings = What did you find? Type the findings, or send a voice note.
help-visit-record-findings = Write what you saw and heard at the household, or record a voice note.
visit-record-voice-kept = The voice note is kept as the visit's findings; the office will listen to it.
visit-record-too-long = Too long: at most { $limit } characters. Shorten it and send again.
visit-record-photos = Send photos of the visit if you have any (one at a time), or press "Skip".
visit-record-photos-more = Photo received ({ $count }). Send another, or press "Done".
button-visit-photos-done = ✅ Done
visit-record-photo-expected = Only photos are taken at this step. Send a photo, or press the button below.
visit-record-photos-full = That is { $limit } photos, the most we take. Press "Done".
help-visit-record-photos = Send photos one at a time; press "Done" when finished.
visit-record-location = Share the house's location through 📎 → Location if you like, or press "Skip".
visit-record-location-expected = At this step send a location through 📎 → Location, or press "Skip".
help-visit-record-location = A location helps the office find this house again; you may skip it.
visit-record-summary =
    Check the visit record:
    Ticket: { $ticket } · { $household }
    Visited on: { $day }
    Met: { $name }
    Findings: { $text }
    Photos: { $count }
    Location: { $location }
visit-record-findings-voice = (voice note)
visit-record-no-location = not shared
button-visit-send = 📤 Send the visit record
button-visit-discard = ✖️ Cancel, do not send
help-visit-record-confirm = Press "Send" if the record is right, or "Cancel".
visit-record-sent = Thank you. The office has the record of your visit to { $household } (ticket { $ticket }).
visit-record-discarded = The visit record for ticket { $ticket } was not sent. The visit is still yours; record it any time.
facilitator-list-page = Page { $page } of { $pages }
