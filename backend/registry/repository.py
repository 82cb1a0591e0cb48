"""Queries for the registry extract, its imports and the inclusion proposals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.citizens.models import Citizen
from backend.regions.models import Kecamatan, Kelurahan
from backend.registry.models import (
    InclusionProposal,
    InclusionProposalComplaint,
    ProposalStatus,
    RegistryImport,
    RegistryImportProblem,
    RegistryRecord,
)
from backend.registry.rows import RegionIndex, region_key
from backend.staff.areas import in_area

_records = RegistryRecord.__table__


async def find_by_nik_lookup(session: AsyncSession, nik_lookup: str) -> RegistryRecord | None:
    """The registry record of the person with this NIK hash."""
    statement = select(RegistryRecord).where(RegistryRecord.nik_lookup == nik_lookup)
    return (await session.execute(statement)).scalar_one_or_none()


async def insert_problems(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Stores the problems of an import's rows, in one executemany."""
    if rows:
        await session.execute(insert(RegistryImportProblem.__table__), rows)


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


def _in_area(actor: Actor | None) -> ColumnElement[bool]:
    """Proposals of households living in the actor's areas (all without an actor)."""
    if actor is None or actor.area_kelurahan is None:
        return true()
    households = select(Citizen.id).where(in_area(actor, Citizen.kelurahan_code))
    return InclusionProposal.citizen_id.in_(households)


async def list_proposals(
    session: AsyncSession,
    statuses: Sequence[ProposalStatus] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    actor: Actor | None = None,
) -> list[InclusionProposal]:
    """Proposals, oldest first, optionally only those in some statuses, a page at a time;
    for an actor, those of households in its areas."""
    statement = select(InclusionProposal).where(_in_area(actor)).order_by(InclusionProposal.id)
    if statuses:
        statement = statement.where(InclusionProposal.status.in_(list(statuses)))
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return list(await session.scalars(statement))


async def get_proposal(
    session: AsyncSession, proposal_id: int, *, for_update: bool = False,
    actor: Actor | None = None,
) -> InclusionProposal | None:  # fmt: skip
    """One proposal by id (for an actor, if its household is in its areas), optionally
    locked for a status change."""
    statement = select(InclusionProposal).where(
        InclusionProposal.id == proposal_id, _in_area(actor)
    )
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def count_proposals_by_status(
    session: AsyncSession, actor: Actor | None = None
) -> dict[ProposalStatus, int]:
    """How many proposals are in each status (for an actor, in its areas)."""
    statement = (
        select(InclusionProposal.status, func.count())
        .where(_in_area(actor))
        .group_by(InclusionProposal.status)
    )
    return {status: count for status, count in await session.execute(statement)}


async def complaints_of_proposals(
    session: AsyncSession, proposal_ids: Sequence[int]
) -> dict[int, list[tuple[str, str, ComplaintStatus]]]:
    """(ticket, category code, status) of each proposal's complaints, by proposal id."""
    statement = (
        select(
            InclusionProposalComplaint.proposal_id, Complaint.ticket, Category.code,
            Complaint.status,
        )
        .join(Complaint, Complaint.id == InclusionProposalComplaint.complaint_id)
        .join(Category, Category.id == Complaint.category_id)
        .where(InclusionProposalComplaint.proposal_id.in_(list(proposal_ids)))
        .order_by(Complaint.id)
    )  # fmt: skip
    found: dict[int, list[tuple[str, str, ComplaintStatus]]] = {}
    for proposal_id, ticket, category_code, status in await session.execute(statement):
        found.setdefault(proposal_id, []).append((ticket, category_code, status))
    return found


async def households_of(
    session: AsyncSession, citizen_ids: Sequence[int]
) -> dict[int, tuple[Citizen, str | None, str | None]]:
    """Each citizen with the names of their kelurahan and kecamatan, by citizen id."""
    if not citizen_ids:
        return {}
    statement = (
        select(Citizen, Kelurahan.name, Kecamatan.name)
        .outerjoin(Kelurahan, Kelurahan.code == Citizen.kelurahan_code)
        .outerjoin(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .where(Citizen.id.in_(list(citizen_ids)))
    )
    result = await session.execute(statement)
    return {citizen.id: (citizen, kelurahan, kecamatan) for citizen, kelurahan, kecamatan in result}


async def registered_among(session: AsyncSession, nik_lookups: Sequence[str]) -> set[str]:
    """Which of these NIK hashes the registry extract holds now."""
    if not nik_lookups:
        return set()
    statement = select(_records.c.nik_lookup).where(_records.c.nik_lookup.in_(list(nik_lookups)))
    return set(await session.scalars(statement))


async def list_imports(session: AsyncSession, *, limit: int = 20) -> list[RegistryImport]:
    """The latest registry imports, newest first."""
    statement = select(RegistryImport).order_by(RegistryImport.id.desc()).limit(limit)
    return list(await session.scalars(statement))


async def count_problems(session: AsyncSession, import_id: int) -> int:
    """How many rows of an import were rejected or imported with a warning."""
    statement = select(func.count()).where(RegistryImportProblem.import_id == import_id)
    return int(await session.scalar(statement) or 0)


async def problems_of_import(
    session: AsyncSession, import_id: int, *, limit: int | None = None
) -> list[RegistryImportProblem]:
    """The rejected rows and warnings of an import, in file order."""
    statement = (
        select(RegistryImportProblem)
        .where(RegistryImportProblem.import_id == import_id)
        .order_by(RegistryImportProblem.line, RegistryImportProblem.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(await session.scalars(statement))
