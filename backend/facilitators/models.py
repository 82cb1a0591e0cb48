"""SLRT facilitators (and Puskesos workers) who file on behalf of households."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime


class Facilitator(Base):
    """A field facilitator covering one kelurahan."""

    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
