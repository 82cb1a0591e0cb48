"""What the local Telegram knows: users, chats and their messages, files, updates, webhook."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bot.telegram.local_api.errors import ApiError, blocked_by_user, chat_not_found
from bot.telegram.local_api.faults import FaultPlan
from bot.telegram.local_api.files import FileStore
from bot.telegram.local_api.limits import RateLimiter
from bot.telegram.local_api.markup import inline_buttons
from bot.telegram.local_api.updates import Signal, UpdateQueue


@dataclass
class LocalUser:
    """A Telegram user who talks to the bot in a private chat (chat id == user id)."""

    id: int
    first_name: str = "Siti"
    language_code: str = "id"
    last_name: str | None = None
    username: str | None = None
    blocked: bool = False


@dataclass
class SentMessage:
    """A message the bot sent, as the user sees it now."""

    message_id: int
    chat_id: int
    text: str  # plain text (or caption) with tags removed and entities decoded
    html: str  # the text or caption exactly as the bot sent it
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    date: int
    entities: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "text"  # text, photo or document
    file_id: str | None = None
    reply_to_message_id: int | None = None
    edited: bool = False
    deleted: bool = False
    edit_date: int | None = None

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline buttons as (text, callback_data), row by row."""
        return inline_buttons(self.reply_markup)

    @property
    def has_inline_keyboard(self) -> bool:
        """Whether the message still shows inline buttons."""
        return bool(self.buttons)

    @property
    def keyboard(self) -> list[str]:
        """Texts of the reply keyboard buttons this message brought up, if any."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [b if isinstance(b, str) else b["text"] for row in rows for b in row]


@dataclass
class ChatLog:
    """One private chat: message ids are shared by the user's and the bot's messages."""

    chat_id: int
    bot_messages: list[SentMessage] = field(default_factory=list)
    user_messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_message_id: int = 0

    def next_message_id(self) -> int:
        """Numbers the next message of this chat."""
        self.last_message_id += 1
        return self.last_message_id

    def bot_message(self, message_id: int) -> SentMessage | None:
        """The bot's message with this id, deleted or not."""
        return next((m for m in self.bot_messages if m.message_id == message_id), None)


@dataclass
class WebhookConfig:
    """The webhook the bot set, and how delivery to it went lately."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    generation: int = 0  # changes with every setWebhook, so delivery restarts
    last_error_date: int | None = None
    last_error_message: str | None = None


class Call(NamedTuple):
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]


@dataclass
class CallbackAnswer:
    """An answerCallbackQuery the bot made."""

    callback_query_id: str
    text: str | None = None
    show_alert: bool = False
    url: str | None = None
    cache_time: int = 0


@dataclass
class DeliveryAttempt:
    """One POST of an update to the webhook: the HTTP status, or the connection error."""

    update_id: int
    url: str
    status_code: int | None
    error: str | None = None
    at: float = field(default_factory=time.time)


class BotWorld:
    """All state of the local Bot API server; the HTTP methods and the user actions share it."""

    def __init__(
        self,
        token: str,
        bot_username: str = "slrt_local_bot",
        bot_first_name: str = "SLRT Lokal",
        limits_enabled: bool = True,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.users: dict[int, LocalUser] = {}
        self.chats: dict[int, ChatLog] = {}
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.webhook: WebhookConfig | None = None
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.calls: list[Call] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.open_callback_queries: set[str] = set()
        self.chat_actions: list[tuple[int, str]] = []
        self.limiter = RateLimiter()
        self.limits_enabled = limits_enabled
        self.faults = FaultPlan()
        self.rate_limited_count = 0
        self.delivery_attempts: list[DeliveryAttempt] = []
        self.output_changed = Signal()
        self.closing = False
        self.poll_generation = 0  # a newer getUpdates call ends the older one
        self._webhook_generations = itertools.count(1)
        self._callback_ids = itertools.count(1)

    def bot_user(self) -> dict[str, Any]:
        """The bot as a User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def user(
        self, user_id: int, first_name: str | None = None, language_code: str | None = None
    ) -> LocalUser:
        """The user with this id, created on first contact; a given name or language is kept."""
        user = self.users.setdefault(user_id, LocalUser(user_id))
        if first_name is not None:
            user.first_name = first_name
        if language_code is not None:
            user.language_code = language_code
        return user

    def chat(self, chat_id: int) -> ChatLog:
        """The private chat with this id, created on first use."""
        return self.chats.setdefault(chat_id, ChatLog(chat_id))

    def recipient(self, raw_chat_id: Any, allow_blocked: bool = False) -> LocalUser:
        """The user a bot call addresses, or the error Telegram gives for that chat."""
        try:
            chat_id = int(raw_chat_id)
        except (TypeError, ValueError):
            raise chat_not_found() from None
        user = self.users.get(chat_id)
        if user is None:
            raise chat_not_found()
        if user.blocked and not allow_blocked:
            raise blocked_by_user()
        return user

    def add_bot_message(self, message: SentMessage) -> None:
        """Keeps a message the bot sent and wakes whoever waits for one."""
        self.chat(message.chat_id).bot_messages.append(message)
        self.output_changed.notify()

    def new_callback_query_id(self) -> str:
        """An id for a button press; the bot may answer it once."""
        query_id = f"{self.bot_id}{next(self._callback_ids):08d}"
        self.open_callback_queries.add(query_id)
        return query_id

    def set_webhook(self, url: str, secret_token: str | None, max_connections: int) -> bool:
        """Sets or changes the webhook; False when the same one was already set."""
        current = self.webhook
        if current and (current.url, current.secret_token, current.max_connections) == (
            url,
            secret_token,
            max_connections,
        ):
            return False
        self.webhook = WebhookConfig(
            url, secret_token, max_connections, "127.0.0.1", next(self._webhook_generations)
        )
        self.updates.changed.notify()
        return True

    def delete_webhook(self) -> bool:
        """Removes the webhook; False when there was none."""
        had_one = self.webhook is not None
        self.webhook = None
        self.updates.changed.notify()
        return had_one

    def note_rate_limited(self, error: ApiError) -> None:
        """Counts a 429 answer."""
        if error.error_code == 429:
            self.rate_limited_count += 1
