## Status messages the notifier sends (outbox templates). English.

notify-header = 📋 Ticket { $ticket } · { $status }
notify-header-ticket = 📋 Ticket { $ticket }
notify-due = Expected completion: { $due }
notify-note = Note from the officer: { $note }

notify-approve =
    The complaint a facilitator filed for you has been approved and registered under ticket number { $ticket }.
    Keep this number to check on your complaint.
notify-start_review = Your complaint is being reviewed by a Social Affairs Office officer.
notify-request_info =
    The officer needs more information about your complaint:

    { $note }

    Press the Answer button below (or type /jawab), then send your answer as text, a photo or a document.
notify-provide_info = The additional information has arrived. Your complaint is being reviewed again.
notify-handle = Your complaint is being handled by the Social Affairs Office.
notify-refer =
    Your complaint has been referred to { $agency }, the agency that runs the programme.
    They will follow it up; the Social Affairs Office keeps track and will tell you.
notify-record_outcome = { $agency } has answered the referral. Your complaint is now being handled.
notify-resolve =
    Your complaint has been resolved.

    Outcome:
    { $note }

    If you are not satisfied, you may appeal within { $days } days with the Appeal button.

    How would you rate our service? Choose 1 (poor) to 5 (very good).
notify-close =
    Your complaint has been closed. Thank you for using the SLRT service of Kota Bogor.
    For a new complaint, type /lapor.
notify-reject =
    We are sorry: your complaint cannot be processed.

    Reason:
    { $note }

    If you disagree, please come to the Social Affairs Office of Kota Bogor with your KTP and KK. If some information can be completed, you may also file a new complaint with /lapor.
notify-appeal = We have received your appeal. Your complaint is being reviewed again.
notify-agency-accepted = { $agency } has accepted the referral of your complaint and will follow it up.
notify-agency-in_progress = { $agency } is working on your complaint.
notify-agency-note = Note from { $agency }: { $note }
notify-message =
    A message from the Social Affairs Office officer:

    { $text }

notify-request_info-relayed =
    The officer needs more information about your complaint:

    { $note }

    Give your answer to the facilitator, or contact the Dinas Sosial office of Kota Bogor quoting ticket { $ticket }.
notify-resolve-relayed =
    Your complaint has been resolved.

    Outcome:
    { $note }

    If you are not satisfied, you may appeal within { $days } days through the facilitator or at the Dinas Sosial office of Kota Bogor.
notify-relay =
    🔁 Please pass this news on to the household:
    { $household } (Kel. { $kelurahan })
notify-relay-phone = Phone: { $phone }
notify-relay-why = We cannot reach this household by chat.

notify-button-status = 🔎 See status
notify-button-answer = ✍️ Answer
notify-button-appeal = ⚖️ Appeal
notify-button-rate = { $score } ⭐

## The expected date: on hold, and why it moved (backend/complaints/expected_date.py).
notify-due-on-hold = The expected completion date ({ $due }) is on hold until you answer; it moves later by the working days spent waiting for your answer.
notify-due-moved-info_pause = This date moved from { $before } because the complaint waited { $days } working days for your answer.
notify-due-moved-handling = This date moved from { $before } because handling by the Social Affairs Office takes up to { $days } working days from today.
notify-due-moved-referral = This date moved from { $before } because { $agency } has { $days } working days to act on the referral.
notify-due-moved-appeal = This is a new date because your appeal is being reviewed again: review and handling take up to { $days } working days.

## Home visits asked for by the office (backend/visits/)
notify-visit-requested =
    🏠 The office asks for a home visit:
    { $household } (Kel. { $kelurahan }) · ticket { $ticket }
    Reason: { $reason }
    Due: { $due }
    Press "Take the visit" if you will go. The first facilitator to press gets it.
notify-button-visit-take = 🏠 Take the visit
