"""An account's areas in the API: /auth/me says them, and the queue's kept counts follow them."""

from __future__ import annotations

import os
from collections.abc import Iterable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.identity_mentions import VAULT_INFO_KEY
from backend.complaints.queue_counts_cache import COUNTS_CACHE_INFO_KEY, QueueCountsCache
from backend.db import unit_of_work
from backend.security.crypto import vault_for
from backend.staff.areas import set_areas
from backend.staff.models import Role, StaffUser
from tests.backend.api.helpers import SignedIn, sign_in
from tests.backend.api.queue_world import Queue, get_queue, queue
from tests.fixtures.database import savepoint_sessions

__all__ = ["queue"]  # the fixture, used by name
ADMIN = Actor(ActorRole.ADMIN)


@pytest.fixture
def sessions(rollback_connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Like the service's sessions (backend/sessions.py): they share one counts cache."""
    info = {
        VAULT_INFO_KEY: vault_for(os.environ["DATA_KEY"]),
        COUNTS_CACHE_INFO_KEY: QueueCountsCache(),
    }
    return savepoint_sessions(rollback_connection, info=info)


@pytest.fixture
def other_worker(rollback_connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions of another process: its commits cannot clear this process's cache."""
    return savepoint_sessions(
        rollback_connection, info={VAULT_INFO_KEY: vault_for(os.environ["DATA_KEY"])}
    )


async def _limit(
    sessions: async_sessionmaker[AsyncSession], caller: SignedIn, codes: Iterable[str]
) -> None:
    async with unit_of_work(sessions) as session:
        await set_areas(session, await session.get_one(StaffUser, caller.user_id), codes, ADMIN)


async def _counts(client: httpx.AsyncClient, caller: SignedIn) -> dict[str, int]:
    response = await get_queue(client, caller)
    assert response.status_code == 200, response.text
    return {c["status"]: c["count"] for c in response.json()["counts"] if c["count"]}


class TestMe:
    """GET /api/v1/auth/me says the account's areas: codes as set, empty for the whole city."""

    async def test_a_whole_city_account_has_no_areas(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        response = await client.get("/api/v1/auth/me", headers=caller.headers)
        assert response.status_code == 200
        assert response.json()["areas"] == []

    async def test_a_limited_account_lists_its_kecamatan_then_kelurahan(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.SUPERVISOR)
        await _limit(db, caller, ["32.71.04.1003", "32.71.01", " 32.71.04.1003 "])
        response = await client.get("/api/v1/auth/me", headers=caller.headers)
        assert response.json()["areas"] == ["32.71.01", "32.71.04.1003"]


class TestKeptCounts:
    """The queue's counts are kept per area set: one account never gets another's."""

    async def test_two_accounts_with_different_areas_get_their_own_counts(
        self, client: httpx.AsyncClient, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        west = await sign_in(db, Role.BACK_OFFICE)
        south = await sign_in(db, Role.BACK_OFFICE)
        await _limit(db, west, ["32.71.04"])
        await _limit(db, south, ["32.71.01"])
        assert await _counts(client, queue.admin) == {
            "received": 1, "in_review": 1, "needs_info": 1, "in_progress": 1, "closed": 1,
        }  # fmt: skip
        # Each asks right after the other, within the seconds the counts are kept.
        assert await _counts(client, west) == {"received": 1, "needs_info": 1}
        assert await _counts(client, south) == {"in_review": 1}
        assert await _counts(client, west) == {"received": 1, "needs_info": 1}

    async def test_areas_changed_by_another_worker_count_at_the_next_request(
        self, client: httpx.AsyncClient, queue: Queue, db: async_sessionmaker[AsyncSession],
        other_worker: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        caller = await sign_in(db, Role.SUPERVISOR)
        await _limit(db, caller, ["32.71.04"])
        assert await _counts(client, caller) == {"received": 1, "needs_info": 1}
        # Another worker's commit does not clear this process's cache; the key still moves.
        await _limit(other_worker, caller, ["32.71.02.1001"])
        assert await _counts(client, caller) == {"in_progress": 1}
        await _limit(other_worker, caller, [])
        assert len(await _counts(client, caller)) == 5
