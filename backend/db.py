"""Declarative base, engines and the unit of work that commits at the edge."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from sqlalchemy import Connection, CursorResult, DateTime, Enum, MetaData, Result, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, DisconnectionError, InvalidatePoolError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

from backend.config import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use backend.clock.utcnow()")
        # SQLite keeps the wall time and drops the zone: always store UTC.
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every model; constraint names are stable so migrations can name them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every model maps one Table (never a join or a subquery), so Core statements can take it.
    __table__: ClassVar[Table]


def create_engine(
    database_url: str, *, timeout: float | None = None, **kwargs: object
) -> AsyncEngine:
    """Creates an async engine; SQLite gets WAL, foreign keys and real transactions.

    `timeout` bounds each PostgreSQL connect and statement (the idle ping included), so a
    database that stops answering raises TimeoutError instead of waiting forever.
    """
    if database_url.startswith("sqlite"):
        _ensure_sqlite_directory(database_url)
        engine = create_async_engine(
            database_url,
            connect_args={"timeout": 30},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    if timeout is not None:
        kwargs["connect_args"] = {"timeout": timeout, "command_timeout": timeout}
    engine = create_async_engine(database_url, **kwargs)
    _ping_when_idle(engine)
    return engine


def service_engine(settings: Settings) -> AsyncEngine:
    """The engine of a long-running process (`slrt run`, `slrt bot`, `slrt notifier`).

    On PostgreSQL each connect and statement is bounded by DATABASE_TIMEOUT, and the pool
    opens up to DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW connections and keeps those it
    opened. SQLAlchemy's overflow closes a connection as it comes back whenever the pool
    already holds DATABASE_POOL_SIZE idle ones: with 50 chats writing at once that
    connected anew for two updates in five (the default sizes), each connect costing the
    process more CPU than the update itself. The most recently used connection goes out
    first, so in a quiet hour the same few carry the work and the rest wait unused (and
    are renewed after a long idle, see `_ping_when_idle`). SQLite keeps SQLAlchemy's own
    pool: its connections cost no server anything, and while a long write holds the file,
    the jobs waiting for it would fill a small pool and leave /healthz none.
    """
    if settings.is_sqlite:
        return create_engine(settings.database_url)
    return create_engine(
        settings.database_url, timeout=settings.database_timeout,
        pool_size=settings.database_pool_size + settings.database_max_overflow,
        max_overflow=0, pool_use_lifo=True,
    )  # fmt: skip


# A pooled connection unused for longer is tried before it is handed out.
PING_AFTER_IDLE_SECONDS = 5.0
# One unused for longer is replaced instead: with the most recent handed out first, the
# pool's deep connections idle through a quiet hour, the kind a firewall's idle cut takes.
RENEW_AFTER_IDLE_SECONDS = 300.0


def _ping_when_idle(engine: AsyncEngine) -> None:
    # SQLAlchemy's pool_pre_ping tries every connection it hands out, and on asyncpg a try is
    # three round trips (BEGIN, an empty query, ROLLBACK): for a bot update that had
    # two transactions, more than its own statements. Connections are cut mostly while they
    # idle (a firewall's idle cut), so only one that idled is tried. One cut otherwise (the
    # database restarted in use or within those seconds) fails its next statement, and
    # SQLAlchemy then drops the whole pool; the notifier's marks try once more.
    @event.listens_for(engine.sync_engine, "checkin")
    def _on_checkin(_connection: DBAPIConnection | None, record: ConnectionPoolEntry) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(
        connection: DBAPIConnection, record: ConnectionPoolEntry, _proxy: object
    ) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is None:
            return  # just made
        idle = time.monotonic() - idle_since
        if idle < PING_AFTER_IDLE_SECONDS:
            return  # just used
        if idle >= RENEW_AFTER_IDLE_SECONDS:
            # Only this one is replaced (the pool connects anew in its place): whether it
            # was cut says nothing of the connections in use beside it.
            raise DisconnectionError("a pooled connection idled long: renewed")
        try:
            connection.ping()
        except Exception as error:
            # The pool drops every connection it holds (they idled beside this one, so are
            # likely cut too) and hands out a new one, as pool_pre_ping does.
            raise InvalidatePoolError(f"a pooled connection did not answer: {error!r}") from error


def _ensure_sqlite_directory(database_url: str) -> None:
    path = database_url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


# The execution option of a connection that only reads: on SQLite its transaction does not
# take the write lock (see _configure_sqlite); elsewhere it changes nothing.
READ_ONLY_OPTION = "slrt_read_only"


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite opens transactions lazily and never for SAVEPOINT; taking over BEGIN
    # ourselves gives SQLite the same transaction semantics as PostgreSQL. BEGIN
    # IMMEDIATE takes the write lock up front, so two writers queue instead of
    # failing with "database is locked" when a reader upgrades.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A read-only look (the health check) must not queue behind a long write such as a
        # registry import: in WAL mode a deferred transaction reads beside the writer.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN DEFERRED")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def rows_matched(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (the session types its result as a plain Result)."""
    assert isinstance(result, CursorResult)
    return result.rowcount


def create_session_factory(
    engine: AsyncEngine, *, info: dict[str, Any] | None = None
) -> async_sessionmaker[AsyncSession]:
    """Returns the session factory used by requests, bot updates and workers.

    `info` is copied into every session (the vault for typed identity numbers:
    see backend/casefiles/identity_mentions.py).
    """
    return async_sessionmaker(engine, expire_on_commit=False, info=info)


@asynccontextmanager
async def unit_of_work(
    sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """Opens a session, commits once when the block succeeds, rolls back otherwise."""
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


T = TypeVar("T")


async def write_once_more_if_cut(
    sessions: async_sessionmaker[AsyncSession], write: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Runs `write` in a unit of work, and once more on a new connection when the first
    was found cut (the database restarted while it idled for less than the ping's wait).

    Only for writes that may run twice: the notifier's marks after a send, where a mark
    that failed would send the message again.
    """

    async def attempt() -> T:
        async with unit_of_work(sessions) as session:
            return await write(session)

    return await once_more_if_cut(attempt)


async def once_more_if_cut(attempt: Callable[[], Awaitable[T]]) -> T:
    """Runs `attempt`, and once more when it found its connection cut (a DBAPIError whose
    `connection_invalidated` is set): the next one gets a new connection."""
    try:
        return await attempt()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    return await attempt()


async def flush_pending(session: AsyncSession) -> None:
    """Flushes what `session` holds unwritten, if anything: a flush with nothing to write
    still costs a switch into SQLAlchemy's greenlet, at nearly every update."""
    if session.new or session.dirty or session.deleted:
        await session.flush()


def enum_column_type(enum_class: type[StrEnum]) -> Enum:
    """Stores a StrEnum by its value in a VARCHAR, so adding a member needs no DDL."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


async def take_next(
    session: AsyncSession,
    key_column: InstrumentedAttribute[Any],
    counter_column: InstrumentedAttribute[int],
    key: object,
) -> int:
    """Adds one to the counter of `key` (a new key starts at 1) and answers it.

    One upsert, so concurrent callers each get their own number on both databases
    (ticket serials per day, letter numbers per year).
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(key_column.class_)
        .values({key_column.key: key, counter_column.key: 1})
        .on_conflict_do_update(
            index_elements=[key_column], set_={counter_column.key: counter_column + 1}
        )
        .returning(counter_column)
    )
    return int((await session.execute(statement)).scalar_one())
