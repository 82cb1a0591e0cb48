"""A referral letter as issued, and the yearly counter its number is taken from.

The PDF itself is never stored: it is drawn again from this row on each download,
and the household's NIK, where the program needs it, is read from the citizen's
encrypted record at that moment. The letterhead and signatory are copied onto the
row when the letter is issued, so a letter downloaded again later reads as it was
signed, whatever an administrator changed since.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime
from backend.security.guarded_columns import GuardedString, GuardedText


class LetterSequence(Base):
    """The last letter number taken in a year (numbers restart each January)."""

    __tablename__ = "letter_sequences"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(Integer)


class ReferralLetter(Base):
    """One issued surat rujukan: one per referral; referring again issues a new one."""

    __tablename__ = "referral_letters"
    __table_args__ = (UniqueConstraint("year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), unique=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    # <sequence>/<letter code>/SLRT/<month in roman numerals>/<year>
    number: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # The date the agency is asked to answer by (the referral's due_on when issued).
    due_on: Mapped[date] = mapped_column(Date)
    # What the office printed, as it was on the day of issue.
    letterhead_government: Mapped[str] = mapped_column(GuardedString(160))
    office_name: Mapped[str] = mapped_column(GuardedString(160))
    office_address: Mapped[str | None] = mapped_column(GuardedText)
    signatory_name: Mapped[str | None] = mapped_column(GuardedString(120))
    signatory_title: Mapped[str | None] = mapped_column(GuardedString(160))
    signatory_nip: Mapped[str | None] = mapped_column(String(24))
