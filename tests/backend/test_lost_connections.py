"""Lost PostgreSQL connections (backend/db.py): a pooled one is tried only after it idled, so
one cut while idle is replaced before anyone gets it and one cut just after use costs that
use and no more; the notifier's marks run once more on a new connection."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from backend import db
from tests.fixtures.database import (
    check_a_cut_connection_costs_one_use,
    end_server_process,
    postgres_admin_url,
)

PID = text("SELECT pg_backend_pid()")


@pytest.fixture
async def engine(backend: str) -> AsyncIterator[AsyncEngine]:
    """An engine of one pooled connection on the test server (`backend` skips without one)."""
    engine = db.create_engine(postgres_admin_url(), pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


async def _pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(PID)).scalar_one())


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # pings are PostgreSQL's
class TestIdlePing:
    async def test_a_connection_cut_while_idle_is_replaced_unseen(
        self, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        first = await _pid(engine)
        await end_server_process(first)
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has idled long enough
        assert await _pid(engine) != first

    async def test_a_connection_just_used_is_not_tried_and_its_loss_costs_one_use(
        self, engine: AsyncEngine
    ) -> None:
        # Used again at once: not tried, so the statement meets the cut connection.
        await check_a_cut_connection_costs_one_use(lambda: _pid(engine))


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
class TestLongIdleRenewed:
    async def test_only_the_connection_that_idled_long_is_replaced(
        self, backend: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Two pooled connections; the one handed out after a long idle is replaced unseen,
        # and the other, which was never tried, is still the one it was.
        engine = db.create_engine(postgres_admin_url(), pool_size=2, max_overflow=0)
        try:
            async with engine.connect() as one, engine.connect() as two:
                pooled = {await _pid_of(one), await _pid_of(two)}
            monkeypatch.setattr(db, "RENEW_AFTER_IDLE_SECONDS", 0.0)
            monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
            renewed = await _pid(engine)
            assert renewed not in pooled
            monkeypatch.setattr(db, "RENEW_AFTER_IDLE_SECONDS", 3600.0)
            monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)
            async with engine.connect() as one, engine.connect() as two:
                now = {await _pid_of(one), await _pid_of(two)}
            assert renewed in now and len(now & pooled) == 1
        finally:
            await engine.dispose()


async def _pid_of(connection: AsyncConnection) -> int:
    return int((await connection.execute(PID)).scalar_one())


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
class TestOnceMoreIfCut:
    async def test_a_write_that_met_a_cut_connection_runs_on_a_new_one(
        self, engine: AsyncEngine
    ) -> None:
        sessions = db.create_session_factory(engine)
        first = await _pid(engine)
        await end_server_process(first)
        ran_on: list[int] = []

        async def write(session: AsyncSession) -> str:
            ran_on.append(int((await session.execute(PID)).scalar_one()))
            return "marked"

        assert await db.write_once_more_if_cut(sessions, write) == "marked"
        assert len(ran_on) == 1 and ran_on[0] != first

    async def test_any_other_failure_is_not_tried_again(self, engine: AsyncEngine) -> None:
        tries = 0

        async def write(session: AsyncSession) -> None:
            nonlocal tries
            tries += 1
            await session.execute(text("SELECT 1 / 0"))

        with pytest.raises(DBAPIError):
            await db.write_once_more_if_cut(db.create_session_factory(engine), write)
        assert tries == 1
