"""Email waiting to leave the office, written in the transaction that decides to send it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText


class EmailStatus(StrEnum):
    """Delivery state of an outgoing email."""

    PENDING = "pending"
    SENT = "sent"
    # Retried until the limit, then shown to staff in the panel to send again.
    FAILED = "failed"


class OutgoingEmail(Base):
    """One email to one address: an agency's answer link, a reminder, a digest."""

    __tablename__ = "outgoing_emails"
    __table_args__ = (
        Index("ix_outgoing_emails_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What it is (referral_link, agency_reminder, digest, new_complaint…), for the panel.
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(GuardedString(300))
    body: Mapped[str] = mapped_column(GuardedText)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    status: Mapped[EmailStatus] = mapped_column(
        enum_column_type(EmailStatus), default=EmailStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(GuardedText)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
