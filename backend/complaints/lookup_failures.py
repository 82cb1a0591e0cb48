"""Failed ticket look-ups ("ticket + last four NIK digits"), counted per WIB day.

One row per ticket or per origin and day, kept in the database because several
processes serve the chats: a count held in one chat or one process could be
reset by starting another. `backend/complaints/lookup_guard.py` reads and
writes it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base, UtcDateTime, enum_column_type


class LookupScope(StrEnum):
    """What a count is kept for."""

    # A ticket number as typed and normalised, whether or not such a complaint exists.
    TICKET = "ticket"
    # Where the tries come from: a keyed digest of a web client's address or of a chat.
    ORIGIN = "origin"


class LookupFailureCount(Base):
    """How many look-ups failed for one ticket (or from one origin) on one WIB day."""

    __tablename__ = "lookup_failures"
    __table_args__ = (UniqueConstraint("scope", "key", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[LookupScope] = mapped_column(enum_column_type(LookupScope))
    # The ticket (261128-00A7) or the origin's digest (64 hex digits); never typed text.
    key: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
