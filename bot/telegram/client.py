"""What the channel needs from a Telegram library; python-telegram-bot and aiogram provide it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

# Update kinds the bot asks Telegram for (setWebhook / getUpdates).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


class TelegramError(Exception):
    """Telegram refused or could not take a call."""


class RetryAfter(TelegramError):
    """429: Telegram asks us to wait `seconds` before the next call."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Blocked(TelegramError):
    """403: the user blocked the bot or deactivated the account."""


class BadRequest(TelegramError):
    """400: the request itself is wrong (chat not found, bad text, old message)."""


class ChatMigrated(TelegramError):
    """400 with migrate_to_chat_id: a group became a supergroup and has a new id."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"the chat moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class NotFound(TelegramError):
    """404: no such file (a download link that expired) or method."""


class Unauthorized(TelegramError):
    """401: Telegram does not know the bot token (revoked, mistyped)."""


class Conflict(TelegramError):
    """409: another process polls with this token, or a webhook is set."""


class Unavailable(TelegramError):
    """5xx, or no connection made: the call did nothing and may be tried again."""


class TimedOut(TelegramError):
    """No (whole) answer in time: the call may have taken effect, so a send is not repeated."""


@dataclass(frozen=True, slots=True)
class KeyboardButtonSpec:
    """A reply-keyboard button; `request_contact` makes it share the phone number."""

    text: str
    request_contact: bool = False


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    """One sendMessage call, library-neutral: HTML text and at most one keyboard."""

    text: str
    inline_keyboard: tuple[tuple[tuple[str, str], ...], ...] | None = None
    keyboard: tuple[tuple[KeyboardButtonSpec, ...], ...] | None = None
    remove_keyboard: bool = False


class TelegramClient(Protocol):
    """The Bot API calls the channel makes; errors arrive as the exceptions above."""

    async def start(self) -> str:
        """Opens the connection and answers the bot's username (getMe)."""
        ...

    async def close(self) -> None: ...

    async def set_commands(
        self, commands: list[tuple[str, str]], language_code: str | None
    ) -> None: ...

    async def delete_webhook(self) -> None: ...

    async def set_webhook(self, url: str, secret: str, max_connections: int) -> None: ...

    async def get_updates(self, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        """Updates as plain Bot API dictionaries."""
        ...

    async def send_message(self, chat_id: int | str, message: RenderedMessage) -> int:
        """Sends and answers the new message's id."""
        ...

    async def remove_inline_keyboard(self, chat_id: int | str, message_id: int) -> None: ...

    async def answer_callback(self, callback_id: str) -> None: ...

    async def send_typing(self, chat_id: int | str) -> None: ...

    async def download(self, file_id: str) -> bytes: ...
