"""Outreach: posters per kelurahan with QR codes into the chats, and where complaints came from."""
