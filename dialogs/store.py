"""Loads and locks a chat's conversation row, and writes it back, in the event's transaction.

The row is read and written as plain values on the table, not as an ORM object: the
ORM's loading and its unit of work's flush cost more Python than the two statements
themselves, at every event. The row's data is sealed and opened by
backend/conversations/state.py (the column's type keeps identity numbers out at bind).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, Update, and_, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.citizens.models import Channel, ChannelIdentity
from backend.citizens.repository import known_identity, remember_identity
from backend.conversations.models import Conversation
from backend.db import rows_matched
from backend.driver import driver_of, execute, fetch

# How many processed event ids a conversation remembers to drop redeliveries.
REMEMBERED_EVENTS = 50


@dataclass(slots=True)
class LockedConversation:
    """A chat's conversation row as read under its lock; `save_conversation` writes it."""

    id: int
    version: int
    flow: str | None
    step: str | None
    data: dict[str, Any]
    language: str
    recent_event_ids: list[str]
    updated_at: datetime | None
    last_event_id: str | None


async def lock_conversation(
    session: AsyncSession, channel: str, chat_id: str, language: str
) -> LockedConversation:
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


async def _read_locked(
    session: AsyncSession, keys: Mapping[str, object]
) -> LockedConversation | None:
    # The chat's identity comes along in the same statement: the answer and the flows ask
    # for it at nearly every event (backend.citizens.repository.get_identity).
    driver = driver_of(session)
    if driver is not None:
        rows = await fetch(driver, _locked_read(), **keys)
        if not rows:
            return None
        values, identity_values = rows[0][: len(_READ_COLUMNS)], rows[0][len(_READ_COLUMNS) :]
        identity = known_identity(session, identity_values) if identity_values[0] else None
    else:
        row = (await session.execute(_locked_read(), keys)).one_or_none()
        if row is None:
            return None
        *values, identity = row
    if identity is not None:
        remember_identity(session, identity)
    conversation = LockedConversation(*values)  # the columns are the fields, in order
    conversation.recent_event_ids = conversation.recent_event_ids or []
    conversation.data = conversation.data or {}
    return conversation


_TABLE = Conversation.__table__
# The columns read are the dataclass's fields; all but the id are written back.
_READ_COLUMNS = tuple(field.name for field in fields(LockedConversation))
_WRITTEN_COLUMNS = tuple(name for name in _READ_COLUMNS if name != "id")


# Built once: the statement runs at every event, and building it anew cost more Python
# than running it from SQLAlchemy's cache.
@lru_cache(maxsize=1)
def _locked_read() -> Select[Any]:
    return (
        select(*(_TABLE.c[name] for name in _READ_COLUMNS), ChannelIdentity)
        .outerjoin(
            ChannelIdentity,
            and_(
                ChannelIdentity.channel == _TABLE.c.channel,
                ChannelIdentity.chat_id == _TABLE.c.chat_id,
            ),
        )
        .where(_TABLE.c.channel == bindparam("channel"), _TABLE.c.chat_id == bindparam("chat_id"))
        .with_for_update(of=_TABLE)  # the identity's row stays free to others
    )


async def save_conversation(session: AsyncSession, conversation: LockedConversation) -> None:
    """Writes the row back, its version one up; a row changed since it was read is refused.

    Under the row's lock nothing else should have changed it: the version check keeps
    the guarantee the ORM's versioning gave when the row was an ORM object.
    """
    written = {name: getattr(conversation, name) for name in _WRITTEN_COLUMNS}
    written["version"] += 1
    keys = {"row_id": conversation.id, "read_version": conversation.version}
    driver = driver_of(session)
    if driver is not None:
        matched = await execute(driver, _write(), **written, **keys)
    else:
        matched = rows_matched(await session.execute(_write(), written | keys))
    if matched != 1:
        raise StaleDataError(f"conversation {conversation.id} changed since it was read")
    conversation.version += 1


@lru_cache(maxsize=1)
def _write() -> Update:
    return (
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("row_id"), _TABLE.c.version == bindparam("read_version"))
        .values({name: bindparam(name) for name in _WRITTEN_COLUMNS})
    )


def already_processed(conversation: LockedConversation, event_id: str | None) -> bool:
    """Whether this event was handled before (channels deliver at least once)."""
    return event_id is not None and event_id in conversation.recent_event_ids


def remember_event(conversation: LockedConversation, event_id: str | None) -> None:
    """Records a processed event id, keeping only the latest few."""
    if event_id is None:
        return
    seen = [*conversation.recent_event_ids, event_id][-REMEMBERED_EVENTS:]
    conversation.recent_event_ids = seen
    conversation.last_event_id = event_id
