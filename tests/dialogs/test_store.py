"""The conversation row read under its lock and written back as plain values (dialogs/store.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.conversations.models import Conversation
from backend.db import unit_of_work
from dialogs.store import lock_conversation, remember_event, save_conversation

NIK = "3271046501900001"


async def _stored(sessions: async_sessionmaker[AsyncSession], chat_id: str) -> Conversation:
    async with sessions() as session:
        statement = select(Conversation).where(
            Conversation.channel == Channel.TELEGRAM, Conversation.chat_id == chat_id
        )
        return (await session.execute(statement)).scalar_one()


async def test_the_row_is_written_back_one_version_up(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        conversation = await lock_conversation(session, "telegram", "41", "id")
        assert (conversation.version, conversation.flow, conversation.data) == (1, None, {})
        conversation.flow, conversation.step = "intake", "name"
        conversation.data = {"name": "Siti"}
        conversation.language = "en"
        conversation.updated_at = now = utcnow()
        remember_event(conversation, "u1")
        await save_conversation(session, conversation)
    stored = await _stored(sessions, "41")
    assert (stored.version, stored.flow, stored.step, stored.language) == (
        2,
        "intake",
        "name",
        "en",
    )
    assert (stored.data, stored.recent_event_ids, stored.last_event_id) == (
        {"name": "Siti"}, ["u1"], "u1",
    )  # fmt: skip
    assert stored.updated_at == now

    async with unit_of_work(sessions) as session:
        again = await lock_conversation(session, "telegram", "41", "id")
        assert (again.version, again.recent_event_ids, again.last_event_id) == (2, ["u1"], "u1")
        remember_event(again, None)  # an event without an id (the terminal) keeps the last one
        await save_conversation(session, again)
    stored = await _stored(sessions, "41")
    assert (stored.version, stored.last_event_id) == (3, "u1")


async def test_a_row_changed_since_it_was_read_is_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await lock_conversation(session, "telegram", "42", "id")
    with pytest.raises(StaleDataError):
        async with unit_of_work(sessions) as session:
            conversation = await lock_conversation(session, "telegram", "42", "id")
            # What a writer that skipped the lock would do: the version moves under us.
            await session.execute(
                update(Conversation).where(Conversation.id == conversation.id).values(version=7)
            )
            conversation.flow = "intake"
            await save_conversation(session, conversation)
    stored = await _stored(sessions, "42")
    assert (stored.version, stored.flow) == (1, None)


async def test_an_identity_number_in_the_data_is_kept_out_at_write(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        conversation = await lock_conversation(session, "telegram", "43", "id")
        conversation.data = {"note": f"NIK saya {NIK}"}
        await save_conversation(session, conversation)
    async with sessions() as session:
        raw = (await session.execute(text("SELECT data FROM conversations"))).scalar_one()
    assert NIK not in str(raw)
