"""The local extract of the social registry (DTKS, DTSEN since 2025)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime


class RegistryRecord(Base):
    """One person in the registry extract; NIK and KK encrypted as for citizens."""

    __tablename__ = "registry_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    nik_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    kk_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    kk_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    full_name: Mapped[str] = mapped_column(String(120))
    kecamatan_name: Mapped[str | None] = mapped_column(String(80))
    kelurahan_name: Mapped[str | None] = mapped_column(String(80))
    kelurahan_code: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str | None] = mapped_column(Text)
    decile: Mapped[int | None] = mapped_column(SmallInteger)
    # Program flags as the export has them, e.g. {"pkh": true, "bpnt": false}.
    programs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(16), default="DTSEN")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
