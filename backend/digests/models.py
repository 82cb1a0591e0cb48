"""One row per person per working day: the digest decided for them, so it goes out once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.staff_alerts.models import AlertChannel


class DigestDelivery(Base):
    """The digest of one staff member for one WIB date; the unique key keeps it to one.

    Written even when there was nothing to tell (channel None), so the morning is
    decided once and a second process or a second look finds it done.
    """

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("staff_user_id", "digest_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    digest_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[AlertChannel | None] = mapped_column(enum_column_type(AlertChannel))
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    outgoing_email_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_emails.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
