"""Registering complaints and the deadlines, tickets and records that come with it."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint, ComplaintStatus, RegistryStatus, StatusEvent
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Channel
from backend.complaints.service import EventDetails, fire_event, register_complaint
from backend.notifications.models import OutboxMessage
from backend.registry.models import RegistryRecord
from backend.security.crypto import Vault
from tests.fixtures.factories import (
    category,
    made_up_nik,
    make_citizen,
    make_complaint,
    make_facilitator,
)

WIB = ZoneInfo("Asia/Jakarta")
# Monday before Nyepi and Idul Fitri 2026: 18-24 March are holidays or cuti bersama.
MONDAY_BEFORE_LEBARAN = datetime(2026, 3, 16, 9, 0, tzinfo=WIB)
S = ComplaintStatus


async def _count(session: AsyncSession, model: type) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


class TestRegisteringAComplaint:
    """A citizen's filing is received at once, with a ticket and a deadline."""

    async def test_citizen_filing_is_received_with_ticket_and_deadlines(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault, now=MONDAY_BEFORE_LEBARAN)
        assert complaint.status == S.RECEIVED
        assert normalise_ticket(complaint.ticket) == complaint.ticket
        assert complaint.ticket.startswith("260316-")
        # PKH: 3 + 5 + 14 working days, after the Lebaran holidays and Good Friday.
        assert complaint.expected_completion_on == date(2026, 4, 23)
        assert complaint.due_on == complaint.expected_completion_on, "one date"
        assert complaint.file_complete_at == MONDAY_BEFORE_LEBARAN

    async def test_registration_writes_its_status_event_and_audit_but_no_message(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault)
        events = (await session.execute(select(StatusEvent))).scalars().all()
        assert [(e.event, e.from_status, e.to_status) for e in events] == [
            ("register", None, S.RECEIVED)
        ]
        audit = (await session.execute(select(AuditRecord))).scalar_one()
        assert (audit.action, audit.object_id) == ("complaint.register", complaint.ticket)
        # The chat that filed it answers with the receipt itself.
        assert await _count(session, OutboxMessage) == 0

    async def test_facilitator_filing_waits_for_approval_without_a_clock(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await make_facilitator(session)
        complaint = await make_complaint(session, vault, facilitator=facilitator)
        assert complaint.status == S.PENDING_APPROVAL
        assert complaint.due_on is None and complaint.file_complete_at is None
        await fire_event(
            session, complaint, "approve", Actor(ActorRole.SUPERVISOR), now=MONDAY_BEFORE_LEBARAN
        )
        assert complaint.status == S.RECEIVED
        assert complaint.due_on == date(2026, 4, 23)


class TestRegistryCheckAtFiling:
    """The NIK is checked against the registry extract when the complaint is filed."""

    async def test_registered_household_gets_its_decile(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        session.add(
            RegistryRecord(
                nik_lookup=vault.lookup_hash(nik), nik_ciphertext=vault.encrypt(nik),
                full_name="Siti Aminah", decile=2, programs={"pkh": True},
            )
        )  # fmt: skip
        citizen = await make_citizen(session, vault, nik=nik)
        complaint = await register_complaint(
            session, citizen=citizen, category=await category(session), description="PKH berhenti.",
            channel=Channel.WALK_IN, actor=Actor(ActorRole.FRONT_OFFICE, staff_id=None),
        )  # fmt: skip
        assert complaint.registry_status == RegistryStatus.REGISTERED
        assert complaint.registry_decile == 2

    async def test_unregistered_household_is_marked_for_inclusion(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault)
        assert complaint.registry_status == RegistryStatus.NOT_REGISTERED
        assert complaint.registry_checked_at is not None


class TestDeadlinesFollowTheStep:
    """One date, set at receipt; the steps keep it unless their own clock ends later."""

    async def test_the_date_holds_through_the_steps_that_fit_in_it(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault, now=MONDAY_BEFORE_LEBARAN)
        worker = Actor(ActorRole.BACK_OFFICE)
        now = MONDAY_BEFORE_LEBARAN
        await fire_event(session, complaint, "start_review", worker, now=now)
        assert complaint.due_on == complaint.expected_completion_on == date(2026, 4, 23)
        await fire_event(
            session, complaint, "request_info", worker, EventDetails(note="Foto KK?"), now=now
        )
        assert complaint.due_on is None, "the clock waits for the citizen"
        assert complaint.expected_completion_on == date(2026, 4, 23), "on hold, still told"
        await fire_event(session, complaint, "provide_info", worker, now=now)
        # PKH referral: 14 working days end on 13 April, inside the date already given.
        await fire_event(session, complaint, "refer", worker, EventDetails(agency="pkh"), now=now)
        assert complaint.due_on == complaint.expected_completion_on == date(2026, 4, 23)
        await fire_event(
            session, complaint, "record_outcome", worker,
            EventDetails(outcome="resolved", resolution="Sudah cair"), now=now,
        )  # fmt: skip
        assert complaint.due_on is None and complaint.status == S.RESOLVED

    async def test_a_referral_whose_clock_ends_later_moves_the_date_and_says_why(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault, now=MONDAY_BEFORE_LEBARAN)
        worker = Actor(ActorRole.BACK_OFFICE)
        await fire_event(session, complaint, "start_review", worker, now=MONDAY_BEFORE_LEBARAN)
        later = datetime(2026, 4, 20, 9, 0, tzinfo=WIB)
        event = await fire_event(
            session, complaint, "refer", worker, EventDetails(agency="pkh"), now=later
        )
        # 14 working days from Monday 20 April (1 May and Ascension Day 14 May are holidays).
        assert complaint.expected_completion_on == complaint.due_on == event.due_on
        assert complaint.expected_completion_on > date(2026, 4, 23)
        message = (
            await session.execute(
                select(OutboxMessage).where(OutboxMessage.status_event_id == event.id)
            )
        ).scalar_one()
        assert message.params["due_moved"] == "referral"
        assert message.params["due_before"] == "2026-04-23"
        assert message.params["due_days"] == 14

    async def test_deadline_never_passes_sixty_days_after_the_file_is_complete(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault, now=MONDAY_BEFORE_LEBARAN)
        registry = await category(session, "registry_inclusion")
        complaint.category_id = registry.id
        worker = Actor(ActorRole.BACK_OFFICE)
        await fire_event(session, complaint, "start_review", worker, now=MONDAY_BEFORE_LEBARAN)
        await fire_event(session, complaint, "handle", worker, now=MONDAY_BEFORE_LEBARAN)
        assert complaint.due_on == date(2026, 5, 15), "16 March + 60 days"


class TestTickets:
    """Tickets are unique and ordered by filing time, also when filed at the same moment."""

    @pytest.mark.own_database  # connections racing each other
    async def test_concurrent_filings_get_distinct_ordered_tickets(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async def file_one() -> str:
            async with sessions() as session:
                complaint = await make_complaint(session, vault)
                await session.commit()
                return complaint.ticket

        tickets = await asyncio.gather(*(file_one() for _ in range(8)))
        assert len(set(tickets)) == 8
        async with sessions() as session:
            stored = (
                (await session.execute(select(Complaint.ticket).order_by(Complaint.id)))
                .scalars()
                .all()
            )
        assert sorted(stored) == sorted(tickets)
        assert sorted(stored) == [t for t in sorted(stored)]


class TestTwoStaffAtOnce:
    """When two people move the same complaint at once, only the first one wins."""

    async def test_the_stale_second_change_is_refused(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with sessions() as session:
            ticket = (await make_complaint(session, vault)).ticket
            await session.commit()
        async with sessions() as first, sessions() as second:
            # Both open the complaint page; SQLite transactions take the write lock,
            # so the second reader ends its transaction before the first one starts.
            theirs = (
                await second.execute(select(Complaint).where(Complaint.ticket == ticket))
            ).scalar_one()
            await second.commit()
            mine = (
                await first.execute(select(Complaint).where(Complaint.ticket == ticket))
            ).scalar_one()
            await fire_event(first, mine, "start_review", Actor(ActorRole.BACK_OFFICE))
            await first.commit()
            with pytest.raises(StaleDataError):
                await fire_event(
                    second, theirs, "reject", Actor(ActorRole.BACK_OFFICE), EventDetails(reason="x")
                )
            await second.rollback()
        async with sessions() as session:
            complaint = (
                await session.execute(select(Complaint).where(Complaint.ticket == ticket))
            ).scalar_one()
            assert complaint.status == S.IN_REVIEW
            assert await _count(session, StatusEvent) == 2
