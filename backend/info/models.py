"""Information pages the bot shows (how SLRT works, programs, office), editable by admins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime
from backend.security.guarded_columns import GuardedString, GuardedText


class InfoPage(Base):
    """One information text in one language."""

    __tablename__ = "info_pages"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    title: Mapped[str] = mapped_column(GuardedString(120))
    body: Mapped[str] = mapped_column(GuardedText)
    sort_order: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
