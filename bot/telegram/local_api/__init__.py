"""A local Telegram Bot API server for tests, development and benchmarks.

It speaks the Bot API (envelope, errors, limits) closely enough for
python-telegram-bot and aiogram, and lets tests act as the people in the chats:

    async with LocalBotApi() as api:
        api.send_text(5550001, "/start")
        reply = await api.wait_for_message(5550001, "Selamat datang")
"""

from bot.telegram.local_api.errors import ApiError
from bot.telegram.local_api.server import DEFAULT_TOKEN, LocalBotApi, main, run_forever
from bot.telegram.local_api.state import Call, CallbackAnswer, DeliveryAttempt, SentMessage

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "CallbackAnswer",
    "DeliveryAttempt",
    "LocalBotApi",
    "SentMessage",
    "main",
    "run_forever",
]
