"""Inclusion proposals (usulan): households not in the registry, proposed for DTSEN.

A proposal is made when a complaint's registry result is "not registered"
(at registration, or when staff re-run the check), once per citizen: every
later such complaint of the same citizen joins it. Its status then moves only
along `TRANSITIONS`, through the verification and validation round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.errors import DomainError
from backend.registry import repository
from backend.registry.models import InclusionProposal, InclusionProposalComplaint, ProposalStatus

MAX_NOTE_LENGTH = 2000
P = ProposalStatus
# The verification and validation round is back-office work, overseen by supervisors;
# admins stand in. Front office files the complaints that lead to proposals.
PROPOSAL_ROLES = frozenset({ActorRole.BACK_OFFICE, ActorRole.SUPERVISOR, ActorRole.ADMIN})
_REVIEWERS = PROPOSAL_ROLES

STATUS_LABELS = {
    P.PROPOSED: "Diusulkan / proposed",
    P.VERIFIED: "Terverifikasi / verified",
    P.RETURNED: "Dikembalikan untuk perbaikan / returned for correction",
    P.INCLUDED: "Masuk DTSEN / included",
}


class ProposalEvent(StrEnum):
    """What staff do to a proposal."""

    VERIFY = "verify"
    RETURN = "return"
    RESUBMIT = "resubmit"
    INCLUDE = "include"


@dataclass(frozen=True, slots=True)
class ProposalTransition:
    """One allowed move: from which statuses, to which, by whom, and whether a note is needed."""

    sources: frozenset[ProposalStatus]
    dest: ProposalStatus
    roles: frozenset[ActorRole]
    needs_note: bool = False


TRANSITIONS: dict[ProposalEvent, ProposalTransition] = {
    ProposalEvent.VERIFY: ProposalTransition(frozenset({P.PROPOSED}), P.VERIFIED, _REVIEWERS),
    # Returned for correction: the note says what to correct.
    ProposalEvent.RETURN: ProposalTransition(
        frozenset({P.PROPOSED, P.VERIFIED}), P.RETURNED, _REVIEWERS, needs_note=True
    ),
    ProposalEvent.RESUBMIT: ProposalTransition(frozenset({P.RETURNED}), P.PROPOSED, _REVIEWERS),
    ProposalEvent.INCLUDE: ProposalTransition(frozenset({P.VERIFIED}), P.INCLUDED, _REVIEWERS),
}


class ProposalRefused(DomainError):
    """A proposal may not move this way; nothing was written."""

    def __init__(self, message: str, *, status_code: int = 409) -> None:
        super().__init__(message)
        self.status_code = status_code


async def propose_inclusion(
    session: AsyncSession, complaint: Complaint, *, now: datetime | None = None
) -> InclusionProposal:
    """The citizen's proposal (made on first need) with this complaint among its complaints."""
    now = now or utcnow()
    proposal = await repository.proposal_of_citizen(session, complaint.citizen_id)
    # Not audited apart: the registration or the re-check that called this is.
    if proposal is None:
        proposal = await _create(session, complaint.citizen_id, now)
    if not await repository.is_linked(session, proposal.id, complaint.id):
        session.add(
            InclusionProposalComplaint(
                proposal_id=proposal.id, complaint_id=complaint.id, added_at=now
            )
        )
        await session.flush()
    return proposal


async def _create(session: AsyncSession, citizen_id: int, now: datetime) -> InclusionProposal:
    # Two complaints of one citizen filed at once race here: the loser finds the winner's.
    try:
        async with session.begin_nested():
            proposal = InclusionProposal(
                citizen_id=citizen_id, status=P.PROPOSED, proposed_at=now, status_changed_at=now
            )
            session.add(proposal)
        return proposal
    except IntegrityError:
        existing = await repository.proposal_of_citizen(session, citizen_id)
        if existing is None:
            raise
        return existing


async def move_proposal(
    session: AsyncSession,
    proposal: InclusionProposal,
    event: ProposalEvent | str,
    actor: Actor,
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> InclusionProposal:
    """Moves a proposal along an allowed transition, audited; refuses any other move."""
    try:
        event = ProposalEvent(event)
    except ValueError:
        raise ProposalRefused(f"Unknown proposal event '{event}'", status_code=422) from None
    transition = TRANSITIONS[event]
    if actor.role not in transition.roles:
        raise ProposalRefused(
            f"The role {actor.role.value} may not {event.value} a proposal", status_code=403
        )
    if proposal.status not in transition.sources:
        raise ProposalRefused(f"Cannot {event.value} a proposal that is {proposal.status.value}")
    note = (note or "").strip() or None
    if transition.needs_note and note is None:
        raise ProposalRefused(f"A note is required to {event.value} a proposal", status_code=422)
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise ProposalRefused(
            f"The note is longer than {MAX_NOTE_LENGTH} characters", status_code=422
        )
    source = proposal.status
    now = now or utcnow()
    proposal.status = transition.dest
    proposal.note = note
    proposal.status_changed_at = now
    proposal.status_changed_by_staff_id = actor.staff_id
    await session.flush()
    record_audit(
        session, actor, f"inclusion_proposal.{event.value}", "inclusion_proposal", proposal.id,
        {"from": source.value, "to": transition.dest.value, "note": note is not None},
    )  # fmt: skip
    return proposal


def allowed_proposal_events(status: ProposalStatus, role: ActorRole) -> list[ProposalEvent]:
    """The moves a role may make on a proposal in this status, in table order."""
    return [
        event
        for event, transition in TRANSITIONS.items()
        if status in transition.sources and role in transition.roles
    ]
