"""Assisted filing, approval, relaying and its confirmation and reminders (services, both databases)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.clock import local_date, utcnow
from backend.complaints.assisted_filing import (
    HouseholdAnswers,
    LinkOutcome,
    file_for_household,
    open_household_link,
)
from backend.complaints.news import mark_undeliverable
from backend.complaints.service import EventDetails, EventRefused, fire_event
from backend.complaints.timeline import build_timeline
from backend.errors import InvalidInput
from backend.facilitators.models import Facilitator, HouseholdReach, Relay
from backend.facilitators.relays import (
    ConfirmOutcome,
    confirm_by,
    confirm_relay,
    overdue_relays,
    queue_relay_reminders,
)
from backend.facilitators.service import accept_invitation, set_facilitator_active
from backend.notifications.models import OutboxMessage, Recipient
from backend.security.crypto import Vault
from tests.fixtures.facilitator_helpers import ADMIN, invite
from tests.fixtures.factories import BUBULAK, category, made_up_nik, make_complaint

WIB = ZoneInfo("Asia/Jakarta")
SUPERVISOR = Actor(ActorRole.SUPERVISOR)
TG = Channel.TELEGRAM


async def bound_facilitator(
    session: AsyncSession, chat_id: str = "8800001", name: str = "Rina Marlina"
) -> Facilitator:
    facilitator, token = await invite(session, name=name)
    await accept_invitation(session, token, TG, chat_id)
    return facilitator


async def assisted(
    session: AsyncSession, vault: Vault, facilitator: Facilitator, *,
    reach: HouseholdReach = HouseholdReach.FACILITATOR, phone: str | None = "+6281298765432",
    visit_on: date | None = None, now: datetime | None = None,
):  # type: ignore[no-untyped-def]  # fmt: skip
    answers = HouseholdAnswers(
        full_name="Siti Aminah", nik=made_up_nik(), kk=None, phone=phone, kelurahan_code=BUBULAK,
        address="Jl. Mawar No. 5, RT 02/RW 03", category=await category(session),
        description="Bantuan PKH tidak cair sejak Agustus.", reach=reach,
        visit_on=visit_on or local_date(now or utcnow()),
    )  # fmt: skip
    return await file_for_household(
        session, vault, facilitator, answers, channel=TG, link_valid_for=timedelta(days=30), now=now
    )


async def outbox(session: AsyncSession) -> list[OutboxMessage]:
    return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


class TestAssistedFiling:
    """The complaint waits for a supervisor; consent is recorded as given in person."""

    async def test_it_waits_for_approval_with_no_clock_running(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        result = await assisted(session, vault, facilitator)
        complaint = result.complaint
        assert complaint.status == S.PENDING_APPROVAL
        assert complaint.due_on is None and complaint.file_complete_at is None
        assert (complaint.facilitator_id, complaint.identity_id) == (facilitator.id, None)
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert citizen.consent_method == "in_person_facilitator" and citizen.consent_at is not None
        assert result.household_token is None
        assert await outbox(session) == []

    async def test_a_household_with_its_own_telegram_gets_a_one_time_link(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        result = await assisted(session, vault, facilitator, reach=HouseholdReach.TELEGRAM)
        assert result.household_payload is not None and result.household_payload.startswith("hh_")
        assert len(result.household_payload) <= 64

    async def test_reaching_by_phone_needs_a_number(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        with pytest.raises(InvalidInput):
            await assisted(session, vault, facilitator, reach=HouseholdReach.PHONE, phone=None)

    @pytest.mark.parametrize("days", [-1, 61])
    async def test_a_visit_in_the_future_or_long_ago_is_refused(
        self, session: AsyncSession, vault: Vault, days: int
    ) -> None:
        facilitator = await bound_facilitator(session)
        with pytest.raises(InvalidInput):
            await assisted(
                session, vault, facilitator, visit_on=local_date(utcnow()) - timedelta(days=days)
            )

    async def test_a_deactivated_facilitator_cannot_file(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        await set_facilitator_active(session, facilitator, False, ADMIN)
        with pytest.raises(Exception, match="deactivated"):
            await assisted(session, vault, facilitator)


class TestApproval:
    """A supervisor approves (the SLA starts) or rejects with a reason; the facilitator is told."""

    async def test_approval_starts_the_clock_and_relays_the_news(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        await fire_event(session, complaint, "approve", SUPERVISOR)
        assert complaint.status == S.RECEIVED
        assert complaint.due_on is not None and complaint.file_complete_at is not None
        [message] = await outbox(session)
        assert (message.recipient, message.template) == (Recipient.FACILITATOR, "relay")
        params = message.params
        assert (params["household"], params["kelurahan"], params["reach"]) == (
            "Siti Aminah",
            "Bubulak",
            "facilitator",
        )
        assert params["inner_template"] == "complaint.approve"
        relay = await session.get_one(Relay, params["relay_id"])
        assert (relay.facilitator_id, relay.outbox_message_id, relay.confirmed_at) == (
            facilitator.id,
            message.id,
            None,
        )

    async def test_rejection_needs_a_reason_and_is_relayed(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        with pytest.raises(EventRefused):
            await fire_event(session, complaint, "reject", SUPERVISOR)
        await fire_event(
            session, complaint, "reject", SUPERVISOR, EventDetails(reason="Sudah menerima PKH.")
        )
        assert complaint.status == S.REJECTED
        [message] = await outbox(session)
        assert message.params["inner_params"]["note"] == "Sudah menerima PKH."

    @pytest.mark.parametrize(
        "role", [ActorRole.BACK_OFFICE, ActorRole.FRONT_OFFICE, ActorRole.FACILITATOR]
    )
    async def test_only_supervisors_and_admins_approve(
        self, session: AsyncSession, vault: Vault, role: ActorRole
    ) -> None:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        actor = (
            Actor(role, facilitator_id=facilitator.id)
            if role == ActorRole.FACILITATOR
            else Actor(role)
        )
        with pytest.raises(EventRefused) as refused:
            await fire_event(session, complaint, "approve", actor)
        assert refused.value.status_code == 403

    async def test_with_nobody_to_relay_to_the_complaint_is_flagged_for_a_call(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        await set_facilitator_active(session, facilitator, False, ADMIN)
        await fire_event(session, complaint, "approve", SUPERVISOR)
        assert await outbox(session) == []
        assert complaint.needs_phone_call_since is not None


class TestHouseholdLink:
    """The household's own chat, once connected, gets the news; the facilitator gets a copy."""

    async def test_the_connected_chat_gets_the_news_and_the_facilitator_a_copy(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        result = await assisted(session, vault, facilitator, reach=HouseholdReach.TELEGRAM)
        opened = await open_household_link(session, result.household_token or "", TG, "9900001")
        assert opened.outcome == LinkOutcome.CONNECTED
        await fire_event(session, result.complaint, "approve", SUPERVISOR)
        messages = await outbox(session)
        assert [(m.recipient, m.template) for m in messages] == [
            (Recipient.CITIZEN, "complaint.approve"), (Recipient.FACILITATOR, "complaint.approve"),
        ]  # fmt: skip
        household = await session.get_one(ChannelIdentity, messages[0].identity_id)
        assert household.chat_id == "9900001"
        assert list(await session.scalars(select(Relay))) == []

    async def test_the_link_works_once_and_not_after_it_expires(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        result = await assisted(session, vault, facilitator, reach=HouseholdReach.TELEGRAM)
        token = result.household_token or ""
        await open_household_link(session, token, TG, "9900001")
        assert (
            await open_household_link(session, token, TG, "9900001")
        ).outcome == LinkOutcome.ALREADY
        assert (
            await open_household_link(session, token, TG, "9900002")
        ).outcome == LinkOutcome.USED
        late = await assisted(session, vault, facilitator, reach=HouseholdReach.TELEGRAM)
        later = utcnow() + timedelta(days=31)
        outcome = (
            await open_household_link(session, late.household_token or "", TG, "9900003", now=later)
        ).outcome
        assert outcome == LinkOutcome.EXPIRED
        assert (
            await open_household_link(session, "nonsense", TG, "9900003")
        ).outcome == LinkOutcome.UNKNOWN


class TestConfirmingARelay:
    """Only the facilitator it was sent to confirms it; the time lands on the timeline."""

    async def _relayed(
        self, session: AsyncSession, vault: Vault
    ) -> tuple[Facilitator, Complaint, Relay]:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        await fire_event(session, complaint, "approve", SUPERVISOR)
        relay = (await session.execute(select(Relay))).scalar_one()
        return facilitator, complaint, relay

    async def test_confirmation_is_recorded_once_and_shown_on_the_timeline(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator, complaint, relay = await self._relayed(session, vault)
        when = utcnow()
        assert (
            await confirm_relay(session, relay.id, facilitator, when)
        ).outcome == ConfirmOutcome.CONFIRMED
        again = await confirm_relay(session, relay.id, facilitator, when + timedelta(hours=1))
        assert again.outcome == ConfirmOutcome.ALREADY and relay.confirmed_at == when
        entries = [
            e
            for e in await build_timeline(session, complaint.id, with_internal=False)
            if e.kind == "relay_confirmed"
        ]
        assert [(e.at, e.text) for e in entries] == [(when, "Rina Marlina")]

    async def test_another_facilitator_cannot_confirm_it(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        _, _, relay = await self._relayed(session, vault)
        other = await bound_facilitator(session, chat_id="8800002", name="Dewi Lestari")
        assert (
            await confirm_relay(session, relay.id, other, utcnow())
        ).outcome == ConfirmOutcome.NOT_FOUND
        assert relay.confirmed_at is None

    async def test_copies_to_the_kelurahans_facilitators_settle_together(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        first = await bound_facilitator(session, chat_id="8800001", name="Rina Marlina")
        second = await bound_facilitator(session, chat_id="8800002", name="Dewi Lestari")
        complaint = await make_complaint(session, vault, status=S.RECEIVED)
        await fire_event(session, complaint, "start_review", Actor(ActorRole.BACK_OFFICE))
        [citizen_message] = await outbox(session)
        await mark_undeliverable(
            session, citizen_message.id, "Forbidden: bot was blocked by the user", utcnow()
        )
        relays = list(await session.scalars(select(Relay).order_by(Relay.id)))
        assert [r.facilitator_id for r in relays] == [first.id, second.id]
        await confirm_relay(session, relays[1].id, second, utcnow())
        assert all(r.confirmed_by_facilitator_id == second.id for r in relays)
        timeline = await build_timeline(session, complaint.id, with_internal=True)
        assert [e.text for e in timeline if e.kind == "relay_confirmed"] == ["Dewi Lestari"]


class TestUnconfirmedRelays:
    """After the working days allowed, the supervisor sees the relay and the facilitator gets one reminder."""

    def test_the_deadline_skips_christmas_and_its_collective_leave(self) -> None:
        relay = Relay(created_at=datetime(2026, 12, 23, 10, 0, tzinfo=WIB))
        # 24 Dec is cuti bersama, 25 Dec Christmas, then the weekend: Monday and Tuesday count.
        assert confirm_by(relay, 2) == date(2026, 12, 29)

    async def test_overdue_only_after_the_last_working_day(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        await fire_event(session, complaint, "approve", SUPERVISOR)
        relay = (await session.execute(select(Relay))).scalar_one()
        relay.created_at = datetime(2026, 12, 23, 10, 0, tzinfo=WIB)
        await session.flush()
        on_the_day = datetime(2026, 12, 29, 16, 0, tzinfo=WIB)
        assert await overdue_relays(session, on_the_day, 2) == []
        [row] = await overdue_relays(session, on_the_day + timedelta(days=1), 2)
        assert (row.ticket, row.household, row.facilitator_name) == (
            complaint.ticket,
            "Siti Aminah",
            "Rina Marlina",
        )

    async def test_one_reminder_repeats_the_relay_with_its_button(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        complaint = (await assisted(session, vault, facilitator)).complaint
        await fire_event(session, complaint, "approve", SUPERVISOR)
        relay = (await session.execute(select(Relay))).scalar_one()
        relay.created_at = utcnow() - timedelta(days=10)
        await session.flush()
        assert await queue_relay_reminders(session, utcnow(), 2) == 1
        assert await queue_relay_reminders(session, utcnow(), 2) == 0
        original, reminder = await outbox(session)
        assert reminder.template == "relay" and reminder.params["reminder"] is True
        assert reminder.params["relay_id"] == relay.id == original.params["relay_id"]
        assert relay.reminded_at is not None

    async def test_confirmed_and_recent_relays_get_no_reminder(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await bound_facilitator(session)
        for _ in range(2):
            complaint = (await assisted(session, vault, facilitator)).complaint
            await fire_event(session, complaint, "approve", SUPERVISOR)
        old, recent = list(await session.scalars(select(Relay).order_by(Relay.id)))
        old.created_at = utcnow() - timedelta(days=10)
        await confirm_relay(session, old.id, facilitator, utcnow())
        assert await queue_relay_reminders(session, utcnow(), 2) == 0
        assert recent.reminded_at is None and len(await outbox(session)) == 2
