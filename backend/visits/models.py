"""Home visits (kunjungan rumah): staff ask for one on a complaint, a facilitator of the
household's kelurahan takes it, goes, and records what they found.

Photos and voice notes of the visit are attachments of the complaint that name the visit
(`attachments.home_visit_id`), so the panel shows them like any other file.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText


class VisitState(StrEnum):
    """Where a home visit stands."""

    REQUESTED = "requested"
    TAKEN = "taken"
    DONE = "done"
    CANCELLED = "cancelled"


# A visit still to be made: at most one per complaint.
OPEN_STATES = frozenset({VisitState.REQUESTED, VisitState.TAKEN})


class HomeVisit(Base):
    """One visit to a household that the office asked for, and what was found there."""

    __tablename__ = "home_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    requested_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    reason: Mapped[str] = mapped_column(GuardedText)
    # The last (WIB) day on which the visit counts as done in time.
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[VisitState] = mapped_column(enum_column_type(VisitState), index=True)
    taken_by_facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilitators.id"), index=True
    )
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    visited_on: Mapped[date | None] = mapped_column(Date)
    # Who the facilitator met at the house ("Ibu Siti, the mother").
    met: Mapped[str | None] = mapped_column(GuardedString(200))
    findings: Mapped[str | None] = mapped_column(GuardedText)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
