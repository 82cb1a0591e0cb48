"""Transactions on asyncpg's own connection (backend/driver.py): they commit and roll back as a
session's do, and a connection lost or left half-way is never handed out again."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend import db
from backend.driver import (
    driver_engine,
    driver_statement,
    driver_transaction,
    execute,
    on_driver_once_more_if_cut,
)
from backend.security.guarded_columns import GuardedText
from tests.fixtures.database import (
    check_a_cut_connection_costs_one_use,
    end_server_process,
    postgres_admin_url,
)

PID = "SELECT pg_backend_pid()"
NOTES = Table(
    "driver_test_notes", MetaData(),
    Column("id", Integer, primary_key=True), Column("body", GuardedText),
)  # fmt: skip


@pytest.fixture
async def engine(backend: str) -> AsyncIterator[AsyncEngine]:
    """An engine of one pooled connection on the test server, with a table of its own."""
    engine = db.create_engine(postgres_admin_url(), pool_size=1, max_overflow=0)
    async with engine.begin() as connection:
        await connection.run_sync(NOTES.drop, checkfirst=True)
        await connection.run_sync(NOTES.create)
    yield engine
    async with engine.begin() as connection:
        await connection.run_sync(NOTES.drop)
    await engine.dispose()


async def _pid(engine: AsyncEngine) -> int:
    async with driver_transaction(engine) as driver:
        return int(await driver.fetchval(PID))


async def _bodies(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(NOTES.c.body).order_by(NOTES.c.id))).scalars())


ADD_NOTE = insert(NOTES).values(body=bindparam("body"))


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
class TestDriverTransaction:
    async def test_commits_when_the_block_ends_and_rolls_back_when_it_raises(
        self, engine: AsyncEngine
    ) -> None:
        async with driver_transaction(engine) as driver:
            await execute(driver, ADD_NOTE, body="kept")
        with pytest.raises(ZeroDivisionError):
            async with driver_transaction(engine) as driver:
                await execute(driver, ADD_NOTE, body="undone")
                raise ZeroDivisionError
        assert await _bodies(engine) == ["kept"]

    async def test_values_pass_through_their_columns_types(self, engine: AsyncEngine) -> None:
        # A guarded column masks an identity number typed in it, on the driver as elsewhere.
        async with driver_transaction(engine) as driver:
            await execute(driver, ADD_NOTE, body="NIK 3271046501900001")
        [body] = await _bodies(engine)
        assert "3271046501900001" not in body and body.startswith("NIK 3271")

    async def test_a_cut_connection_fails_as_for_a_session_and_is_replaced(
        self, engine: AsyncEngine
    ) -> None:
        await check_a_cut_connection_costs_one_use(lambda: _pid(engine))

    async def test_a_statement_that_fails_leaves_the_connection_in_the_pool(
        self, engine: AsyncEngine
    ) -> None:
        first = await _pid(engine)
        with pytest.raises(Exception, match="division by zero"):
            async with driver_transaction(engine) as driver:
                await driver.execute("SELECT 1 / 0")
        assert await _pid(engine) == first

    async def test_a_statement_that_timed_out_stays_a_timeout_and_keeps_the_connection(
        self, engine: AsyncEngine
    ) -> None:
        first = await _pid(engine)
        with pytest.raises(TimeoutError):
            async with driver_transaction(engine) as driver:
                await driver.execute("SELECT pg_sleep(1)", timeout=0.05)
        assert await _pid(engine) == first

    async def test_a_transaction_cancelled_half_way_is_not_handed_out_again(
        self, engine: AsyncEngine
    ) -> None:
        started = asyncio.Event()

        async def waits() -> None:
            async with driver_transaction(engine) as driver:
                await execute(driver, ADD_NOTE, body="half-way")
                started.set()
                await driver.execute("SELECT pg_sleep(1)")

        task = asyncio.create_task(waits())
        await started.wait()
        # Cancelled twice, as a shutdown that gives up waiting does: the second cancellation
        # stops asyncpg's own rollback, and the connection is left inside the transaction.
        task.cancel()
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None and not driver.is_in_transaction()
        assert await _bodies(engine) == []

    async def test_a_transaction_cancelled_at_any_point_leaves_the_next_ones_whole(
        self, engine: AsyncEngine
    ) -> None:
        # Cancelled before, during or after its BEGIN: asyncpg may already count the
        # transaction as open while the server has not answered yet, and a connection handed
        # out so would turn the next unit of work into a savepoint, its commit lost.
        sessions = db.create_session_factory(engine)
        for steps in range(12):

            async def cancelled() -> None:
                async with driver_transaction(engine) as driver:
                    await driver.execute("SELECT 1")

            task = asyncio.create_task(cancelled())
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            async with db.unit_of_work(sessions) as session:
                await session.execute(ADD_NOTE, {"body": f"after {steps}"})
        other = db.create_engine(postgres_admin_url())
        try:
            async with other.connect() as connection:
                written = await connection.scalar(select(func.count()).select_from(NOTES))
        finally:
            await other.dispose()
        assert written == 12

    async def test_once_more_on_a_new_connection_when_the_first_was_cut(
        self, engine: AsyncEngine
    ) -> None:
        first = await _pid(engine)
        await end_server_process(first)
        ran_on: list[int] = []

        async def write(driver: Any) -> str:
            ran_on.append(int(await driver.fetchval(PID)))
            return "written off"

        assert await on_driver_once_more_if_cut(engine, write) == "written off"
        assert len(ran_on) == 1 and ran_on[0] != first

    async def test_any_other_failure_is_not_tried_again(self, engine: AsyncEngine) -> None:
        tries = 0

        async def write(driver: Any) -> None:
            nonlocal tries
            tries += 1
            await driver.execute("SELECT 1 / 0")

        with pytest.raises(Exception, match="division by zero"):
            await on_driver_once_more_if_cut(engine, write)
        assert tries == 1


class TestWhereTheDriverIsUsed:
    def test_only_for_sessions_bound_to_an_asyncpg_engine(self) -> None:
        postgres = db.create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/none")
        sqlite = db.create_engine("sqlite+aiosqlite:///:memory:")
        assert driver_engine(db.create_session_factory(postgres)) is postgres
        assert driver_engine(db.create_session_factory(sqlite)) is None

    def test_a_statement_is_compiled_once(self) -> None:
        assert driver_statement(ADD_NOTE) is driver_statement(ADD_NOTE)
        assert driver_statement(ADD_NOTE).names == ("body",)
