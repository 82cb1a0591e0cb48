"""Agencies that run programs, and the referrals of complaints to them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText


class AgencyLevel(StrEnum):
    """Which level of government (or none) an agency belongs to."""

    CITY = "city"
    PROVINCE = "province"
    CENTRAL = "central"
    NON_GOVERNMENT = "non_government"


class ReferralStatus(StrEnum):
    """Whether the agency has answered a referral."""

    SENT = "sent"
    ANSWERED = "answered"


class AgencyAnswerKind(StrEnum):
    """What an agency's officer answers through the referral's link."""

    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    # Done, with the outcome: the complaint is resolved with the agency's words.
    DONE = "done"
    # Not this agency's program: the complaint goes back to staff to refer elsewhere.
    NOT_OUR_PROGRAM = "not_our_program"


class Agency(Base):
    """A program manager or agency a complaint can be referred to."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_id: Mapped[str] = mapped_column(GuardedString(160))
    name_en: Mapped[str] = mapped_column(GuardedString(160))
    level: Mapped[AgencyLevel] = mapped_column(enum_column_type(AgencyLevel))
    contact: Mapped[str | None] = mapped_column(GuardedText)
    # Where the answer link of a referral and its reminder are emailed; none: printed only.
    email: Mapped[str | None] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Referral(Base):
    """A complaint handed to an agency, and the agency's answer."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column_type(ReferralStatus), default=ReferralStatus.SENT
    )
    note: Mapped[str | None] = mapped_column(GuardedText)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    referred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(GuardedText)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The date by which the agency is asked to answer (on the letter); past it, the
    # supervisor's digest lists the referral and the agency gets one reminder.
    due_on: Mapped[date | None] = mapped_column(Date)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The agency's answer link (backend/referrals/answer_links.py) names this referral and
    # this random nonce, signed; it works until it expires or the referral is answered.
    answer_link_nonce: Mapped[str | None] = mapped_column(String(32))
    answer_link_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AgencyAnswer(Base):
    """One answer an agency gave through a referral's answer link (the timeline shows each)."""

    __tablename__ = "agency_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[AgencyAnswerKind] = mapped_column(enum_column_type(AgencyAnswerKind))
    note: Mapped[str | None] = mapped_column(GuardedText)
    # The officer's name as they typed it: the link has no account behind it.
    officer_name: Mapped[str | None] = mapped_column(GuardedString(120))
    # The status change it made (done, not our program), if any.
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
