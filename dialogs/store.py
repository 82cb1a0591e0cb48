"""Loads and locks a chat's conversation row; saving is the unit of work's commit.

The row's data is sealed and opened by backend/conversations/state.py.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel
from backend.conversations.models import Conversation

# How many processed event ids a conversation remembers to drop redeliveries.
REMEMBERED_EVENTS = 50


async def lock_conversation(
    session: AsyncSession, channel: str, chat_id: str, language: str
) -> Conversation:
    """The conversation of (channel, chat id), created if new, locked until commit.

    On PostgreSQL the row lock keeps two events of one chat apart across
    processes; on SQLite the write transaction (BEGIN IMMEDIATE) already does.
    A chat that has written before costs one statement, the locked read; only a
    new chat also inserts (its first event, or two first events side by side).
    """
    statement = _locked_read()
    keys = {"channel": Channel(channel), "chat_id": chat_id}
    conversation = (await session.execute(statement, keys)).scalar_one_or_none()
    if conversation is not None:
        return conversation
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(Conversation)
        .values(
            channel=Channel(channel), chat_id=chat_id, data={}, language=language,
            recent_event_ids=[], version=1,
        )
        .on_conflict_do_nothing(index_elements=["channel", "chat_id"])
    )  # fmt: skip
    return (await session.execute(statement, keys)).scalar_one()


# Built once: the statement runs at every event, and building it anew cost more Python
# than running it from SQLAlchemy's cache.
@lru_cache(maxsize=1)
def _locked_read() -> Select[Conversation]:
    return (
        select(Conversation)
        .where(
            Conversation.channel == bindparam("channel"),
            Conversation.chat_id == bindparam("chat_id"),
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def already_processed(conversation: Conversation, event_id: str | None) -> bool:
    """Whether this event was handled before (channels deliver at least once)."""
    return event_id is not None and event_id in (conversation.recent_event_ids or [])


def remember_event(conversation: Conversation, event_id: str | None) -> None:
    """Records a processed event id, keeping only the latest few."""
    if event_id is None:
        return
    seen = [*(conversation.recent_event_ids or []), event_id][-REMEMBERED_EVENTS:]
    conversation.recent_event_ids = seen
    conversation.last_event_id = event_id
