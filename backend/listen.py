"""PostgreSQL LISTEN/NOTIFY: how one process tells the others that something was written.

A NOTIFY sent inside a transaction reaches the listeners only when it commits, so a
rollback tells nobody. A listener holds one connection of its own (never back to the
pool), checks it now and then, and reconnects after an outage; on reconnecting it
calls `on_connected`, since NOTIFYs sent while nobody listened are lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

log = logging.getLogger(__name__)

# How often the listener's connection is checked, and the pause before reconnecting.
CHECK_SECONDS = 2.0
RETRY_SECONDS = 1.0


async def notify(session: AsyncSession, channel: str, payload: str = "") -> None:
    """Inside the writing transaction: on PostgreSQL, a NOTIFY sent at commit; else nothing."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(channel, payload)))


class Listener:
    """Calls `callbacks[channel](payload)` for every NOTIFY on those channels, from any process."""

    def __init__(
        self,
        engine: AsyncEngine,
        callbacks: Mapping[str, Callable[[str], None]],
        *,
        name: str,
        on_connected: Callable[[], None] = lambda: None,
    ) -> None:
        self.engine = engine
        self.callbacks = dict(callbacks)
        self.name = name
        self.on_connected = on_connected
        self.listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Starts listening in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name=f"{self.name}-listener")

    async def close(self) -> None:
        """Stops listening."""
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
                for channel in self.callbacks:
                    await listener.add_listener(channel, self._heard)
                self.listening.set()
                log.info("%s: listening for notices of other processes", self.name)
                self.on_connected()  # what was written while nobody listened is looked at now
                await self._watch(connection)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001  (the database is away: try again)
                if self.listening.is_set():
                    log.warning("%s: notices from other processes lost: %r", self.name, error)
            finally:
                self.listening.clear()
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.invalidate()  # never back to the pool while listening
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(RETRY_SECONDS)

    async def _watch(self, connection: AsyncConnection) -> None:
        # A reset connection fails the query at once; a hung one fails it by the timeout.
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            async with asyncio.timeout(CHECK_SECONDS * 2):
                await connection.execute(text("SELECT 1"))

    def _heard(self, _connection: Any, _pid: int, channel: str, payload: str) -> None:
        callback = self.callbacks.get(channel)
        if callback is not None:
            callback(payload)
