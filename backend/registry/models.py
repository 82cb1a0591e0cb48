"""The local extract of the social registry (DTKS, DTSEN since 2025), its imports,
and the households proposed for inclusion in it (usulan)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText


class RegistryImport(Base):
    """One run of a registry import: which file, by whom, and what it changed."""

    __tablename__ = "registry_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(GuardedString(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    imported_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    # Header cells the import did not recognise, so staff can see a misnamed column.
    ignored_columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RegistryImportProblem(Base):
    """A row an import rejected, or imported with a warning, and why (NIK masked)."""

    __tablename__ = "registry_import_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("registry_imports.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    masked_nik: Mapped[str] = mapped_column(String(40))
    rejected: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(GuardedText)


class RegistryRecord(Base):
    """One person in the registry extract; NIK and KK encrypted as for citizens."""

    __tablename__ = "registry_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    nik_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    kk_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    kk_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    full_name: Mapped[str] = mapped_column(GuardedString(120))
    kecamatan_name: Mapped[str | None] = mapped_column(GuardedString(80))
    kelurahan_name: Mapped[str | None] = mapped_column(GuardedString(80))
    kelurahan_code: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str | None] = mapped_column(GuardedText)
    decile: Mapped[int | None] = mapped_column(SmallInteger)
    # Program flags as the export has them, e.g. {"pkh": true, "bpnt": false}.
    programs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(16), default="DTSEN")
    # Keyed hash of everything above: a re-import tells unchanged rows without
    # decrypting them. None for rows written before it was kept.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # Which import last wrote the row. Not indexed: nothing looks records up by it, and
    # each index slows the bulk insert of a whole city.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("registry_imports.id"))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ProposalStatus(StrEnum):
    """Where an inclusion proposal stands in the verification and validation round."""

    PROPOSED = "proposed"
    VERIFIED = "verified"
    RETURNED = "returned"
    INCLUDED = "included"


class InclusionProposal(Base):
    """A household (through the citizen who filed) proposed for inclusion in DTSEN."""

    __tablename__ = "inclusion_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One proposal per citizen: every later "not registered" complaint joins it.
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), unique=True)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column_type(ProposalStatus), default=ProposalStatus.PROPOSED
    )
    note: Mapped[str | None] = mapped_column(GuardedText)
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status_changed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # Optimistic lock: two staff moving one proposal at once cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class InclusionProposalComplaint(Base):
    """A complaint whose "not registered" result led to (or joined) a proposal."""

    __tablename__ = "inclusion_proposal_complaints"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("inclusion_proposals.id"), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
