"""The citizens' answers to the satisfaction survey: one row per complaint, final once written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from backend.citizens.models import Channel
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedText


class SurveyResponse(Base):
    """One submitted survey (Survei Kepuasan Masyarakat) about a finished complaint.

    The nine scores (1-4, NULL where skipped) follow backend.satisfaction.ikm.ELEMENTS.
    Channel and category are copied from the complaint when it is written, so the report
    reads this table alone and a later change of category does not move old answers.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (Index("ix_survey_responses_submitted_at_id", "submitted_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: one survey per complaint, however often its buttons are pressed.
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    requirements: Mapped[int | None] = mapped_column(SmallInteger)
    procedure: Mapped[int | None] = mapped_column(SmallInteger)
    turnaround: Mapped[int | None] = mapped_column(SmallInteger)
    cost: Mapped[int | None] = mapped_column(SmallInteger)
    product: Mapped[int | None] = mapped_column(SmallInteger)
    competence: Mapped[int | None] = mapped_column(SmallInteger)
    conduct: Mapped[int | None] = mapped_column(SmallInteger)
    complaint_handling: Mapped[int | None] = mapped_column(SmallInteger)
    facilities: Mapped[int | None] = mapped_column(SmallInteger)
    # What the citizen wrote besides (saran); identity numbers never land here in clear.
    comment: Mapped[str | None] = mapped_column(GuardedText)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
