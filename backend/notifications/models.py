"""The outbox: messages to send, written in the transaction of the change they announce."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedJSON, GuardedText


class OutboxStatus(StrEnum):
    """Delivery state of an outbox message."""

    PENDING = "pending"
    # Claimed by the notifier; back to pending if it dies before it knows the result.
    SENDING = "sending"
    SENT = "sent"
    # Retried until the limit, then parked for staff to see and requeue.
    FAILED = "failed"
    # The chat blocked the bot: relayed through a facilitator or flagged for a call.
    UNDELIVERABLE = "undeliverable"


class Recipient(StrEnum):
    """Whom an outbox message is for."""

    CITIZEN = "citizen"
    FACILITATOR = "facilitator"
    # A staff member's own Telegram (backend/staff_alerts/): digests and new-complaint alerts.
    STAFF = "staff"


class OutboxMessage(Base):
    """A message to one chat, rendered from a catalog template when it is sent."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"))
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("channel_identities.id"), index=True)
    recipient: Mapped[Recipient] = mapped_column(enum_column_type(Recipient))
    template: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(GuardedJSON, default=dict)
    language: Mapped[str] = mapped_column(String(2), default="id")
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column_type(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(GuardedText)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When a notifier claimed it ("sending"): a claim older than the lease is put back.
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The chat's id for the sent message (Telegram message_id, WhatsApp wamid), for edits,
    # replies, and WhatsApp's later word that it could not be delivered.
    provider_message_id: Mapped[str | None] = mapped_column(String(128), index=True)
    # A facilitator's copy of a message the household could not receive.
    relay_of_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    # A staff message to the citizen, sent verbatim.
    complaint_message_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_messages.id"))


class AttemptResult(StrEnum):
    """What one try to send an outbox message gave."""

    SENT = "sent"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    BLOCKED = "blocked"
    REJECTED = "rejected"
    ERROR = "error"


class DeliveryAttempt(Base):
    """One try to send an outbox message: when, what came of it, and why."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    result: Mapped[AttemptResult] = mapped_column(enum_column_type(AttemptResult))
    error: Mapped[str | None] = mapped_column(GuardedText)
