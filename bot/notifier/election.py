"""Only one notifier sends at a time; a standby takes over when the active one dies.

PostgreSQL: a session-level advisory lock held on a connection of its own; the
server drops it when that connection goes, even after a SIGKILL. SQLite: an
exclusive lock on a file beside the database, which the kernel drops likewise.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# Any fixed 64-bit number; it names the lock among this database's advisory locks.
ADVISORY_LOCK_KEY = 0x534C5254_4E4F5449  # "SLRT" "NOTI"


class Leadership:
    """Waits to become the one active notifier and notices when that ends."""

    def __init__(
        self, engine: AsyncEngine, *, retry_interval: float = 2.0, check_interval: float = 2.0
    ) -> None:
        self.engine = engine
        self.retry_interval = retry_interval
        self.check_interval = check_interval
        self.is_leader = False

    @contextlib.asynccontextmanager
    async def lead(self, stop: asyncio.Event) -> AsyncIterator[asyncio.Event | None]:
        """Yields an event set when leadership is lost, or None if `stop` came first."""
        if self.engine.dialect.name == "postgresql":
            holder = self._postgres_lock(stop)
        else:
            holder = self._file_lock(stop)
        async with holder as lost:
            self.is_leader = lost is not None
            try:
                yield lost
            finally:
                self.is_leader = False

    @contextlib.asynccontextmanager
    async def _postgres_lock(self, stop: asyncio.Event) -> AsyncIterator[asyncio.Event | None]:
        connection = await self._acquire_postgres(stop)
        if connection is None:
            yield None
            return
        lost = asyncio.Event()
        watcher = asyncio.create_task(self._watch(connection, lost))
        try:
            yield lost
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            # The connection ends with the lock rather than go back to the pool: an unlock
            # that failed (a time-out) would leave the lock on a pooled connection, and no
            # notifier could be elected while that connection lived.
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()

    async def _acquire_postgres(self, stop: asyncio.Event) -> AsyncConnection | None:
        while not stop.is_set():
            connection: AsyncConnection | None = None
            try:
                connection = await self.engine.connect()
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                acquired = await connection.scalar(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                if acquired:
                    log.info("notifier: this process is the active notifier")
                    return connection
            except Exception as error:  # noqa: BLE001  (the database may be restarting)
                log.warning("notifier: cannot ask for the notifier lock: %s", error)
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()
            await _wait(stop, self.retry_interval)
        return None

    async def _watch(self, connection: AsyncConnection, lost: asyncio.Event) -> None:
        # A dead connection means the lock is gone and another notifier may have it.
        while True:
            await asyncio.sleep(self.check_interval)
            try:
                await connection.scalar(text("SELECT 1"))
            except Exception as error:  # noqa: BLE001  (any failure means the lock is gone)
                log.warning("notifier: lost the notifier lock: %s", error)
                lost.set()
                return

    @contextlib.asynccontextmanager
    async def _file_lock(self, stop: asyncio.Event) -> AsyncIterator[asyncio.Event | None]:
        path = _lock_path(self.engine)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while not stop.is_set():
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    await _wait(stop, self.retry_interval)
                    continue
                log.info("notifier: this process is the active notifier")
                try:
                    yield asyncio.Event()  # a file lock is only lost with the process
                finally:
                    fcntl.flock(descriptor, fcntl.LOCK_UN)
                return
            yield None
        finally:
            os.close(descriptor)


def _lock_path(engine: AsyncEngine) -> Path:
    database = make_url(str(engine.url)).database or ""
    if database in ("", ":memory:"):
        return Path(os.environ.get("TMPDIR", "/tmp")) / f"slrt-notifier-{os.getpid()}.lock"
    return Path(f"{database}.notifier.lock")


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
