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

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from backend.outage import is_outage_error

T = TypeVar("T")

_DIALECT = PGDialect_asyncpg()


@dataclass(frozen=True)
class DriverStatement:
    """A statement built by SQLAlchemy, compiled once for asyncpg: its SQL, and how to turn
    named values into the driver's positional arguments."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        """The values in the statement's order, each as its column's type binds it."""
        return [
            values[name] if process is None else process(values[name])
            for name, process in zip(self.names, self.processors, strict=True)
        ]


@cache
def driver_statement(statement: ClauseElement) -> DriverStatement:
    """`statement` compiled for asyncpg (once: statements are built once, at import)."""
    compiled = cast(SQLCompiler, statement.compile(dialect=_DIALECT))
    names = tuple(compiled.positiontup or ())
    processors = tuple(
        compiled.binds[name].type.dialect_impl(_DIALECT).bind_processor(_DIALECT) for name in names
    )
    return DriverStatement(compiled.string, names, processors)


async def execute(driver: Any, statement: ClauseElement, **values: Any) -> str:
    """Runs `statement` on the driver's connection; answers its status ("DELETE 3")."""
    compiled = driver_statement(statement)
    status: str = await driver.execute(compiled.sql, *compiled.arguments(values))
    return status


def driver_engine(sessions: async_sessionmaker[AsyncSession]) -> AsyncEngine | None:
    """The engine behind `sessions` when its transactions may run on the driver: asyncpg's,
    and sessions bound to the engine itself (a test's sessions bound to one connection
    roll back with it, and a transaction of the driver's own would escape that)."""
    bind = sessions.kw.get("bind")
    if isinstance(bind, AsyncEngine) and bind.dialect.driver == "asyncpg":
        return bind
    return None


@asynccontextmanager
async def driver_transaction(engine: AsyncEngine) -> AsyncIterator[Any]:
    """A transaction on a pooled connection's asyncpg connection: committed when the block
    ends, rolled back when it raises.

    A connection lost under it (the database restarted, the network cut) is dropped from
    the pool and the failure raised as SQLAlchemy raises it, a DBAPIError whose
    `connection_invalidated` is set, so callers tell it apart as for a session. A
    connection that a cancellation left inside its transaction is dropped too: it must
    never be handed out again half-way through one.
    """
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None  # a pooled connection that is checked out
        try:
            async with driver.transaction():
                yield driver
        except Exception as error:
            if is_outage_error(error) or driver.is_closed():
                await connection.invalidate(error)
                raise sa_exc.DBAPIError.instance(
                    None, None, error, Exception, connection_invalidated=True
                ) from error
            raise
        finally:
            if not connection.invalidated and (driver.is_closed() or driver.is_in_transaction()):
                await connection.invalidate()


async def on_driver_once_more_if_cut(
    engine: AsyncEngine, write: Callable[[Any], Awaitable[T]]
) -> T:
    """Runs `write` in a driver transaction, and once more on a new connection when the
    first was found cut: `backend.db.write_once_more_if_cut`, on the driver."""
    try:
        async with driver_transaction(engine) as driver:
            return await write(driver)
    except sa_exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
    async with driver_transaction(engine) as driver:
        return await write(driver)
