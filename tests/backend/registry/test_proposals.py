"""Inclusion proposals: made once per household, moved only along their table, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import RegistryStatus
from backend.citizens.models import Channel, Citizen
from backend.complaints.service import register_complaint
from backend.registry.models import InclusionProposal, InclusionProposalComplaint, ProposalStatus
from backend.registry.proposals import (
    TRANSITIONS,
    ProposalEvent,
    ProposalRefused,
    allowed_proposal_events,
    move_proposal,
    propose_inclusion,
)
from backend.registry.repository import proposal_of_citizen
from backend.security.crypto import Vault
from tests.fixtures.factories import category, make_complaint

S, E = ProposalStatus, ProposalEvent
BACK_OFFICE = Actor(ActorRole.BACK_OFFICE, staff_id=None)
# Every move the round allows: (from, event) -> to. Anything else is refused.
ALLOWED = {
    (S.PROPOSED, E.VERIFY): S.VERIFIED,
    (S.PROPOSED, E.RETURN): S.RETURNED,
    (S.VERIFIED, E.RETURN): S.RETURNED,
    (S.RETURNED, E.RESUBMIT): S.PROPOSED,
    (S.VERIFIED, E.INCLUDE): S.INCLUDED,
}


async def _proposal(
    session: AsyncSession, vault: Vault, status: S = S.PROPOSED
) -> InclusionProposal:
    """The proposal a complaint of an unregistered household made, put in `status` (set-up only)."""
    complaint = await make_complaint(session, vault)
    assert complaint.registry_status == RegistryStatus.NOT_REGISTERED
    proposal = await proposal_of_citizen(session, complaint.citizen_id)
    assert proposal is not None and proposal.status == S.PROPOSED
    proposal.status = status
    await session.flush()
    return proposal


class TestMakingProposals:
    """One proposal per household; each of its unregistered complaints is linked once."""

    async def test_a_second_complaint_joins_the_households_proposal(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        first = await make_complaint(session, vault)
        citizen_id = first.citizen_id
        citizen = await session.get_one(Citizen, citizen_id)
        second = await register_complaint(
            session, citizen=citizen, category=await category(session, "bpnt"),
            description="Kartu sembako tidak bisa dipakai.", channel=Channel.TELEGRAM,
            actor=Actor(ActorRole.CITIZEN, citizen_id=citizen_id),
        )  # fmt: skip
        again = await propose_inclusion(session, second)
        proposals = list(await session.scalars(select(InclusionProposal)))
        links = list(await session.scalars(select(InclusionProposalComplaint)))
        assert [p.id for p in proposals] == [again.id]
        assert sorted(link.complaint_id for link in links) == sorted([first.id, second.id])


class TestMovingProposals:
    """Every (status, event) pair: allowed ones move, the rest are refused and change nothing."""

    @pytest.mark.parametrize("source", list(S))
    @pytest.mark.parametrize("event", list(E))
    async def test_each_pair(
        self, source: S, event: E, session: AsyncSession, vault: Vault
    ) -> None:
        proposal = await _proposal(session, vault, source)
        note = "NIK di KK berbeda dengan KTP; minta fotokopi KK terbaru."
        if (source, event) in ALLOWED:
            await move_proposal(session, proposal, event, BACK_OFFICE, note=note)
            assert proposal.status == ALLOWED[(source, event)]
            assert proposal.note == note
            [audit] = list(await session.scalars(
                select(AuditRecord).where(AuditRecord.action == f"inclusion_proposal.{event.value}")
            ))  # fmt: skip
            assert audit.object_id == str(proposal.id)
            assert audit.detail == {"from": source.value, "to": proposal.status.value, "note": True}
        else:
            with pytest.raises(ProposalRefused) as refused:
                await move_proposal(session, proposal, event, BACK_OFFICE, note=note)
            assert refused.value.status_code == 409
            assert proposal.status == source

    def test_the_table_is_the_services_table(self) -> None:
        served = {
            (source, event): transition.dest
            for event, transition in TRANSITIONS.items()
            for source in transition.sources
        }
        assert served == ALLOWED

    @pytest.mark.parametrize(
        ("role", "allowed"),
        [
            (ActorRole.BACK_OFFICE, True), (ActorRole.SUPERVISOR, True), (ActorRole.ADMIN, True),
            (ActorRole.FRONT_OFFICE, False), (ActorRole.FACILITATOR, False),
            (ActorRole.CITIZEN, False), (ActorRole.SYSTEM, False),
        ],
    )  # fmt: skip
    async def test_only_the_office_that_runs_the_round_moves_proposals(
        self, role: ActorRole, allowed: bool, session: AsyncSession, vault: Vault
    ) -> None:
        proposal = await _proposal(session, vault)
        actor = Actor(role)
        assert bool(allowed_proposal_events(proposal.status, role)) == allowed
        if allowed:
            await move_proposal(session, proposal, "verify", actor)
            assert proposal.status == S.VERIFIED
        else:
            with pytest.raises(ProposalRefused) as refused:
                await move_proposal(session, proposal, "verify", actor)
            assert refused.value.status_code == 403 and proposal.status == S.PROPOSED

    @pytest.mark.parametrize("note", [None, "", "   "])
    async def test_returning_needs_a_note(
        self, note: str | None, session: AsyncSession, vault: Vault
    ) -> None:
        proposal = await _proposal(session, vault)
        with pytest.raises(ProposalRefused) as refused:
            await move_proposal(session, proposal, E.RETURN, BACK_OFFICE, note=note)
        assert refused.value.status_code == 422 and proposal.status == S.PROPOSED

    async def test_a_note_over_the_limit_and_an_unknown_event_are_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        proposal = await _proposal(session, vault)
        for event, note in (("return", "x" * 2001), ("approve", None)):
            with pytest.raises(ProposalRefused) as refused:
                await move_proposal(session, proposal, event, BACK_OFFICE, note=note)
            assert refused.value.status_code == 422
        assert proposal.status == S.PROPOSED
        audits = await session.scalars(
            select(AuditRecord).where(AuditRecord.object_type == "inclusion_proposal")
        )
        assert list(audits) == []

    async def test_the_whole_round_proposed_to_included(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        proposal = await _proposal(session, vault)
        version = proposal.version
        steps = [(E.RETURN, "Alamat kurang lengkap"), (E.RESUBMIT, None), (E.VERIFY, None),
                 (E.INCLUDE, "Masuk DTSEN periode Desember")]  # fmt: skip
        for event, note in steps:
            await move_proposal(session, proposal, event, BACK_OFFICE, note=note)
        assert proposal.status == S.INCLUDED
        assert proposal.note == "Masuk DTSEN periode Desember"
        assert proposal.version == version + len(steps)
        assert allowed_proposal_events(proposal.status, ActorRole.ADMIN) == []
