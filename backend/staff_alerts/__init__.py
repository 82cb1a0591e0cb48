"""How staff are alerted: by email or Telegram, their linked Telegram chat, new-complaint alerts."""
