"""A staff member's choice of alert channel, and the one-time links that bind their Telegram."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString


class AlertChannel(StrEnum):
    """Where a staff member's digests and alerts go."""

    EMAIL = "email"
    TELEGRAM = "telegram"


class StaffAlertPreference(Base):
    """One staff member's alert settings; a missing row means email, no instant alerts."""

    __tablename__ = "staff_alert_preferences"

    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), primary_key=True)
    channel: Mapped[AlertChannel] = mapped_column(
        enum_column_type(AlertChannel), default=AlertChannel.EMAIL
    )
    # Also told at once when a complaint enters their queue (not only in the morning digest).
    new_complaints: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The Telegram chat bound through a one-time link (StaffTelegramLink).
    telegram_identity_id: Mapped[int | None] = mapped_column(
        ForeignKey("channel_identities.id"), index=True
    )
    telegram_linked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class StaffTelegramLink(Base):
    """A one-time deep link (t.me/<bot>?start=stf_<token>) that binds a staff member's Telegram.

    Only the SHA-256 of its random token is stored, as for facilitators' invitations.
    """

    __tablename__ = "staff_telegram_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The chat (channel:chat id) that opened it, so opening it again there is recognised.
    used_by_chat: Mapped[str | None] = mapped_column(GuardedString(80))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
