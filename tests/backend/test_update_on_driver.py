"""An update's transaction on asyncpg's own connection (backend/driver.py `update_unit_of_work`):
the session's ORM work and the statements run on the driver commit and roll back together,
the identity read with the lock is the session's own, and an answer is written as through
the session. On PostgreSQL, with a database of the test's own (a service's sessions)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.citizens.models import Channel, ChannelIdentity
from backend.citizens.service import identity_of_writer
from backend.clock import utcnow
from backend.complaints.queue_counts_cache import COUNTS_CACHE_INFO_KEY, QueueCountsCache
from backend.db import create_session_factory, unit_of_work
from backend.driver import driver_of, update_unit_of_work
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.notifications.outbox import queue_dialog_reply
from backend.notifications.repository import write_answer_claimed
from backend.security.crypto import Vault
from dialogs.events import Reply
from dialogs.store import lock_conversation, save_conversation
from tests.fixtures.factories import make_complaint

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@pytest.fixture
def service_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


async def _identity(sessions: async_sessionmaker[AsyncSession], vault: Vault) -> ChannelIdentity:
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault)
        return await session.get_one(ChannelIdentity, complaint.identity_id)


async def _statuses(sessions: async_sessionmaker[AsyncSession]) -> list[OutboxStatus]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id)))


class TestOneTransaction:
    async def test_the_sessions_work_and_the_drivers_commit_together(
        self, service_sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        identity = await _identity(service_sessions, vault)
        async with update_unit_of_work(service_sessions) as session:
            assert driver_of(session) is not None
            queue_dialog_reply(session, identity, [Reply("lewat sesi").as_record()])
            await session.flush()
            claimed = await write_answer_claimed(
                session, identity, [Reply("x").as_record()], utcnow()
            )
        assert claimed is None  # held back by the one queued before it, in the same transaction
        assert await _statuses(service_sessions) == [OutboxStatus.PENDING, OutboxStatus.PENDING]

    async def test_what_the_session_holds_unwritten_is_written_and_its_listeners_told(
        self, engine: AsyncEngine, vault: Vault
    ) -> None:
        # The queue's counts are cached per process and cleared when a session of the
        # process commits a write (backend/complaints/queue_counts_cache.py).
        cache = QueueCountsCache()
        sessions = create_session_factory(engine, info={COUNTS_CACHE_INFO_KEY: cache})
        identity = await _identity(sessions, vault)
        cache.put("open", 3)
        async with update_unit_of_work(sessions) as session:
            queue_dialog_reply(session, identity, [Reply("belum ditulis").as_record()])
        assert await _statuses(sessions) == [OutboxStatus.PENDING]
        assert cache.get("open") is None

    async def test_and_roll_back_together(
        self, service_sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        identity = await _identity(service_sessions, vault)
        with pytest.raises(ZeroDivisionError):
            async with update_unit_of_work(service_sessions) as session:
                queue_dialog_reply(session, identity, [Reply("lewat sesi").as_record()])
                await write_answer_claimed(session, identity, [Reply("x").as_record()], utcnow())
                raise ZeroDivisionError
        assert await _statuses(service_sessions) == []


class TestCancelled:
    async def test_a_cancelled_update_stays_cancelled_and_leaves_nothing(
        self, service_sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        # Cancelled in a statement of the session's (a shutdown): the task ends cancelled,
        # not as a database outage, and what it wrote is gone with its connection.
        identity = await _identity(service_sessions, vault)
        started = asyncio.Event()

        async def update() -> None:
            async with update_unit_of_work(service_sessions) as session:
                queue_dialog_reply(session, identity, [Reply("tidak jadi").as_record()])
                await session.flush()
                started.set()
                await session.execute(text("SELECT pg_sleep(1)"))

        task = asyncio.create_task(update())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await _statuses(service_sessions) == []


class TestTheLockedRead:
    async def test_the_identity_read_with_the_lock_is_the_sessions_own(
        self, service_sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        # A chat that blocked the bot writes again: the identity that came with the locked
        # read is changed and written back, in the update's transaction.
        identity = await _identity(service_sessions, vault)
        async with unit_of_work(service_sessions) as session:
            await lock_conversation(session, "telegram", identity.chat_id, "id")
            await session.execute(
                update(ChannelIdentity).where(ChannelIdentity.id == identity.id)
                .values(is_reachable=False, unreachable_since=utcnow())
            )  # fmt: skip
        async with update_unit_of_work(service_sessions) as session:
            conversation = await lock_conversation(session, "telegram", identity.chat_id, "id")
            conversation.updated_at = utcnow()
            await save_conversation(session, conversation)
            writer = await identity_of_writer(
                session, Channel.TELEGRAM, identity.chat_id, language="id"
            )
            assert writer.id == identity.id and writer in session
        async with service_sessions() as session:
            again = await session.get_one(ChannelIdentity, identity.id)
            assert (again.is_reachable, again.unreachable_since) == (True, None)

    async def test_a_new_chat_is_made_and_read_back(
        self, service_sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async with update_unit_of_work(service_sessions) as session:
            made = await lock_conversation(session, "telegram", "555000111", "en")
            assert (made.version, made.language, made.data) == (1, "en", {})
            await save_conversation(session, made)
        async with update_unit_of_work(service_sessions) as session:
            again = await lock_conversation(session, "telegram", "555000111", "id")
            assert (again.id, again.version) == (made.id, 2)
            assert again.updated_at is None or again.updated_at.tzinfo is not None


class TestTheAnswer:
    async def test_an_answer_that_went_does_not_hold_the_next_back(
        self, service_sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        identity = await _identity(service_sessions, vault)
        async with update_unit_of_work(service_sessions) as session:
            first = await write_answer_claimed(
                session, identity, [Reply("1").as_record()], utcnow()
            )
        assert first is not None  # sending, and delivered (its row not yet deleted)
        async with update_unit_of_work(service_sessions) as session:
            second = await write_answer_claimed(
                session, identity, [Reply("2").as_record()], utcnow(), went=[first.id]
            )
            held = await write_answer_claimed(session, identity, [Reply("3").as_record()], utcnow())
        assert second is not None and held is None
        assert await _statuses(service_sessions) == [
            OutboxStatus.SENDING, OutboxStatus.SENDING, OutboxStatus.PENDING,
        ]  # fmt: skip
