"""Loads and locks a chat's conversation row; saving is the unit of work's commit."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel
from backend.conversations.models import Conversation
from backend.security.crypto import Vault

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
    statement = (
        select(Conversation)
        .where(Conversation.channel == Channel(channel), Conversation.chat_id == chat_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    conversation = (await session.execute(statement)).scalar_one_or_none()
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
    return (await session.execute(statement)).scalar_one()


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


# The answers of a conversation in progress (name, address, phone, description) are
# personal data before any complaint exists: they are stored encrypted as one blob.
_SEALED_KEY = "sealed"


def seal_state(vault: Vault, data: dict[str, Any]) -> dict[str, Any]:
    """The conversation's data as stored: one encrypted JSON document."""
    if not data:
        return {}
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {_SEALED_KEY: base64.b64encode(vault.encrypt(plaintext)).decode()}


def open_state(vault: Vault, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The conversation's data as flows use it; rows written before sealing read as they are."""
    if not stored:
        return {}
    sealed = stored.get(_SEALED_KEY)
    if not isinstance(sealed, str) or len(stored) != 1:
        return dict(stored)
    opened: dict[str, Any] = json.loads(vault.decrypt(base64.b64decode(sealed)))
    return opened
