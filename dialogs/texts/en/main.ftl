## English: chosen with /bahasa (or when the chat's language is English).

greeting =
    Welcome to the complaint service of SLRT, Dinas Sosial Kota Bogor.
    Here you can report a problem with social assistance (PKH, Sembako/BPNT, PIP, KIS/PBI-JK, DTSEN registry data, civil documents) and follow how it is handled.
menu = Please choose a service:
button-menu-file = 📝 File a complaint
button-menu-status = 🔎 Check a complaint
button-menu-info = ℹ️ Information
button-menu-language = 🌐 Bahasa / Language
help-general =
    Commands you can use:
    /lapor to file a complaint
    /status to see your complaints
    /jawab to answer a question from staff
    /banding to appeal a resolution or a rejection
    /dataku to see your personal data and ask for a correction
    /info for information about the service
    /bahasa to change the language
    /batal to cancel, /kembali to go back one step, /bantuan to explain the current step.
cancelled = Cancelled. What you had entered has been deleted.
nothing-to-cancel = There is nothing in progress.
unknown-command = Sorry, I do not know that command. Type /bantuan for the list of commands.
old-button = That button belongs to an older message and no longer works. Please use the latest question below.
choose-a-button = Please choose one of the buttons below this message.
expected-text = Sorry, at this step I can only read text. Please type your answer.
voice-needs-typing = Sorry, a voice note cannot be used for this answer: it needs to be typed so that staff can match it with their records. If typing is hard, ask a family member or a companion for help, or visit the Dinas Sosial office.
expected-file = Please send a photo or a document, or press the button below when you are done.
input-too-long = That message is too long (over { $limit } characters). Please shorten it and send it again.
back-at-first-step = This is already the first step.
finish-current-first = Please finish this step first, or type /batal to cancel.
resume-question = You did not finish the previous step yesterday. Continue where you left off, or start again?
button-continue = Continue
button-start-again = Start again

## Intake
intake-already-started = You are already filing a complaint. Let us continue.
intake-consent =
    Before we start: to handle your complaint we need to store your personal data (name, NIK, KK, phone number, address). It is used only to handle this complaint, kept confidential, and protected under Law No. 27 of 2022 on Personal Data Protection.
    Do you agree?
button-consent-yes = ✅ I agree
button-consent-no = I do not agree
intake-consent-declined =
    All right, nothing has been stored.
    You can still complain in person at the SLRT desk of Dinas Sosial Kota Bogor (Monday to Friday, 08:00 to 15:00 WIB) or through the SLRT / Puskesos facilitator of your kelurahan.
intake-for-whom = Who is this complaint for?
button-for-self = For myself
button-for-member = For another household member
for-whom-self = Myself
for-whom-household_member = Another household member
intake-full-name = Type your full name as on your KTP.
intake-full-name-member = Type the full name of the household member the complaint is about, as on the KTP or KK.
intake-nik = Type the NIK (16 digits, on the KTP or KK). If there is no NIK, press the button below.
button-no-nik = No NIK
intake-no-nik-noted = All right. The complaint will be filed as a civil documents matter, so you get help obtaining a NIK/KK.
intake-nik-outside-city = This NIK was issued outside Kota Bogor. We still accept the complaint; staff will look into it.
intake-kk = Type the family card (KK) number (16 digits). If you do not know it, press Skip.
intake-phone = Send a phone number we can reach: press "Share my number" below, or type it (for example 0812 3456 7890).
button-share-phone = 📱 Share my number
intake-phone-noted = Number { $phone } noted.
intake-kecamatan = In which kecamatan (district) does the household live?
intake-kelurahan = Choose the kelurahan (page { $page } of { $pages }):
button-next = Next ▶
button-previous = ◀ Previous
button-other-kecamatan = Another kecamatan
intake-address = Type the full address: street or alley, house number, RT/RW.
intake-category = What is the complaint about?
intake-description = Describe the problem briefly and clearly: what happened, since when, and what help you expect.
intake-attachments =
    If you have them, send supporting photos or documents (for example a photo of the KK or a letter), { $limit } at most. Received so far: { $count }.
    Press the button below when you are done or have none.
button-attachments-done = Done
button-skip = Skip
intake-summary-description = Description of the complaint:
intake-summary = Please check your complaint:
intake-summary-confirm = If everything is right, press Send. To change something, press its button.
button-submit = ✅ Send the complaint
button-cancel = Cancel
label-for-whom = For
label-full-name = Name
label-nik = NIK
label-kk = KK number
label-phone = Phone
label-kecamatan = Kecamatan
label-kelurahan = Kelurahan
label-address = Address
label-category = Kind of complaint
label-description = Description
label-attachments = Attachments
value-no-nik = no NIK
value-none = not given
intake-duplicate =
    There is already an open complaint for the same NIK and kind of complaint: { $ticket }.
    Add these new details to that complaint, or send it as a new complaint anyway?
button-add-to-existing = Add to the open complaint
button-file-new = Send as a new complaint
intake-added-to-existing = Your details and attachments were added to complaint { $ticket }. Staff will read them.
intake-registered =
    We have received your complaint. Thank you.
    Ticket number: { $ticket }
    Status: { $status }
    Expected completion: { $due }
    Keep this ticket number. To follow it, type /status or the ticket number. We will tell you in this chat each time the status changes.
button-see-status = 🔎 See status

## Problems with answers
invalid-nik-not-digits = A NIK has digits only. Please type the 16 digits again.
invalid-nik-length = A NIK has exactly 16 digits. Please check the KTP or KK.
invalid-nik-region = The region code at the start of this NIK is unknown. Please check the NIK.
invalid-nik-birth-date = The birth date inside the NIK (digits 7 to 12) is not a real date. Please check the NIK.
invalid-nik-serial = The last four digits of a NIK cannot be 0000. Please check the NIK.
invalid-kk-not-digits = A KK number has digits only. Type the 16 digits, or press Skip.
invalid-kk-length = A KK number has exactly 16 digits. Check it, or press Skip.
invalid-kk-region = The region code at the start of this KK number is unknown. Check it, or press Skip.
invalid-kk-issue-date = The date inside this KK number is not a real date. Check it, or press Skip.
invalid-phone-invalid = That phone number is not valid. For example: 0812 3456 7890 or +62 812 3456 7890.
invalid-phone-not-indonesian = Please use an Indonesian number (starting with 08 or +62).
invalid-name-characters = A name may contain letters, spaces, dots, hyphens and apostrophes only. Please type it again.
invalid-name-too-short = That name is too short. Please type the full name.
invalid-name-too-long = That name is too long (100 letters at most).
address-too-long = That address is too long ({ $limit } characters at most). The street, house number and RT/RW are enough.
address-too-short = That address is too short. Please give the street, house number and RT/RW.
description-too-short = That is too short. Please describe the problem in a sentence or more.
attachment-voice = Sorry, we cannot take voice messages yet. Please send a photo or a document, or write it down.
attachment-type = We cannot take this kind of file. Send a photo (JPG/PNG) or a PDF document.
attachment-too-large = That file is too large ({ $limit_mb } MB at most). Please send a smaller one.
attachment-not-received = Sorry, this file did not reach us. Please send it once more.
update-not-processed = Sorry, we could not process this message. Please send it again in another way, or press the button below to go back to the menu.
attachments-full = That makes { $limit } attachments, the most we take. Press Done to continue.

## Attachments listed on their step, each removable (issue 17)
attachments-added = Attachments added so far:
attachments-item = { $number }. { $name } ({ $size })
attachments-remove-hint = Send another photo or document to add it. If one is wrong, press the 🗑️ button with its number to remove it.
attachment-kind-photo = Photo
attachment-kind-document = Document
attachment-kind-voice = Voice note
button-attachment-remove = 🗑️ Remove { $number }
attachment-removed = Attachment { $number } ({ $name }) was removed and will not be sent with the complaint.

## Help for each step
help-consent = We store your data only if you agree. Without consent the complaint cannot be filed by chat, but you can still come to the office.
help-for-whom = Choose "For myself" if the problem is yours, or "another household member" if it is about someone else in your family.
help-full-name = Write the full name as on the KTP.
help-nik = The NIK is the 16-digit number on the KTP or the KK, next to the name. Spaces and dots are fine.
help-kk = The KK number is the 16-digit number at the top of the family card. You may skip it.
help-phone = Staff use this number if they need to reach you.
help-kecamatan = Choose the kecamatan where the person the complaint is about lives.
help-kelurahan = Choose the kelurahan. Press "Next" if you do not see it yet.
help-address = For example: Jl. Mawar No. 5, RT 02/RW 03.
help-category = Choose the program or problem that fits best. Staff can correct it later.
help-description = For example: "My mother's PKH payments stopped in August although she is still registered."
help-attachments = A photo of the KK, KTP, a letter or other proof helps staff. You may skip this.
help-summary = Check everything. Press a field's button to change it, or Send when it is right.
help-duplicate = If it is the same problem, adding the new details to the open complaint is faster.

## Status
status-pending_approval = Waiting for approval
status-received = Received
status-in_review = In review
status-needs_info = More information needed
status-in_progress = Being handled
status-referred = Referred
status-resolved = Resolved
status-closed = Closed
status-rejected = Rejected
status-none = No complaint has been filed from this chat. If you have a ticket number, type it here.
status-list = Your complaints:
status-list-item = • { $ticket }: { $category }, { $status } (expected completion { $due })
status-detail =
    Ticket { $ticket }
    Kind: { $category }
    Status: { $status }
    Last update: { $updated }
    Expected completion: { $due }
status-question = Staff need more information: { $question }
    Press Answer, or simply send your answer in this chat.
status-resolution = Outcome: { $resolution }
status-rejection = Reason: { $reason }
status-not-found = That ticket number was not found. Please check it (for example 261128-001X).
status-type-ticket = Choose a ticket above, or type a ticket number (for example 261128-001X).
status-verify = To see complaint { $ticket } in this chat, type the last 4 digits of the NIK given in that complaint.
status-verify-wrong = Those digits do not match that ticket number. Please check the ticket number and the digits, then try again.
status-verify-failed = Those digits do not match. For your safety, this complaint cannot be shown in this chat today. Please come to the office of Dinas Sosial Kota Bogor with your KTP or ask a facilitator, or try again tomorrow.
status-locked = We are sorry: for your safety, this complaint cannot be shown in this chat today, because it was tried too many times. Please come to the office of Dinas Sosial Kota Bogor with your KTP or ask a facilitator, or try again tomorrow.
help-status = Type the ticket number you received when you filed the complaint.
help-status-verify = Type the last 4 digits of the NIK of the person the complaint is about.
button-answer = ✍️ Answer

## Answering staff
answer-nothing-waiting = No question from staff is waiting for your answer right now.
answer-choose = Which complaint's question do you want to answer?
answer-prompt =
    Question from staff about complaint { $ticket }:
    { $question }
    Send your answer (text, photo, document or voice message).
answer-received = Thank you, your answer has been passed to staff. Complaint { $ticket } is in review again.
help-answer = Write your answer to the staff question, or send the photo or document they asked for.
help-answer-choose = Choose the ticket whose question you want to answer.

## Information
info-topics = What would you like to know?
button-info-deadlines = ⏱️ Handling deadlines
button-back-to-menu = Back to the menu
info-closed = All right, back to the main menu.
info-deadlines = Handling deadlines (working days, holidays excluded):
info-deadline-item = • { $category }: reviewed within { $triage } days; resolved within { $resolution } days, or { $referral } days when referred to another agency.
help-info = Choose a topic with the buttons below.

## Language
language-choose = Pilih bahasa / Choose your language / Pilih basa:
language-set = The language is now English.
help-language = Choose the language of the conversation and of the notifications.

edited-message-ignored = We do not process edited messages. To change an answer, send a new message.

## Rating (the stars under a resolution message)
rating-thanks = Thank you for your rating: { $count } out of 5 ⭐ for complaint { $ticket }. Your feedback helps us improve the service.
rating-changed = Your rating of complaint { $ticket } is now { $count } out of 5 ⭐. Thank you.
rating-invalid = Sorry, we could not read that rating. Please choose one of the stars (1 to 5) under the message with the outcome.
rating-not-found = Sorry, we could not find that complaint in this chat. A complaint can only be rated from the chat it was filed from.
rating-not-finished = Complaint { $ticket } has the status { $status }. You can rate it once it has been resolved.

## Appeal (banding)
appeal-choose = Which complaint do you want to appeal?
appeal-list-item = • { $ticket }: { $category }
appeal-none = None of your complaints can be appealed right now. An appeal can be made within { $limit } days after a complaint is resolved.
appeal-not-found = Sorry, we could not find that complaint in this chat. An appeal can only be made from the chat the complaint was filed from.
appeal-reason =
    Appeal for complaint { $ticket }.
    Outcome: { $resolution }

    Tell us briefly why you are not satisfied or what is still not done. Staff will review your complaint again.
appeal-reason-too-short = That reason is too short. Please explain in a sentence what is not right.
appeal-confirm =
    Please check your appeal for complaint { $ticket }:

    { $reason }

    Press Send appeal if it is right.
button-appeal-send = 📨 Send appeal
button-appeal-change = ✏️ Change the reason
appeal-cancelled = The appeal is cancelled. Nothing was sent to staff.
appeal-sent =
    Thank you, we have received your appeal for complaint { $ticket }.
    Status: { $status }. Dinas Sosial staff will review your complaint again.
    Expected completion: { $due }
    We will keep you posted in this chat.
appeal-window-passed =
    We are sorry: complaint { $ticket } can no longer be appealed in the chat, because an appeal must be made within { $limit } days after the complaint is resolved.
    If you still object, please come to the Dinas Sosial Kota Bogor office with your KTP and KK, or file a new complaint with /lapor.
appeal-still-open = Complaint { $ticket } is still being handled (status: { $status }), so there is nothing to appeal yet. We will let you know in this chat whenever something changes.
appeal-not-possible =
    We are sorry: complaint { $ticket } has the status { $status }, so it cannot be appealed in the chat.
    If you still object, please come to the Dinas Sosial Kota Bogor office with your KTP and KK, or file a new complaint with /lapor.
appeal-finish-current-first = To appeal, first finish this step or type /batal. Then press the Appeal button again (it stays valid) or type /banding.
help-appeal-choose = Choose the ticket of the complaint whose outcome you want to appeal.
help-appeal-reason = An appeal asks staff to review the outcome again. Write what is not right, for example: "The complaint was marked resolved, but the assistance has still not been paid."
help-appeal-confirm = Press Send appeal to send it, Change the reason to write it again, or Cancel if you changed your mind.

## Bot commands (setMyCommands)
command-lapor = File a complaint
command-status = Check a complaint
command-jawab = Answer a staff question
command-banding = Appeal an outcome
command-info = Information
command-bahasa = Change the language
command-batal = Cancel
command-kembali = Go back one step
command-bantuan = Help
command-menu = Main menu

## Typed answers and real content (issue 17: no dead ends, answers people type)
address-not-an-address = That does not read as an address yet. Please write the street, alley or kampung, the house number and the RT/RW. For example: Jl. Mawar No. 5, RT 02/RW 03 or Kp. Sawah RT 03/RW 05.
description-not-words = Please tell us the problem in words, for example: "My mother's PKH assistance has not been paid since August."

## Answers gathered piece by piece, and files sent outside any flow (issue 17)
answer-piece-kept = Received ({ $count }) for complaint { $ticket }. Send more if there is any (text, photo, document or voice message), or press Done.
button-answer-done = ✅ Done
answer-expected-piece = Send your answer as text, a photo, a document or a voice message.
answer-voice-kept = Your voice message is kept as an attachment to your answer; staff will listen to it.
answer-already-passed = Your answer for complaint { $ticket } has already been passed to staff.
help-answer-gather = Everything you send now becomes part of your answer. Press Done when you have sent it all; if you stay quiet for a few minutes, the answer is passed on by itself.
loose-file-what-for = We received your file, but it is not for any complaint yet. What is it for?
loose-voice-what-for = We received your voice message, but it is not for any complaint yet. What is it for?
button-loose-new = 📝 For a new complaint
button-loose-add = 📎 Add to { $ticket }
button-loose-discard = 🗑️ Discard
loose-file-to-new = All right, the file will be attached to your new complaint.
loose-file-discarded = All right, the file has been discarded and not kept.
loose-file-added = The file has been added to complaint { $ticket }; staff will see it.
intake-description-by-voice = The description was given in a voice message (see the attachments).
intake-voice-description-kept = Your voice message is kept as the description of your complaint; staff will listen to it.
appeal-reason-by-voice = The reason for the appeal was given in a voice message (see the attachments).
appeal-voice-kept = Your voice message is kept as the reason for your appeal; staff will listen to it.

# The button that opens a WhatsApp list of choices (at most 20 characters).
whatsapp-list-button = Choose
# Over a second WhatsApp list of the same question's choices.
whatsapp-more-choices = More choices:
