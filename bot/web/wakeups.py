"""Waking the long polls of a web chat when something new is in its transcript.

Whoever writes to a transcript (the dialogs answering, the notifier delivering a
status message) announces it inside the writing transaction. On PostgreSQL that is a
NOTIFY, which the server sends to every listener only when the transaction commits,
so a page waiting in any process (another web worker, or `slrt run` while `slrt
notifier` sends) wakes within milliseconds, and a rollback wakes nobody. Each service
process listens on one connection of its own and reconnects after an outage. The
long poll still looks at the database now and then, in case a wake-up was missed:
often while nobody listens (SQLite, or the listener is reconnecting), rarely while
the listener is up.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from backend import listen

log = logging.getLogger(__name__)

# The NOTIFY channel; its payload is a web chat id (an HMAC of the cookie, no personal data).
NOTIFY_CHANNEL = "slrt_web_chat"
# How often a long poll looks at the database by itself, with and without a listener.
RECHECK_SECONDS = 1.0
LISTENING_RECHECK_SECONDS = 15.0


class WebChatHub:
    """Wakes the long polls of a chat waiting in this process."""

    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}

    @property
    def recheck_seconds(self) -> float:
        """How long a long poll may wait before it looks at the database by itself."""
        return RECHECK_SECONDS

    async def announce(self, session: AsyncSession, chat_id: str) -> None:
        """Inside the transaction that writes to the chat: on PostgreSQL, NOTIFY on commit."""
        await listen.notify(session, NOTIFY_CHANNEL, chat_id)

    def notify(self, chat_id: str) -> None:
        """Something new is in the chat's transcript: wake its polls in this process."""
        event = self._events.pop(chat_id, None)
        if event is not None:
            event.set()

    def notify_all(self) -> None:
        """Wakes every waiting poll (after wake-ups may have been missed)."""
        events, self._events = self._events, {}
        for event in events.values():
            event.set()

    def waiting(self, chat_id: str) -> bool:
        """Whether a long poll of the chat waits in this process now."""
        return chat_id in self._events

    async def wait(self, chat_id: str, timeout: float) -> None:
        """Returns when notified or after `timeout` seconds."""
        event = self._events.setdefault(chat_id, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            if self._events.get(chat_id) is event and not event.is_set():
                del self._events[chat_id]

    async def start(self) -> None:
        """Starts listening for other processes' wake-ups (nothing to do in one process)."""

    async def close(self) -> None:
        """Stops listening."""


class PostgresWebChatHub(WebChatHub):
    """A hub that also hears the NOTIFYs of every process, on a connection of its own."""

    def __init__(
        self, engine: AsyncEngine, *, listening_recheck: float = LISTENING_RECHECK_SECONDS
    ) -> None:
        super().__init__()
        self.engine = engine
        self.listening_recheck = listening_recheck
        self._listener = listen.Listener(
            engine, {NOTIFY_CHANNEL: self.notify}, name="web chat", on_connected=self.notify_all
        )
        self.listening = self._listener.listening

    @property
    def recheck_seconds(self) -> float:
        return self.listening_recheck if self.listening.is_set() else RECHECK_SECONDS

    async def start(self) -> None:
        await self._listener.start()

    async def close(self) -> None:
        await self._listener.close()


def webchat_hub_for(engine: AsyncEngine) -> WebChatHub:
    """The hub for this database: listening on PostgreSQL, in-process on SQLite."""
    if engine.dialect.name == "postgresql":
        return PostgresWebChatHub(engine)
    return WebChatHub()
