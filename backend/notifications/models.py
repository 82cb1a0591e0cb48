"""The outbox: messages to send, written in the transaction of the change they announce."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type


class OutboxStatus(StrEnum):
    """Delivery state of an outbox message."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Recipient(StrEnum):
    """Whom an outbox message is for."""

    CITIZEN = "citizen"
    FACILITATOR = "facilitator"


class OutboxMessage(Base):
    """A message to one chat, rendered from a catalog template when it is sent."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"))
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("channel_identities.id"), index=True)
    recipient: Mapped[Recipient] = mapped_column(enum_column_type(Recipient))
    template: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(2), default="id")
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column_type(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
