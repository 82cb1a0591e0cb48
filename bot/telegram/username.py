"""The bot's username, for t.me links: TELEGRAM_BOT_USERNAME, else asked of Telegram.

Telegram is asked (getMe with the bot's token) once per process and token; the
composition root hands this lookup to the panel (backend/app.py) and the CLI uses it
directly, so backend/ never talks to Telegram itself.
"""

from __future__ import annotations

import contextlib
import logging

from backend.config import Settings
from bot.telegram.runtime import create_client

log = logging.getLogger(__name__)

_known: dict[str, str] = {}


async def bot_username(settings: Settings) -> str | None:
    """The bot's username, or None when it has no token and none is configured."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username
    if settings.telegram_bot_token is None:
        return None
    token = settings.telegram_bot_token.get_secret_value()
    key = f"{settings.telegram_api_url}|{token}"
    if key not in _known:
        client = create_client(settings)
        try:
            _known[key] = await client.start()
        except Exception as error:  # noqa: BLE001  (Telegram unreachable: the link waits)
            log.warning("cannot ask Telegram for the bot's username: %r", error)
            return None
        finally:
            with contextlib.suppress(Exception):
                await client.close()
    return _known[key]
