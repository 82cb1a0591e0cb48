# Open311 GeoReport v2 (/open311/v2): what integrating systems and their users read.

open311-service-description = A social-welfare complaint to Dinas Sosial Kota Bogor: { $name }.
open311-attr-consent = The citizen agrees that Dinas Sosial Kota Bogor keeps and uses their personal data to handle this complaint (UU 27/2022). Must be "yes".
open311-attr-consent-yes = Agreed
open311-attr-kelurahan = The kelurahan in Kota Bogor where the citizen lives (Kemendagri code).
open311-attr-nik = The citizen's NIK. Required unless no_nik = yes.
open311-attr-nik-type = 16 digits, sent in the POST body (never in the URL).
open311-attr-no-nik = The citizen has no NIK: the complaint is filed as a civil-documents matter (Disdukcapil).
open311-attr-no-nik-yes = Has no NIK
open311-attr-kk = The family card (KK) number, if known.
open311-attr-kk-type = 16 digits.
open311-attr-language = The language of the status news sent to the filer's email.
open311-language-id = Bahasa Indonesia
open311-language-en = English

open311-service-notice = The complaint is filed as ticket { $ticket }, expected to be completed by { $due }. Status news go to the filer's email when one was given.
open311-service-notice-no-due = The complaint is filed as ticket { $ticket } and awaits review. Status news go to the filer's email when one was given.

open311-status-pending_approval = Awaiting a supervisor's approval.
open311-status-received = Received, awaiting review.
open311-status-in_review = Being reviewed by staff.
open311-status-needs_info = Waiting for more information from the filer.
open311-status-in_progress = Being handled.
open311-status-referred = Referred to the agency that can act on it.
open311-status-resolved = Resolved.
open311-status-closed = Closed.
open311-status-rejected = Rejected.

open311-contact = Dinas Sosial Kota Bogor, SLRT service. For help with an integration, contact the administrator at the office.
open311-key-service = API keys (api_key) are issued by the Dinas Sosial Kota Bogor administrator, one per integrating system; ask the office for one.

open311-error-key = The api_key is missing, unknown or revoked. Ask the Dinas Sosial Kota Bogor administrator for a key.
open311-error-format = The format "{ $format }" is not supported; use .json or .xml.
open311-error-service-code-missing = service_code is required (see services.json).
open311-error-service-not-found = There is no service "{ $code }".
open311-error-request-not-found = There is no request "{ $id }".
open311-error-location = A location is required: send address_string (the citizen's address: street or alley, house number, RT/RW).
open311-error-email = The email address is not valid.
open311-error-date = { $field } must be a W3C date and time with its time zone, e.g. 2026-12-01T00:00:00+07:00.
open311-error-span = From start_date to end_date is at most { $days } days.
open311-error-dates-order = start_date is after end_date.
open311-error-status = status is open or closed.
open311-error-too-long = { $field } is too long (at most { $limit } characters).
open311-error-too-many = Too many requests with this key; try again in { $seconds } seconds.
open311-error-field = { $field }: { $problem }
open311-error-not-found = There is no such address in Open311 GeoReport v2.

open311-problem-consent-required = the citizen's consent is required: send attribute[consent]=yes.
open311-problem-nik-required = a NIK is required (attribute[nik]), or attribute[no_nik]=yes when the citizen has none.
open311-problem-kelurahan-required = unknown kelurahan code (see the kelurahan attribute in services/{"{"}code{"}"}.json).
open311-problem-category-required = the service is not active.
open311-problem-address-too-short = the address is too short: give the street or alley, house number and RT/RW.
open311-problem-address-too-long = the address is too long (at most { $limit } characters).
open311-problem-description-too-short = the description is too short: describe the problem in a sentence or more.
open311-problem-description-too-long = the description is too long (at most { $limit } characters).
open311-problem-invalid-nik-not-digits = a NIK has digits only.
open311-problem-invalid-nik-length = a NIK has 16 digits.
open311-problem-invalid-nik-region = the region code at the start of the NIK is unknown.
open311-problem-invalid-nik-birth-date = the birth date inside the NIK is not valid.
open311-problem-invalid-nik-serial = the last four digits of a NIK are never 0000.
open311-problem-invalid-kk-not-digits = a KK number has digits only.
open311-problem-invalid-kk-length = a KK number has 16 digits.
open311-problem-invalid-kk-region = the region code at the start of the KK number is unknown.
open311-problem-invalid-kk-issue-date = the date inside the KK number is not valid.
open311-problem-invalid-phone-invalid = the phone number is not valid, e.g. 0812 3456 7890 or +62 812 3456 7890.
open311-problem-invalid-phone-not-indonesian = use an Indonesian number (starting 08 or +62).
open311-problem-invalid-name-characters = a name has letters, spaces, full stops, hyphens and apostrophes only.
open311-problem-invalid-name-too-short = the name is too short.
open311-problem-invalid-name-too-long = the name is too long.

open311-email-subject = News of complaint { $ticket }
open311-email-footer = You receive this email because complaint { $ticket } was filed for you through another system connected to Dinas Sosial Kota Bogor. Nobody reads replies to it; to ask, visit the office or contact the SLRT service with the ticket number.
