"""Queries for the registry extract, its imports and the inclusion proposals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.complaints.models import Category, Complaint
from backend.regions.models import Kecamatan, Kelurahan
from backend.registry.models import (
    InclusionProposal,
    InclusionProposalComplaint,
    ProposalStatus,
    RegistryRecord,
)
from backend.registry.rows import RegionIndex, region_key

_records = RegistryRecord.__table__
# Columns an import rewrites when a person's row changed (the NIK itself never does).
UPDATED_COLUMNS = (
    "kk_lookup", "kk_ciphertext", "full_name", "kecamatan_name", "kelurahan_name",
    "kelurahan_code", "address", "decile", "programs", "source", "content_hash",
    "import_id", "updated_at",
)  # fmt: skip


async def find_by_nik_lookup(session: AsyncSession, nik_lookup: str) -> RegistryRecord | None:
    """The registry record of the person with this NIK hash."""
    statement = select(RegistryRecord).where(RegistryRecord.nik_lookup == nik_lookup)
    return (await session.execute(statement)).scalar_one_or_none()


async def existing_by_lookup(
    session: AsyncSession, nik_lookups: Sequence[str]
) -> dict[str, tuple[int, str | None]]:
    """Id and content hash of the records with these NIK hashes, in one query."""
    statement = select(_records.c.nik_lookup, _records.c.id, _records.c.content_hash).where(
        _records.c.nik_lookup.in_(nik_lookups)
    )
    result = await session.execute(statement)
    return {lookup: (record_id, content_hash) for lookup, record_id, content_hash in result}


async def insert_records(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Inserts registry records in one executemany, with no ORM objects per row."""
    if rows:
        await session.execute(insert(_records), rows)


async def update_records(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Rewrites changed registry records by id, in one executemany."""
    if not rows:
        return
    statement = (
        update(_records)
        .where(_records.c.id == bindparam("record_id"))
        .values({name: bindparam(name) for name in UPDATED_COLUMNS})
    )
    await session.execute(statement, rows)


async def region_index(session: AsyncSession) -> RegionIndex:
    """The kelurahan of Kota Bogor by their names, to give registry rows their codes."""
    statement = select(Kelurahan.code, Kelurahan.name, Kecamatan.name).join(
        Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code
    )
    by_names: dict[tuple[str, str], str] = {}
    by_kelurahan: dict[str, list[str]] = {}
    for code, kelurahan, kecamatan in await session.execute(statement):
        by_names[(region_key(kecamatan), region_key(kelurahan))] = code
        by_kelurahan.setdefault(region_key(kelurahan), []).append(code)
    return RegionIndex(by_names, by_kelurahan)


async def proposal_of_citizen(session: AsyncSession, citizen_id: int) -> InclusionProposal | None:
    """The inclusion proposal of a citizen, if one was made."""
    statement = select(InclusionProposal).where(InclusionProposal.citizen_id == citizen_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def is_linked(session: AsyncSession, proposal_id: int, complaint_id: int) -> bool:
    """Whether the complaint is already one of the proposal's complaints."""
    return await session.get(InclusionProposalComplaint, (proposal_id, complaint_id)) is not None


async def list_proposals(
    session: AsyncSession, statuses: Sequence[ProposalStatus] | None = None
) -> list[InclusionProposal]:
    """Proposals, oldest first, optionally only those in some statuses."""
    statement = select(InclusionProposal).order_by(InclusionProposal.id)
    if statuses:
        statement = statement.where(InclusionProposal.status.in_(list(statuses)))
    return list(await session.scalars(statement))


async def complaints_of_proposals(
    session: AsyncSession, proposal_ids: Sequence[int]
) -> dict[int, list[tuple[str, str]]]:
    """(ticket, category code) of each proposal's complaints, by proposal id."""
    statement = (
        select(InclusionProposalComplaint.proposal_id, Complaint.ticket, Category.code)
        .join(Complaint, Complaint.id == InclusionProposalComplaint.complaint_id)
        .join(Category, Category.id == Complaint.category_id)
        .where(InclusionProposalComplaint.proposal_id.in_(list(proposal_ids)))
        .order_by(Complaint.id)
    )
    found: dict[int, list[tuple[str, str]]] = {}
    for proposal_id, ticket, category_code in await session.execute(statement):
        found.setdefault(proposal_id, []).append((ticket, category_code))
    return found
