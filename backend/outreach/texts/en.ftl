# The outreach poster (backend/outreach/poster.py): English, printed small under the Indonesian.
poster-title = A complaint about social assistance?
poster-lead = Tell the SLRT (the integrated service and referral system) from your phone: free of charge, no queue, no trip to the office.
poster-area = Kelurahan { $kelurahan } · Kecamatan { $kecamatan }
poster-programs = For example: PKH, BPNT/Sembako, PIP, PBI-JK/KIS, not in the DTSEN registry, wrong family data, or another social service.
poster-scan = Scan one of the QR codes with your phone's camera, or type its link:
poster-channel-telegram = Telegram
poster-channel-web = Web chat
poster-channel-whatsapp = WhatsApp
poster-steps-title = How it works
poster-step-1 = 1. Scan a QR code, then press Start.
poster-step-2 = 2. Answer the questions one by one. Have your NIK and phone number at hand.
poster-step-3 = 3. Keep your ticket number. Every step is reported in the same chat.
poster-hours = Office hours
poster-chat-anytime = You can write any time; staff answer during office hours.
poster-free = This service is free. Your personal data is kept confidential.
whatsapp-greeting = Hello SLRT, I would like to file a complaint. (code { $code })
