"""Kecamatan and kelurahan of Kota Bogor, keyed by their Kemendagri codes."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base


class Kecamatan(Base):
    """A district (kecamatan); code like 32.71.04."""

    __tablename__ = "kecamatan"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Kelurahan(Base):
    """An urban village (kelurahan); code like 32.71.04.1003."""

    __tablename__ = "kelurahan"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    postcode: Mapped[str | None] = mapped_column(String(5))
