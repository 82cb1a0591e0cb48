"""Complaints, their categories, attachments and status history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.citizens.models import Channel, Citizen
from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText


class ComplaintStatus(StrEnum):
    """Where a complaint stands in its lifecycle (docs/ARCHITECTURE.md, The complaint lifecycle)."""

    PENDING_APPROVAL = "pending_approval"
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"


class RegistryStatus(StrEnum):
    """The household's standing in the DTKS/DTSEN extract when last checked."""

    UNCHECKED = "unchecked"
    REGISTERED = "registered"
    NOT_REGISTERED = "not_registered"


class FiledFor(StrEnum):
    """Whether the complainant files for themself or another household member."""

    SELF = "self"
    HOUSEHOLD_MEMBER = "household_member"


class Category(Base):
    """What a complaint is about, with its default agency and SLA in working days."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_id: Mapped[str] = mapped_column(GuardedString(120))
    name_en: Mapped[str] = mapped_column(GuardedString(120))
    default_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    sla_triage_days: Mapped[int] = mapped_column(SmallInteger, default=3)
    sla_disposition_days: Mapped[int] = mapped_column(SmallInteger, default=5)
    sla_resolution_days: Mapped[int] = mapped_column(SmallInteger, default=5)
    sla_referral_days: Mapped[int] = mapped_column(SmallInteger, default=14)
    sort_order: Mapped[int] = mapped_column(SmallInteger, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Complaint(Base):
    """A complaint (pengaduan) of a household, from filing to closing."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_status_due_on", "status", "due_on", "id"),
        # The staff queue walks these in order (keyset paging): by deadline, by
        # deadline within one assignee's cases (status too, so their counts read
        # only the index), and newest first.
        Index("ix_complaints_due_on_id", "due_on", "id"),
        Index(
            "ix_complaints_assignee_id_due_on_id_status", "assignee_id", "due_on", "id", "status"
        ),
        Index("ix_complaints_created_at_id", "created_at", "id"),
        # The queue's counts per status: every filtered column, so they read only the index.
        Index(
            "ix_complaints_status_counts",
            "status",
            "kelurahan_code",
            "category_id",
            "channel",
            "assignee_id",
            "due_on",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(16), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    filed_for: Mapped[FiledFor] = mapped_column(enum_column_type(FiledFor), default=FiledFor.SELF)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel))
    # The chat it was filed from; status messages go back there.
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("channel_identities.id"), index=True)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"), index=True)
    filed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    description: Mapped[str] = mapped_column(GuardedText)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    address: Mapped[str | None] = mapped_column(GuardedText)
    status: Mapped[ComplaintStatus] = mapped_column(enum_column_type(ComplaintStatus))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    # Staff deadline of the current step; None while the clock waits on someone else.
    due_on: Mapped[date | None] = mapped_column(Date)
    # What the citizen is told as "perkiraan selesai".
    expected_completion_on: Mapped[date | None] = mapped_column(Date)
    # Perpres 76/2013: no later than 60 days after the file became complete.
    file_complete_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    registry_status: Mapped[RegistryStatus] = mapped_column(
        enum_column_type(RegistryStatus), default=RegistryStatus.UNCHECKED
    )
    registry_decile: Mapped[int | None] = mapped_column(SmallInteger)
    # Programs the registry says the household receives, e.g. ["bpnt", "pkh"].
    registry_programs: Mapped[list[str] | None] = mapped_column(JSON)
    registry_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    nik_outside_city: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution: Mapped[str | None] = mapped_column(GuardedText)
    rejection_reason: Mapped[str | None] = mapped_column(GuardedText)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    appeal_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Set when a status message could reach nobody in chat: staff should phone.
    needs_phone_call_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The citizen's 1-5 rating of how the complaint was handled, asked with the resolution.
    # Set when the retention policy removed the personal data of a long-closed case.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    citizen_rating: Mapped[int | None] = mapped_column(SmallInteger)
    rated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Where the citizen came from (an outreach poster: poster:<kelurahan code>); None for any
    # other filing. Set once by the filing service (backend/outreach/sources.py).
    source: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic lock: two staff acting at once cannot both move the complaint.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The LAPOR!-SP4N tracking number of a complaint staff registered from LAPOR! (digits).
    lapor_number: Mapped[str | None] = mapped_column(String(20), index=True)

    __mapper_args__ = {"version_id_col": version}


class StatusEvent(Base):
    """One fired lifecycle event: who, when, from, to, and the notes."""

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[ComplaintStatus | None] = mapped_column(enum_column_type(ComplaintStatus))
    to_status: Mapped[ComplaintStatus] = mapped_column(enum_column_type(ComplaintStatus))
    actor_role: Mapped[str] = mapped_column(String(32))
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    actor_facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"))
    actor_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    public_note: Mapped[str | None] = mapped_column(GuardedText)
    internal_note: Mapped[str | None] = mapped_column(GuardedText)
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class MessageDirection(StrEnum):
    """Whether a message came from the citizen's side, went to it, or stays with staff."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    # A staff note on the complaint that never leaves the office.
    INTERNAL = "internal"


class ComplaintMessage(Base):
    """A message about a complaint: the citizen's added details or answers, staff's messages."""

    __tablename__ = "complaint_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    direction: Mapped[MessageDirection] = mapped_column(enum_column_type(MessageDirection))
    author_role: Mapped[str] = mapped_column(String(32))
    author_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("channel_identities.id"))
    text: Mapped[str | None] = mapped_column(GuardedText)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Attachment(Base):
    """A photo, document or voice note attached to a complaint."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_messages.id"))
    # A file an agency sent with its answer through the referral's answer link.
    agency_answer_id: Mapped[int | None] = mapped_column(ForeignKey("agency_answers.id"))
    # A photo or voice note a facilitator recorded on a home visit (backend/visits/).
    home_visit_id: Mapped[int | None] = mapped_column(ForeignKey("home_visits.id"))
    kind: Mapped[str] = mapped_column(String(16))
    channel_file_id: Mapped[str | None] = mapped_column(String(255))
    stored_path: Mapped[str | None] = mapped_column(String(500))
    original_name: Mapped[str | None] = mapped_column(GuardedString(255))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    # Set when the retention policy deleted the file; the row stays for the record.
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TicketSequence(Base):
    """The last ticket serial issued on a (WIB) day."""

    __tablename__ = "ticket_sequences"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer)


# The staff queue searches names by substring: on PostgreSQL a trigram index
# makes that a look-up instead of a scan. SQLite gets a plain index of the same
# name (Alembic compares indexes by name on every database).
Index(
    "ix_citizens_full_name_trgm",
    Citizen.full_name,
    postgresql_using="gin",
    postgresql_ops={"full_name": "gin_trgm_ops"},
)
