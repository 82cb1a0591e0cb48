"""The inclusion proposals as staff work them: a page of proposals with their households,
complaints, whether the latest extract now holds the household, and the moves allowed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.models import ComplaintStatus
from backend.registry import repository
from backend.registry.models import InclusionProposal, ProposalStatus
from backend.registry.proposals import ProposalEvent, allowed_proposal_events
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number

PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class ProposalComplaint:
    """A complaint that led to (or joined) a proposal."""

    ticket: str
    category_code: str
    status: ComplaintStatus


@dataclass(frozen=True, slots=True)
class ProposalEntry:
    """One proposal as listed: the household (NIK masked), its complaints, the moves open."""

    proposal: InclusionProposal
    full_name: str
    nik_masked: str | None
    kelurahan_name: str | None
    kecamatan_name: str | None
    complaints: list[ProposalComplaint]
    # The latest import holds the household: staff can confirm it as included.
    in_registry_now: bool
    events: list[ProposalEvent]


@dataclass(frozen=True, slots=True)
class ProposalPage:
    """A page of proposals, with how many there are in each status."""

    entries: list[ProposalEntry]
    page: int
    pages: int
    total: int
    counts: dict[ProposalStatus, int]


async def proposal_page(
    session: AsyncSession,
    vault: Vault,
    actor: Actor,
    *,
    statuses: Sequence[ProposalStatus] = (),
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ProposalPage:
    """The proposals in `statuses` (all when empty), oldest first, `per_page` at a time."""
    counts = await repository.count_proposals_by_status(session, actor)
    total = sum(count for status, count in counts.items() if not statuses or status in statuses)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    proposals = await repository.list_proposals(
        session, statuses, limit=per_page, offset=(page - 1) * per_page, actor=actor
    )
    complaints = await repository.complaints_of_proposals(session, [p.id for p in proposals])
    people = await repository.households_of(session, [p.citizen_id for p in proposals])
    lookups = [people[p.citizen_id][0].nik_lookup for p in proposals]
    registered = await repository.registered_among(session, [x for x in lookups if x])
    entries = []
    for proposal in proposals:
        citizen, kelurahan, kecamatan = people[proposal.citizen_id]
        nik = vault.decrypt(citizen.nik_ciphertext) if citizen.nik_ciphertext else None
        entries.append(
            ProposalEntry(
                proposal=proposal,
                full_name=citizen.full_name,
                nik_masked=mask_identity_number(nik) if nik else None,
                kelurahan_name=kelurahan,
                kecamatan_name=kecamatan,
                complaints=[
                    ProposalComplaint(ticket, code, status)
                    for ticket, code, status in complaints.get(proposal.id, [])
                ],
                in_registry_now=citizen.nik_lookup in registered,
                events=allowed_proposal_events(proposal.status, actor.role),
            )
        )
    return ProposalPage(entries, page, pages, total, counts)
