"""A pooled PostgreSQL connection is tried only after it idled (backend/db.py): one cut while
idle is replaced before anyone gets it, one cut while in use costs that use and no more."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from backend import db
from tests.fixtures.database import postgres_admin_url

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


async def _cut(pid: int) -> None:
    # Another connection ends the pooled one's server process, as a restart would.
    other = db.create_engine(postgres_admin_url())
    try:
        async with other.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await other.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # pings are PostgreSQL's
class TestIdlePing:
    async def test_a_connection_cut_while_idle_is_replaced_unseen(
        self, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        first = await _pid(engine)
        await _cut(first)
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has idled long enough
        assert await _pid(engine) != first

    async def test_a_connection_just_used_is_not_tried_and_its_loss_costs_one_use(
        self, engine: AsyncEngine
    ) -> None:
        first = await _pid(engine)
        await _cut(first)
        # Used again at once: not tried, so the statement meets the cut connection.
        with pytest.raises(DBAPIError) as failed:
            await _pid(engine)
        assert failed.value.connection_invalidated
        assert await _pid(engine) != first  # the next use gets a new connection
