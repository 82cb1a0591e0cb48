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
import contextlib
import logging
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

log = logging.getLogger(__name__)

# The NOTIFY channel; its payload is a web chat id (an HMAC of the cookie, no personal data).
NOTIFY_CHANNEL = "slrt_web_chat"
# How often a long poll looks at the database by itself, with and without a listener.
RECHECK_SECONDS = 1.0
LISTENING_RECHECK_SECONDS = 15.0
# How often the listener's connection is checked, and the pause before reconnecting.
LISTENER_CHECK_SECONDS = 2.0
LISTENER_RETRY_SECONDS = 1.0


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
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(select(func.pg_notify(NOTIFY_CHANNEL, chat_id)))

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
        self.listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def recheck_seconds(self) -> float:
        return self.listening_recheck if self.listening.is_set() else RECHECK_SECONDS

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name="web-chat-listener")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _listen(self) -> None:
        while True:
            connection: AsyncConnection | None = None
            try:
                connection = await self.engine.connect()
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                raw = await connection.get_raw_connection()
                listener = raw.driver_connection  # the asyncpg connection itself
                assert listener is not None
                await listener.add_listener(NOTIFY_CHANNEL, self._heard)
                self.listening.set()
                log.info("web chat: listening for wake-ups of other processes")
                self.notify_all()  # what was written while nobody listened is looked at now
                await self._watch(connection)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001  (the database is away: try again)
                if self.listening.is_set():
                    log.warning("web chat: wake-ups from other processes lost: %r", error)
            finally:
                self.listening.clear()
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.invalidate()  # never back to the pool while listening
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(LISTENER_RETRY_SECONDS)

    async def _watch(self, connection: AsyncConnection) -> None:
        # A reset connection fails the query at once; a hung one fails it by the timeout.
        while True:
            await asyncio.sleep(LISTENER_CHECK_SECONDS)
            async with asyncio.timeout(LISTENER_CHECK_SECONDS * 2):
                await connection.execute(text("SELECT 1"))

    def _heard(self, _connection: Any, _pid: int, _channel: str, chat_id: str) -> None:
        self.notify(chat_id)


def webchat_hub_for(engine: AsyncEngine) -> WebChatHub:
    """The hub for this database: listening on PostgreSQL, in-process on SQLite."""
    if engine.dialect.name == "postgresql":
        return PostgresWebChatHub(engine)
    return WebChatHub()
