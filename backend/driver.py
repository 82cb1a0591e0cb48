"""Transactions on asyncpg's own connection, for statements run at nearly every update.

Through SQLAlchemy's async session, a transaction of a few statements costs this
process about four times what the same statements cost sent through asyncpg
directly (bench/update_floor.py): a greenlet switched at every call, the session's
and the connection's bookkeeping, the result's. Where that counts, on PostgreSQL,
the transaction runs on the driver's connection itself, taken from SQLAlchemy's pool
like any other (its size, and its tries and renewals at checkout: backend/db.py).
The statements are still built by SQLAlchemy from the tables, once (`DriverStatement`),
and their values pass through their columns' types as SQLAlchemy would pass them.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from backend.db import flush_pending, once_more_if_cut, unit_of_work

T = TypeVar("T")

_DIALECT = PGDialect_asyncpg()
# Where a session working inside a driver transaction keeps the driver's connection.
DRIVER_INFO_KEY = "slrt.driver"


@dataclass(frozen=True)
class DriverStatement:
    """A statement built by SQLAlchemy, compiled once for asyncpg: its SQL, and how to turn
    named values into the driver's positional arguments."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]
    # Each selected or returned column's, in order: what its type makes of the driver's value.
    results: tuple[Callable[[Any], Any] | None, ...]
    # Values the statement holds itself (`literal`), and its columns' defaults, by name.
    fixed: Mapping[str, Any]
    defaults: Mapping[str, Callable[[], Any]]

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        """The values in the statement's order, each as its column's type binds it."""
        arguments = []
        for name, process in zip(self.names, self.processors, strict=True):
            value = self._value(name, values)
            arguments.append(value if process is None else process(value))
        return arguments

    def _value(self, name: str, values: Mapping[str, Any]) -> Any:
        if name in values:
            return values[name]
        if name in self.fixed:
            return self.fixed[name]
        return self.defaults[name]()

    def row(self, record: Sequence[Any]) -> tuple[Any, ...]:
        """A row of the driver's as SQLAlchemy would answer it, each value through its type."""
        return tuple(
            value if process is None or value is None else process(value)
            for value, process in zip(record, self.results, strict=True)
        )


@cache
def driver_statement(statement: ClauseElement) -> DriverStatement:
    """`statement` compiled for asyncpg (once: statements are built once, at import)."""
    compiled = cast(SQLCompiler, statement.compile(dialect=_DIALECT))
    # A list is one array parameter here (`= ANY(...)`): one prepared statement whatever
    # its length, where SQLAlchemy writes each length's statement at each run.
    assert "POSTCOMPILE" not in compiled.string, "a list parameter: use = ANY(array)"
    names = tuple(compiled.positiontup or ())
    processors = tuple(
        compiled.binds[name].type.dialect_impl(_DIALECT).bind_processor(_DIALECT) for name in names
    )
    # A SELECT's columns, or what an INSERT, UPDATE or DELETE returns (if anything).
    selected: Iterable[Any] = getattr(statement, "exported_columns", ())
    results = tuple(
        column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None) for column in selected
    )
    fixed = {
        name: compiled.binds[name].value for name in names if compiled.binds[name].value is not None
    }
    # Columns whose default SQLAlchemy works out in Python as it runs an INSERT or UPDATE.
    prefetched = [*compiled.insert_prefetch, *compiled.update_prefetch]
    defaults = {column.key: _default_of(column) for column in prefetched}
    return DriverStatement(compiled.string, names, processors, results, fixed, defaults)


def _default_of(column: Any) -> Callable[[], Any]:
    default = column.default if column.default is not None else column.onupdate
    if default.is_callable:
        return lambda: default.arg(None)  # SQLAlchemy's wrapper takes the run's context
    return lambda: default.arg


async def execute(driver: Any, statement: ClauseElement, **values: Any) -> int:
    """Runs `statement` on the driver's connection; answers how many rows it matched (the
    count of its status, "UPDATE 1")."""
    compiled = driver_statement(statement)
    status: str = await driver.execute(compiled.sql, *compiled.arguments(values))
    return int(status.rsplit(" ", 1)[-1])


async def fetch(driver: Any, statement: ClauseElement, **values: Any) -> list[tuple[Any, ...]]:
    """Runs `statement` on the driver's connection; answers its rows, as SQLAlchemy would."""
    compiled = driver_statement(statement)
    records = await driver.fetch(compiled.sql, *compiled.arguments(values))
    return [compiled.row(record) for record in records]


def driver_of(session: AsyncSession) -> Any | None:
    """The driver connection whose transaction `session` works in (`update_unit_of_work`),
    if it does: the statements run at every update then go on it."""
    return session.info.get(DRIVER_INFO_KEY)


def driver_engine(sessions: async_sessionmaker[AsyncSession]) -> AsyncEngine | None:
    """The engine behind `sessions` when its transactions may run on the driver: asyncpg's,
    and sessions bound to the engine itself (a test's sessions bound to one connection
    roll back with it, and a transaction of the driver's own would escape that)."""
    bind = sessions.kw.get("bind")
    if isinstance(bind, AsyncEngine) and bind.dialect.driver == "asyncpg":
        return bind
    return None


@asynccontextmanager
async def update_unit_of_work(
    sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """`backend.db.unit_of_work` for an update, its transaction on the driver where it can be.

    The session then works on the same pooled connection in SQLAlchemy's AUTOCOMMIT mode:
    SQLAlchemy sends no BEGIN or COMMIT of its own, so whatever the session does (a flow's
    ORM work) happens inside the driver's transaction, and the statements run at every
    update go on the driver itself (`driver_of`). The session is flushed before the
    driver's COMMIT and commits after it, so its listeners act on committed data.
    """
    engine = driver_engine(sessions)
    if engine is None:
        async with unit_of_work(sessions) as session:
            yield session
        return
    async with _transaction(_autocommit(engine)) as open_transaction:
        session = sessions(bind=open_transaction.connection)
        session.info[DRIVER_INFO_KEY] = open_transaction.driver
        try:
            yield session
            await flush_pending(session)
            await open_transaction.commit()
            # Its own commit once the data is: its listeners (the queue's counts cache of
            # this process) act on what others can now read.
            if session.in_transaction():
                await session.commit()
        except BaseException:
            if session.in_transaction():
                with contextlib.suppress(Exception):  # the first failure is the one to raise
                    await session.rollback()
            raise
        finally:
            session.expunge_all()  # its objects outlive the connection, as a closed session's


@cache
def _autocommit(engine: AsyncEngine) -> AsyncEngine:
    # The same engine and pool, its connections handed out in AUTOCOMMIT mode.
    return engine.execution_options(isolation_level="AUTOCOMMIT")


@asynccontextmanager
async def driver_transaction(engine: AsyncEngine) -> AsyncIterator[Any]:
    """A transaction on a pooled connection's asyncpg connection: committed when the block
    ends, rolled back when it raises.

    A connection lost under it (the database restarted, the network cut) is dropped from
    the pool and the failure raised as SQLAlchemy raises it, a DBAPIError whose
    `connection_invalidated` is set, so callers tell it apart as for a session; any other
    failure is rolled back and raised as it came (a statement's timeout stays one). A
    connection whose transaction did not end cleanly (a cancellation, at any point from
    the BEGIN on) is dropped too, as SQLAlchemy drops one: it must never be handed out
    again half-way through a transaction, or with one the driver still thinks is open.
    """
    async with _transaction(engine) as open_transaction:
        yield open_transaction.driver
        await open_transaction.commit()


@dataclass
class _OpenTransaction:
    connection: AsyncConnection
    driver: Any
    transaction: Any = None  # asyncpg's, once made
    ended: bool = False  # committed or rolled back, the connection clean again

    async def commit(self) -> None:
        await self.transaction.commit()
        self.ended = True


@asynccontextmanager
async def _transaction(engine: AsyncEngine) -> AsyncIterator[_OpenTransaction]:
    """A transaction begun on a pooled connection's driver; the caller commits it."""
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None  # a pooled connection that is checked out
        open_transaction = _OpenTransaction(connection, driver)
        try:
            open_transaction.transaction = driver.transaction()  # refused if already closed
            await open_transaction.transaction.start()
            yield open_transaction
        except Exception as error:
            started = open_transaction.transaction is not None
            usable = not (connection.invalidated or driver.is_closed())
            if started and not open_transaction.ended and usable:
                with contextlib.suppress(Exception):  # not rolled back: dropped below
                    await open_transaction.transaction.rollback()
                    open_transaction.ended = True
            if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
                raise  # the session's statement found it lost, and said so already
            if connection.invalidated or driver.is_closed():
                if not connection.invalidated:
                    await connection.invalidate(error)
                raise sa_exc.DBAPIError.instance(
                    None, None, error, Exception, connection_invalidated=True
                ) from error
            raise  # rolled back and kept, or dropped below: the error as it came
        finally:
            # A cancellation (not an Exception) is never waited on for a ROLLBACK: the
            # connection goes, and the server rolls back as it ends.
            if not open_transaction.ended and not connection.invalidated:
                await connection.invalidate()


async def on_driver_once_more_if_cut(
    engine: AsyncEngine, write: Callable[[Any], Awaitable[T]]
) -> T:
    """Runs `write` in a driver transaction, and once more on a new connection when the
    first was found cut: `backend.db.write_once_more_if_cut`, on the driver."""

    async def attempt() -> T:
        async with driver_transaction(engine) as driver:
            return await write(driver)

    return await once_more_if_cut(attempt)
