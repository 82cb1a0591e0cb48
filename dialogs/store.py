"""Loads and locks a chat's conversation row; saving is the unit of work's commit.

The row's data is sealed and opened by backend/conversations/state.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel, ChannelIdentity
from backend.citizens.repository import remember_identity
from backend.conversations.models import Conversation

# How many processed event ids a conversation remembers to drop redeliveries.
REMEMBERED_EVENTS = 50


async def lock_conversation(
    session: AsyncSession, channel: str, chat_id: str, language: str
) -> Conversation:
    """The conversation of (channel, chat id), created if new, locked until commit.

    On PostgreSQL the row lock keeps two events of one chat apart across
    processes; on SQLite the write transaction (BEGIN IMMEDIATE) already does.
    A chat that has written before costs one statement, the locked read, which
    brings the chat's identity along; only a new chat also inserts (its first
    event, or two first events side by side).
    """
    keys = {"channel": Channel(channel), "chat_id": chat_id}
    conversation = await _read_locked(session, keys)
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
    conversation = await _read_locked(session, keys)
    assert conversation is not None  # inserted just now, or by the event beside this one
    return conversation


async def _read_locked(session: AsyncSession, keys: Mapping[str, object]) -> Conversation | None:
    # The chat's identity comes along in the same statement: the answer and the flows ask
    # for it at nearly every event (backend.citizens.repository.get_identity).
    row = (await session.execute(_locked_read(), keys)).one_or_none()
    if row is None:
        return None
    conversation, identity = row
    if identity is not None:
        remember_identity(session, identity)
    return conversation


# Built once: the statement runs at every event, and building it anew cost more Python
# than running it from SQLAlchemy's cache.
@lru_cache(maxsize=1)
def _locked_read() -> Select[Conversation, ChannelIdentity]:
    return (
        select(Conversation, ChannelIdentity)
        .outerjoin(
            ChannelIdentity,
            and_(
                ChannelIdentity.channel == Conversation.channel,
                ChannelIdentity.chat_id == Conversation.chat_id,
            ),
        )
        .where(
            Conversation.channel == bindparam("channel"),
            Conversation.chat_id == bindparam("chat_id"),
        )
        .with_for_update(of=Conversation)  # the identity's row stays free to others
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
