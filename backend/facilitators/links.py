"""Deep links into the bot: https://t.me/<bot username>?start=<payload>.

Knowing the username is the bot's business (bot/telegram/username.py asks Telegram);
whoever makes links is handed a UsernameLookup by the composition root.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from backend.config import Settings

# The bot's username for these settings, or None when it cannot be known.
UsernameLookup = Callable[[Settings], Awaitable[str | None]]


def deep_link(username: str | None, payload: str) -> str:
    """The t.me link that opens the bot with /start <payload> (without a username: the command)."""
    if not username:
        return f"/start {payload}"
    return f"https://t.me/{username}?start={payload}"
