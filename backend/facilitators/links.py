"""Deep links into the bot: https://t.me/<bot username>?start=<payload>.

The username comes from TELEGRAM_BOT_USERNAME or, when that is unset, from
Telegram itself (getMe with the bot's token), asked once per process.
"""

from __future__ import annotations

import contextlib
import logging

from backend.config import Settings

log = logging.getLogger(__name__)

_known: dict[str, str] = {}


def deep_link(username: str | None, payload: str) -> str:
    """The t.me link that opens the bot with /start <payload> (without a username: the command)."""
    if not username:
        return f"/start {payload}"
    return f"https://t.me/{username}?start={payload}"


async def bot_username(settings: Settings) -> str | None:
    """The bot's username, or None when it has no token and none is configured."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username
    if settings.telegram_bot_token is None:
        return None
    token = settings.telegram_bot_token.get_secret_value()
    key = f"{settings.telegram_api_url}|{token}"
    if key not in _known:
        # Imported here: backend/ stays free of Telegram libraries unless a link needs one.
        from bot.telegram.runtime import create_client

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
