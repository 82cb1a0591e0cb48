staff-link-bound = This Telegram account is now linked to the panel account of { $name }. The deadline digest of each working morning and the alerts you chose will come here. Change them on the Profile page of the panel.
staff-link-already_bound = This Telegram account is already linked to the panel account of { $name }.
staff-link-unknown = Sorry, that link is not known. Make a new one on the Profile page of the panel.
staff-link-expired = Sorry, this link has expired. Make a new one on the Profile page of the panel.
staff-link-used = Sorry, this link was already used and works only once. Make a new one on the Profile page of the panel.
staff-link-revoked = Sorry, this link no longer works. Make a new one on the Profile page of the panel.
staff-link-not_telegram = Staff alerts can only be sent to Telegram. Please open this link in the Telegram app.
