"""Correction requests: a person asks the office to fix what it holds about them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedText


class CorrectionStatus(StrEnum):
    """Where a correction request stands."""

    OPEN = "open"
    CORRECTED = "corrected"
    REFUSED = "refused"


class CorrectionRequest(Base):
    """A request to correct personal data, answered by staff within a deadline."""

    __tablename__ = "correction_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel))
    chat_id: Mapped[str | None] = mapped_column(String(64))
    # full_name, phone, address, kelurahan, nik, kk or other.
    field: Mapped[str] = mapped_column(String(32))
    requested_value: Mapped[str | None] = mapped_column(GuardedText)
    # A corrected NIK or KK is kept only encrypted.
    requested_identity_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[CorrectionStatus] = mapped_column(
        enum_column_type(CorrectionStatus), default=CorrectionStatus.OPEN, index=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(GuardedText)
    answered_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
