"""The keys other systems file with, and what an Open311 filing keeps beside its complaint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime
from backend.security.guarded_columns import GuardedString


class Open311ApiKey(Base):
    """An integrating system's key for POST requests; only the key's SHA-256 is kept."""

    __tablename__ = "open311_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Typed by an administrator: guarded like every free text (a NIK is never kept).
    system_name: Mapped[str] = mapped_column(GuardedString(120))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The key's first characters, so an admin can tell which key a system holds.
    key_prefix: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Open311Request(Base):
    """A complaint filed through Open311: which key filed it, and where its news go."""

    __tablename__ = "open311_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("open311_api_keys.id"), index=True)
    # The chat id of the complaint's Open311 channel identity (news by email), if an email came.
    contact_chat_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(GuardedString(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
