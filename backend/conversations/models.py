"""Dialog state of each chat, kept in the database so any worker can continue it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedJSON


class Conversation(Base):
    """Where one chat is in which flow, and what it has collected so far."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel))
    chat_id: Mapped[str] = mapped_column(String(64))
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(48))
    data: Mapped[dict[str, Any]] = mapped_column(GuardedJSON, default=dict)
    language: Mapped[str] = mapped_column(String(2), default="id")
    last_event_id: Mapped[str | None] = mapped_column(String(64))
    # Ids of the latest events processed, so a redelivered event is dropped
    # (web chat ids are random, so "greater than the last" is not enough).
    recent_event_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Optimistic versioning: a save from a stale copy is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}
