"""Every (status, event, role) of the lifecycle, fired through the service."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint, ComplaintStatus, StatusEvent
from backend.complaints.lifecycle import Outcome
from backend.complaints.service import EventDetails, EventRefused, fire_event
from backend.errors import Forbidden, InvalidInput
from backend.notifications.models import OutboxMessage, Recipient
from backend.referrals.models import Referral, ReferralStatus
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.complaints.lifecycle_spec import (
    EVENTS,
    EXPECTED,
    FULL_DETAILS,
    actor_for,
    expected_outbox_rows,
)
from tests.fixtures.factories import make_complaint, make_facilitator, make_staff

S = ComplaintStatus


async def _counts(session: AsyncSession) -> tuple[int, ...]:
    await session.flush()
    tables = (StatusEvent, AuditRecord, OutboxMessage, Referral)
    return tuple(
        [(await session.execute(select(func.count()).select_from(t))).scalar_one() for t in tables]
    )


async def _complaint_in(session: AsyncSession, vault: Vault, status: S) -> Complaint:
    facilitator = await make_facilitator(session, chat_id=f"fac-{uuid.uuid4().hex[:8]}")
    complaint = await make_complaint(session, vault, status=status, facilitator=facilitator)
    return complaint


class TestEveryStatusEventAndRole:
    """Allowed combinations move the complaint and write everything; others write nothing."""

    @pytest.mark.parametrize("status", list(S))
    async def test_fires_exactly_the_allowed_combinations(
        self, session: AsyncSession, vault: Vault, status: S
    ) -> None:
        staff = await make_staff(session, Role.ADMIN)
        bystander = await _complaint_in(session, vault, status)
        for event in EVENTS:
            expected = EXPECTED.get((status, event))
            for role in ActorRole:
                allowed = expected is not None and role in expected[1]
                if allowed:
                    await self._assert_allowed(session, vault, status, event, role, staff.id)
                else:
                    await self._assert_refused(session, bystander, event, role, staff.id, expected)

    async def _assert_allowed(
        self,
        session: AsyncSession,
        vault: Vault,
        status: S,
        event: str,
        role: ActorRole,
        staff_id: int,
    ) -> None:
        complaint = await _complaint_in(session, vault, status)
        before = await _counts(session)
        status_event = await fire_event(
            session, complaint, event, actor_for(role, complaint, staff_id), FULL_DETAILS
        )
        after = await _counts(session)
        destination = EXPECTED[(status, event)][0]
        assert complaint.status == destination, (status, event, role)
        assert (status_event.from_status, status_event.to_status) == (status, destination)
        assert status_event.actor_role == role.value
        assert after[0] - before[0] == 1, "one status event"
        assert after[1] - before[1] == 1, "one audit record"
        assert after[2] - before[2] == expected_outbox_rows(role), (event, role)
        assert after[3] - before[3] == (1 if event == "refer" else 0)

    async def _assert_refused(
        self,
        session: AsyncSession,
        complaint: Complaint,
        event: str,
        role: ActorRole,
        staff_id: int,
        expected: tuple[S, set[ActorRole]] | None,
    ) -> None:
        status = complaint.status
        before = await _counts(session)
        with pytest.raises(EventRefused) as refused:
            await fire_event(
                session, complaint, event, actor_for(role, complaint, staff_id), FULL_DETAILS
            )
        assert refused.value.status == status and refused.value.event == event
        # Wrong status is a conflict; right status but wrong role is forbidden.
        assert refused.value.status_code == (409 if expected is None else 403)
        assert status.value in str(refused.value) and event in str(refused.value)
        assert complaint.status == status
        assert await _counts(session) == before, (status, event, role)


class TestWhatEventsRequire:
    """An event without what it needs is refused with 422 and writes nothing."""

    @pytest.mark.parametrize(
        ("status", "event", "missing"),
        [
            (S.IN_REVIEW, "request_info", "note"),
            (S.IN_REVIEW, "refer", "agency"),
            (S.IN_PROGRESS, "resolve", "resolution"),
            (S.RECEIVED, "reject", "reason"),
            (S.PENDING_APPROVAL, "reject", "reason"),
            (S.RESOLVED, "appeal", "reason"),
            (S.REFERRED, "record_outcome", "outcome"),
        ],
    )
    async def test_missing_field_is_refused(
        self, session: AsyncSession, vault: Vault, status: S, event: str, missing: str
    ) -> None:
        complaint = await _complaint_in(session, vault, status)
        role = ActorRole.CITIZEN if event == "appeal" else ActorRole.ADMIN
        staff = await make_staff(session, Role.ADMIN)
        details = EventDetails(
            **{**_as_dict(FULL_DETAILS), missing: "   " if missing != "outcome" else None}
        )
        before = await _counts(session)
        with pytest.raises(EventRefused) as refused:
            await fire_event(
                session, complaint, event, actor_for(role, complaint, staff.id), details
            )
        assert refused.value.status_code == 422
        assert missing in refused.value.reason
        assert await _counts(session) == before

    async def test_record_outcome_resolved_needs_a_resolution(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await _complaint_in(session, vault, S.REFERRED)
        with pytest.raises(EventRefused, match="resolution"):
            await fire_event(
                session, complaint, "record_outcome", Actor(ActorRole.ADMIN),
                EventDetails(outcome=Outcome.RESOLVED),
            )  # fmt: skip

    async def test_unknown_agency_is_refused(self, session: AsyncSession, vault: Vault) -> None:
        complaint = await _complaint_in(session, vault, S.IN_REVIEW)
        with pytest.raises(EventRefused, match="unknown agency") as refused:
            await fire_event(
                session,
                complaint,
                "refer",
                Actor(ActorRole.BACK_OFFICE),
                EventDetails(agency="nope"),
            )
        assert refused.value.status_code == 422
        assert complaint.status == S.IN_REVIEW

    async def test_unknown_event_is_invalid_input(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await _complaint_in(session, vault, S.RECEIVED)
        with pytest.raises(InvalidInput, match="Unknown event"):
            await fire_event(session, complaint, "teleport", Actor(ActorRole.ADMIN))


def _as_dict(details: EventDetails) -> dict[str, object]:
    return {name: getattr(details, name) for name in details.__slots__}


class TestRecordOutcome:
    """An agency's answer either sends the complaint back to handling or resolves it."""

    @pytest.mark.parametrize(
        ("outcome", "destination"),
        [(Outcome.IN_PROGRESS, S.IN_PROGRESS), (Outcome.RESOLVED, S.RESOLVED)],
    )
    async def test_outcome_chooses_the_destination_and_answers_the_referral(
        self, session: AsyncSession, vault: Vault, outcome: Outcome, destination: S
    ) -> None:
        complaint = await _complaint_in(session, vault, S.IN_REVIEW)
        worker = Actor(ActorRole.BACK_OFFICE, staff_id=(await make_staff(session)).id)
        await fire_event(session, complaint, "refer", worker, EventDetails(agency="disdukcapil"))
        await fire_event(
            session, complaint, "record_outcome", worker,
            EventDetails(outcome=outcome, note="Sudah diproses", resolution="KK baru terbit"),
        )  # fmt: skip
        assert complaint.status == destination
        referral = (await session.execute(select(Referral))).scalar_one()
        assert referral.status == ReferralStatus.ANSWERED
        assert referral.answer == "Sudah diproses"
        assert (complaint.resolution is not None) == (destination == S.RESOLVED)


class TestOwnCasesOnly:
    """Citizens and facilitators may act only on their own complaints."""

    async def test_another_citizen_is_forbidden(self, session: AsyncSession, vault: Vault) -> None:
        complaint = await _complaint_in(session, vault, S.RESOLVED)
        stranger = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id + 999)
        with pytest.raises(Forbidden):
            await fire_event(session, complaint, "close", stranger)
        assert complaint.status == S.RESOLVED

    async def test_another_facilitator_is_forbidden(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await _complaint_in(session, vault, S.NEEDS_INFO)
        other = await make_facilitator(session)
        with pytest.raises(Forbidden):
            await fire_event(
                session,
                complaint,
                "provide_info",
                Actor(ActorRole.FACILITATOR, facilitator_id=other.id),
            )
        assert complaint.status == S.NEEDS_INFO


class TestAppealWindow:
    """An appeal is accepted only within the appeal window after resolution."""

    async def _resolved(self, session: AsyncSession, vault: Vault) -> Complaint:
        complaint = await _complaint_in(session, vault, S.IN_PROGRESS)
        await fire_event(
            session,
            complaint,
            "resolve",
            Actor(ActorRole.BACK_OFFICE),
            EventDetails(resolution="Selesai"),
        )
        return complaint

    async def test_appeal_inside_the_window_reopens_review(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await self._resolved(session, vault)
        later = complaint.resolved_at + timedelta(days=13)
        citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
        await fire_event(
            session, complaint, "appeal", citizen, EventDetails(reason="Belum diterima"),
            appeal_window_days=14, now=later,
        )  # fmt: skip
        assert complaint.status == S.IN_REVIEW
        assert complaint.appeal_count == 1
        assert complaint.resolved_at is None

    async def test_appeal_after_the_window_is_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await self._resolved(session, vault)
        later = complaint.resolved_at + timedelta(days=15)
        citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
        before = await _counts(session)
        with pytest.raises(EventRefused, match="appeal window") as refused:
            await fire_event(
                session, complaint, "appeal", citizen, EventDetails(reason="Belum diterima"),
                appeal_window_days=14, now=later,
            )  # fmt: skip
        assert refused.value.status_code == 409
        assert complaint.status == S.RESOLVED
        assert await _counts(session) == before


class TestNotifications:
    """Each event queues a message for the citizen's chat and the facilitator's, never the actor's own."""

    async def test_outbox_rows_name_ticket_template_and_language(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await _complaint_in(session, vault, S.RECEIVED)
        await fire_event(session, complaint, "start_review", Actor(ActorRole.BACK_OFFICE))
        rows = (
            (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id)))
            .scalars()
            .all()
        )
        assert {row.recipient for row in rows} == {Recipient.CITIZEN, Recipient.FACILITATOR}
        for row in rows:
            assert row.template == "complaint.start_review"
            assert row.params["ticket"] == complaint.ticket
            assert row.params["status"] == "in_review"
            assert row.language == "id"
            assert row.complaint_id == complaint.id

    async def test_internal_note_never_reaches_the_outbox(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await _complaint_in(session, vault, S.IN_REVIEW)
        await fire_event(
            session, complaint, "handle", Actor(ActorRole.BACK_OFFICE),
            EventDetails(note="Sedang kami tangani", internal_note="RAHASIA: cek tetangga"),
        )  # fmt: skip
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
        assert rows and all("RAHASIA" not in str(row.params) for row in rows)

    async def test_walk_in_complaint_without_chat_queues_only_for_facilitator(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault, with_identity=False, status=S.RECEIVED)
        await fire_event(session, complaint, "start_review", Actor(ActorRole.BACK_OFFICE))
        assert (
            await session.execute(select(func.count()).select_from(OutboxMessage))
        ).scalar_one() == 0


class TestUnknownOutcome:
    """An outcome that is neither in_progress nor resolved is refused, not a crash."""

    async def test_is_refused_with_422(self, session: AsyncSession, vault: Vault) -> None:
        complaint = await _complaint_in(session, vault, S.REFERRED)
        with pytest.raises(EventRefused) as refused:
            await fire_event(
                session, complaint, "record_outcome", Actor(ActorRole.ADMIN),
                EventDetails(outcome="maybe", resolution="x"),  # type: ignore[arg-type]
            )  # fmt: skip
        assert refused.value.status_code == 422


class TestNoteLength:
    """A note longer than a chat message can carry is refused before anything is written."""

    async def test_a_2001_character_question_is_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await _complaint_in(session, vault, S.IN_REVIEW)
        before = await _counts(session)
        with pytest.raises(EventRefused, match="2000") as refused:
            await fire_event(
                session, complaint, "request_info", Actor(ActorRole.BACK_OFFICE),
                EventDetails(note="x" * 2001),
            )  # fmt: skip
        assert refused.value.status_code == 422
        assert await _counts(session) == before
        await fire_event(
            session,
            complaint,
            "request_info",
            Actor(ActorRole.BACK_OFFICE),
            EventDetails(note="x" * 2000),
        )
        assert complaint.status == S.NEEDS_INFO
