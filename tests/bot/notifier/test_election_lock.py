"""The notifier's advisory lock lives and ends with a connection of its own (bot/notifier/election.py)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import create_engine
from bot.notifier.election import ADVISORY_LOCK_KEY, Leadership
from tests.fixtures.database import postgres_admin_url

# pg_locks shows a 64-bit advisory key as its two 32-bit halves.
HOLDER = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND classid = :high AND objid = :low"
)
KEY_HALVES = {"high": ADVISORY_LOCK_KEY >> 32, "low": ADVISORY_LOCK_KEY & 0xFFFFFFFF}


async def _lock_holder(engine: AsyncEngine) -> int | None:
    async with engine.connect() as connection:
        return (await connection.execute(HOLDER, KEY_HALVES)).scalar_one_or_none()


async def _alive(engine: AsyncEngine, pid: int) -> bool:
    async with engine.connect() as connection:
        found = await connection.execute(
            text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        )
        return found.first() is not None


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # an advisory lock
async def test_the_locks_connection_ends_with_the_lead(backend: str) -> None:
    # Back in the pool, a connection whose unlock had failed would hold the lock for good;
    # ended, it cannot: the server drops a session's locks with it.
    engine = create_engine(postgres_admin_url())
    observer = create_engine(postgres_admin_url())
    try:
        async with Leadership(engine, check_interval=60).lead(asyncio.Event()) as lost:
            assert lost is not None
            holder = await _lock_holder(observer)
            assert holder is not None
        assert await _lock_holder(observer) is None
        assert not await _alive(observer, holder)
    finally:
        await engine.dispose()
        await observer.dispose()
