"""SLRT facilitators (and Puskesos workers) who file on behalf of households.

Besides the facilitator: the one-time invitation that binds a Telegram account,
what a facilitator recorded at a household's door (consent in person, visit date,
how the household is reached), the link that lets a household follow its complaint
in its own Telegram, and each piece of news a facilitator must pass on (a relay).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString


class Facilitator(Base):
    """A field facilitator covering one kelurahan."""

    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(GuardedString(120))
    phone: Mapped[str] = mapped_column(String(20))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FacilitatorInvitation(Base):
    """A one-time deep link that binds the Telegram account opening it to a facilitator.

    Only the SHA-256 of its random token is stored: a copy of the table cannot bind anyone.
    """

    __tablename__ = "facilitator_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The chat (channel:chat id) that opened it, so opening it again there is recognised.
    used_by_chat: Mapped[str | None] = mapped_column(GuardedString(80))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class HouseholdReach(StrEnum):
    """How news of an assisted filing reaches the household."""

    # Its own Telegram, once someone in the household opens the link the facilitator passes on.
    TELEGRAM = "telegram"
    # A phone number: the facilitator (or the office) calls.
    PHONE = "phone"
    # Only through the facilitator's visits.
    FACILITATOR = "facilitator"


class AssistedFiling(Base):
    """What a facilitator recorded when filing for a household during a visit."""

    __tablename__ = "assisted_filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"), index=True)
    reach: Mapped[HouseholdReach] = mapped_column(enum_column_type(HouseholdReach))
    visit_on: Mapped[date] = mapped_column(Date)
    # The household agreed, face to face, that its data may be stored (UU 27/2022).
    consent_in_person_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class HouseholdLink(Base):
    """A one-time deep link that connects the household's own Telegram to its complaint."""

    __tablename__ = "household_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Relay(Base):
    """A piece of news a facilitator must pass on to a household, until confirmed.

    One per facilitator it was sent to; when one of them confirms, the others'
    copies of the same news are settled with it.
    """

    __tablename__ = "relays"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"), index=True)
    # The facilitator's message (outbox) that carries the news and the confirm button.
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    # What the news is: a status change or a staff message.
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"))
    complaint_message_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_messages.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_by_facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"))
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
