"""An agency's answers where staff and the person read them: the complaint's timeline in the
panel, the person's data export, and the retention policy's pseudonymisation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.clock import utcnow
from backend.complaints.agency_answers import answer_referral
from backend.db import unit_of_work
from backend.privacy.pseudonymise import REMOVED_MARKER, pseudonymise_complaints
from backend.privacy.subject_export import SubjectExportFormat, export_subject
from backend.referrals.models import Agency, AgencyAnswer, AgencyAnswerKind, Referral
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.fixtures.factories import make_complaint


async def _answered(db: async_sessionmaker[AsyncSession], vault: Vault) -> tuple[str, int]:
    async with unit_of_work(db) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
        agency_id = await session.scalar(select(Agency.id).where(Agency.code == "pkh"))
        assert agency_id is not None
        referral = Referral(complaint_id=complaint.id, agency_id=agency_id)
        session.add(referral)
        await session.flush()
        await answer_referral(
            session, referral, AgencyAnswerKind.IN_PROGRESS, note="Verifikasi lapangan Senin.",
            officer_name="Rina", now=utcnow(),
        )  # fmt: skip
        return complaint.ticket, complaint.id


async def test_the_complaint_page_shows_the_agencys_answer(
    panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    ticket, _ = await _answered(db, vault)
    worker = await panel(Role.BACK_OFFICE)
    page = await worker.get(f"/panel/complaints/{ticket}")
    assert page.status_code == 200
    assert "sedang diproses (lewat tautan jawaban)" in page.text
    assert "Verifikasi lapangan Senin." in page.text and "Rina" in page.text


async def test_the_persons_export_and_the_retention_policy_cover_it(
    db: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    ticket, complaint_id = await _answered(db, vault)
    async with unit_of_work(db) as session:
        complaint = await session.get_one(Complaint, complaint_id)
        exported = await export_subject(
            session, vault, complaint, Actor(ActorRole.SUPERVISOR, staff_id=None),
            SubjectExportFormat.JSON,
        )  # fmt: skip
    [case] = [item for item in exported["complaints"] if item["ticket"] == ticket]
    [referral] = case["referrals"]
    assert referral["agency_answers"][0]["answer"] == "in_progress"
    assert referral["agency_answers"][0]["note"] == "Verifikasi lapangan Senin."

    async with unit_of_work(db) as session:
        await pseudonymise_complaints(session, [complaint_id], utcnow())
    async with db() as session:
        note = await session.scalar(
            select(AgencyAnswer.note).where(AgencyAnswer.complaint_id == complaint_id)
        )
    assert note == REMOVED_MARKER


async def test_why_it_is_not_the_agencys_program_is_for_staff_only(
    db: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    from backend.complaints.timeline import build_timeline

    async with unit_of_work(db) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
        agency_id = await session.scalar(select(Agency.id).where(Agency.code == "pkh"))
        assert agency_id is not None
        referral = Referral(complaint_id=complaint.id, agency_id=agency_id)
        session.add(referral)
        await session.flush()
        await answer_referral(
            session, referral, AgencyAnswerKind.NOT_OUR_PROGRAM, note="Ranah Disdukcapil.",
            officer_name=None, now=utcnow(),
        )  # fmt: skip
        for_staff = await build_timeline(session, complaint.id, with_internal=True)
        for_facilitator = await build_timeline(session, complaint.id, with_internal=False)
    [staff_entry] = [entry for entry in for_staff if entry.kind == "agency_answer"]
    [other_entry] = [entry for entry in for_facilitator if entry.kind == "agency_answer"]
    assert staff_entry.text == "Ranah Disdukcapil." and staff_entry.event == "not_our_program"
    assert other_entry.text is None
