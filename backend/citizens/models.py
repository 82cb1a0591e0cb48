"""Citizens (households' members) and the chats through which they are reached."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText


class Channel(StrEnum):
    """Where a conversation or a filing comes from."""

    TELEGRAM = "telegram"
    WEB = "web"
    WHATSAPP = "whatsapp"
    CLI = "cli"
    WALK_IN = "walk_in"
    # Another system through Open311 GeoReport v2 (/open311/v2); news go by email.
    OPEN311 = "open311"


class Citizen(Base):
    """A person a complaint is about; NIK and KK are stored only encrypted."""

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(GuardedString(120))
    # Keyed hashes find a person by NIK/KK without decrypting every row.
    nik_lookup: Mapped[str | None] = mapped_column(String(64), unique=True)
    nik_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    kk_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    kk_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    address: Mapped[str | None] = mapped_column(GuardedText)
    language: Mapped[str] = mapped_column(String(2), default="id")
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    consent_method: Mapped[str | None] = mapped_column(String(32))
    # Set when the retention policy replaced name, numbers and contact by a pseudonym.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ChannelIdentity(Base):
    """A chat (Telegram chat id, web chat cookie) and whom it belongs to."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel))
    chat_id: Mapped[str] = mapped_column(String(64))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"), index=True)
    display_name: Mapped[str | None] = mapped_column(GuardedString(120))
    language: Mapped[str] = mapped_column(String(2), default="id")
    is_reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    unreachable_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the chat last wrote to us: WhatsApp's 24-hour window for free-form messages.
    last_inbound_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
