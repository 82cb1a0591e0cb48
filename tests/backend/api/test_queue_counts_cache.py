"""The queue's counts per status, kept a few seconds by a service's session factory.

Kept between pages of the same filters; forgotten by any commit in the process
that wrote, so whoever changes a complaint sees the counts move at once.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from backend.casefiles.identity_mentions import VAULT_INFO_KEY
from backend.casefiles.models import ComplaintStatus as S
from backend.casefiles.repository import get_by_ticket
from backend.complaints.queue_counts_cache import COUNTS_CACHE_INFO_KEY, QueueCountsCache
from backend.db import unit_of_work
from backend.security.crypto import vault_for
from tests.backend.api.queue_world import Queue, get_queue, queue
from tests.fixtures.database import savepoint_sessions

__all__ = ["queue"]  # the fixture, used by name


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


async def _counts(client: httpx.AsyncClient, queue: Queue, **params: Any) -> dict[str, int]:
    response = await get_queue(client, queue.admin, **params)
    assert response.status_code == 200, response.text
    return {c["status"]: c["count"] for c in response.json()["counts"]}


async def _close(sessions: async_sessionmaker[AsyncSession], ticket: str) -> None:
    async with unit_of_work(sessions) as session:
        complaint = await get_by_ticket(session, ticket)
        assert complaint is not None
        complaint.status = S.CLOSED  # test set-up: straight into a status


async def test_a_change_in_this_process_shows_at_once(
    client: httpx.AsyncClient, queue: Queue, db: async_sessionmaker[AsyncSession]
) -> None:
    before = await _counts(client, queue)
    await _close(db, queue.tickets["ani"])
    after = await _counts(client, queue)
    assert (before["received"], before["closed"]) == (1, 1)
    assert (after["received"], after["closed"]) == (0, 2)


async def test_counts_are_kept_across_pages_and_status_filters(
    client: httpx.AsyncClient,
    queue: Queue,
    db: async_sessionmaker[AsyncSession],
    other_worker: async_sessionmaker[AsyncSession],
) -> None:
    before = await _counts(client, queue)
    # Another worker's change is not seen while the counts are kept...
    await _close(other_worker, queue.tickets["ani"])
    assert await _counts(client, queue, status="received") == before
    assert await _counts(client, queue, limit=1) == before
    # ...but the rows are, and other filters are counted on their own.
    rows = (await get_queue(client, queue.admin, status="received")).json()["items"]
    assert rows == []
    assert (await _counts(client, queue, category="pkh"))["closed"] == 2
    # Any commit here that wrote clears what was kept.
    await _close(db, queue.tickets["budi"])
    assert (await _counts(client, queue))["closed"] == 3
