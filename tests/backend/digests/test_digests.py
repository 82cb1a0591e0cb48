"""The morning digests at fixed clocks: weekends, Christmas (with its cuti bersama), New Year
and Isra Mikraj skipped; what each person's digest holds; once per person per day.

Around Christmas 2026: Wed 23 Dec is a working day; Thu 24 (cuti bersama) and Fri 25
(Natal) are holidays, then the weekend; Mon 28 is the next working day. Two working
days after Wed 23 Dec is Tue 29 Dec.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import LOCAL_ZONE
from backend.complaints.service import EventDetails, fire_event
from backend.db import unit_of_work
from backend.digests.contents import digest_for
from backend.digests.job import digest_time_reached, send_digests, send_digests_periodically
from backend.digests.models import DigestDelivery
from backend.mail.models import OutgoingEmail
from backend.notifications.models import OutboxMessage, Recipient
from backend.office.settings import office_settings
from backend.referrals.models import Referral
from backend.security.crypto import Vault
from backend.staff.models import Role, StaffUser
from backend.staff_alerts.models import AlertChannel
from backend.staff_alerts.service import preference_of
from tests.fixtures.factories import make_complaint, make_staff
from tests.fixtures.waiting import eventually

ADMIN = Actor(ActorRole.ADMIN)


def wib(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in Kota Bogor, as UTC (how the service holds time)."""
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_ZONE).astimezone(UTC)


async def _complaint(
    session: AsyncSession, vault: Vault, *, assignee: StaffUser | None, due_on: date | None,
    status: ComplaintStatus = ComplaintStatus.IN_REVIEW,
) -> Complaint:  # fmt: skip
    # Test set-up: a complaint put straight into a status, holder and deadline.
    complaint = await make_complaint(session, vault, status=status)
    complaint.assignee_id = assignee.id if assignee else None
    complaint.due_on = due_on
    await session.flush()
    return complaint


async def _referred(
    session: AsyncSession, vault: Vault, *, answer_by: date, answered: bool = False
) -> Complaint:
    complaint = await make_complaint(session, vault)
    await fire_event(session, complaint, "start_review", ADMIN)
    await fire_event(session, complaint, "refer", ADMIN, EventDetails(agency="pkh", note="PKH"))
    referral = (
        await session.execute(select(Referral).where(Referral.complaint_id == complaint.id))
    ).scalar_one()
    referral.due_on = answer_by
    if answered:
        from backend.referrals.models import ReferralStatus

        referral.status = ReferralStatus.ANSWERED
    await session.flush()
    return complaint


class TestWhenTheDigestIsDue:
    """A working morning in WIB at or after the office's digest hour; never a weekend or holiday."""

    @pytest.mark.parametrize(
        ("moment", "due"),
        [
            (wib(2026, 12, 23, 6, 59), False),  # Wednesday, a minute before seven
            (wib(2026, 12, 23, 7, 0), True),
            (wib(2026, 12, 23, 16, 0), True),  # a late look still sends the day's digest
            (wib(2026, 12, 24, 8, 0), False),  # cuti bersama Natal
            (wib(2026, 12, 25, 8, 0), False),  # Natal
            (wib(2026, 12, 26, 8, 0), False),  # Saturday
            (wib(2026, 12, 27, 8, 0), False),  # Sunday
            (wib(2026, 12, 28, 7, 30), True),  # Monday
            (wib(2027, 1, 1, 9, 0), False),  # Tahun Baru
            (wib(2027, 1, 5, 9, 0), False),  # Isra Mikraj, a Tuesday
            # 23:30 UTC on Sunday is 06:30 WIB on Monday: the WIB date and hour count.
            (datetime(2026, 12, 27, 23, 30, tzinfo=UTC), False),
            (datetime(2026, 12, 28, 0, 0, tzinfo=UTC), True),
        ],
    )
    def test_working_mornings_only(self, moment: datetime, due: bool) -> None:
        assert digest_time_reached(moment, 7) is due


class TestWhatADigestHolds:
    """Own overdue and due within 2 working days; a supervisor adds the team and late referrals."""

    async def test_a_worker_sees_overdue_and_due_soon_across_the_christmas_holidays(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        worker, other = await make_staff(session), await make_staff(session)
        overdue = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
        today = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 23))
        after_holidays = await _complaint(
            session, vault, assignee=worker, due_on=date(2026, 12, 29)
        )
        later = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 30))
        waiting = await _complaint(
            session, vault, assignee=worker, due_on=None, status=ComplaintStatus.NEEDS_INFO
        )
        done = await _complaint(
            session, vault, assignee=worker, due_on=date(2026, 12, 1),
            status=ComplaintStatus.RESOLVED,
        )  # fmt: skip
        not_mine = await _complaint(session, vault, assignee=other, due_on=date(2026, 12, 21))

        digest = await digest_for(session, worker, date(2026, 12, 23))

        assert [item.ticket for item in digest.overdue] == [overdue.ticket]
        assert [item.ticket for item in digest.due_soon] == [today.ticket, after_holidays.ticket]
        listed = {item.ticket for item in digest.overdue + digest.due_soon}
        for absent in (later, waiting, done, not_mine):
            assert absent.ticket not in listed
        assert digest.team_overdue == [] and digest.referrals == []

        # On Monday 28 December the window runs to Wednesday 30: "later" is due soon too,
        # and the complaint due on the 23rd is now overdue.
        monday = await digest_for(session, worker, date(2026, 12, 28))
        assert [item.ticket for item in monday.overdue] == [overdue.ticket, today.ticket]
        assert [item.ticket for item in monday.due_soon] == [after_holidays.ticket, later.ticket]

    async def test_before_new_year_and_isra_mikraj_the_window_stretches(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        worker = await make_staff(session)
        # Thursday 31 Dec: Friday 1 Jan, the weekend and Tuesday 5 Jan are off, so the two
        # working days are Monday 4 and Wednesday 6 January.
        sixth = await _complaint(session, vault, assignee=worker, due_on=date(2027, 1, 6))
        seventh = await _complaint(session, vault, assignee=worker, due_on=date(2027, 1, 7))
        digest = await digest_for(session, worker, date(2026, 12, 31))
        assert [item.ticket for item in digest.due_soon] == [sixth.ticket]
        assert seventh.ticket not in {item.ticket for item in digest.due_soon}

    async def test_a_supervisor_sees_the_team_and_unanswered_referrals(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        supervisor = await make_staff(session, Role.SUPERVISOR)
        worker = await make_staff(session)
        late = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 21))
        unassigned = await _complaint(session, vault, assignee=None, due_on=date(2026, 12, 22))
        own = await _complaint(session, vault, assignee=supervisor, due_on=date(2026, 12, 18))
        on_time = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 23))
        unanswered = await _referred(session, vault, answer_by=date(2026, 12, 22))
        answered = await _referred(session, vault, answer_by=date(2026, 12, 22), answered=True)
        not_yet = await _referred(session, vault, answer_by=date(2026, 12, 23))

        digest = await digest_for(session, supervisor, date(2026, 12, 23))

        assert [item.ticket for item in digest.overdue] == [own.ticket]
        team = {item.ticket: item.assignee for item in digest.team_overdue}
        assert team == {late.ticket: worker.full_name, unassigned.ticket: None}
        assert on_time.ticket not in team
        assert [item.ticket for item in digest.referrals] == [unanswered.ticket]
        assert digest.referrals[0].agency_id and digest.referrals[0].due_on == date(2026, 12, 22)
        assert answered.ticket not in {item.ticket for item in digest.referrals}
        assert not_yet.ticket not in {item.ticket for item in digest.referrals}


async def _deliveries(
    sessions: async_sessionmaker[AsyncSession], user_id: int
) -> list[DigestDelivery]:
    async with sessions() as session:
        statement = select(DigestDelivery).where(DigestDelivery.staff_user_id == user_id)
        return list(await session.scalars(statement.order_by(DigestDelivery.digest_on)))


async def _emails(sessions: async_sessionmaker[AsyncSession], user_id: int) -> list[OutgoingEmail]:
    async with sessions() as session:
        statement = select(OutgoingEmail).where(OutgoingEmail.staff_user_id == user_id)
        return list(await session.scalars(statement.order_by(OutgoingEmail.id)))


class TestSending:
    """Queued once per person per working day, by the person's channel; empty digests are not sent."""

    async def test_email_at_the_hour_once_and_not_on_holidays(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(sessions) as session:
            worker = await make_staff(session)
            quiet = await make_staff(session)
            overdue = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
            soon = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 29))
            worker_id, quiet_id, worker_email = worker.id, quiet.id, worker.email

        assert await send_digests(sessions, wib(2026, 12, 23, 6, 59)) == []
        assert await _emails(sessions, worker_id) == []

        outcomes = await send_digests(
            sessions, wib(2026, 12, 23, 7, 5), panel_url="https://slrt.example/panel"
        )
        mine = {o.digest.user.id: o.channel for o in outcomes}
        assert mine[worker_id] == AlertChannel.EMAIL and mine[quiet_id] is None
        [email] = await _emails(sessions, worker_id)
        assert email.kind == "digest" and email.to_address == worker_email
        assert "Ringkasan tenggat" in email.subject and "Deadline digest" in email.subject
        body = email.body
        # Bahasa Indonesia first, English under it.
        assert body.index("lewat tenggat (1)") < body.index("past their deadline (1)")
        assert "jatuh tempo dalam 2 hari kerja (1)" in body
        assert overdue.ticket in body and soon.ticket in body
        assert "Selasa, 22 Desember 2026" in body and "Tuesday, 29 December 2026" in body
        assert "https://slrt.example/panel" in body
        assert await _emails(sessions, quiet_id) == []

        # A later look the same day, and the Christmas holidays and the weekend: nothing new.
        for moment in (wib(2026, 12, 23, 9), wib(2026, 12, 24, 8), wib(2026, 12, 25, 8),
                       wib(2026, 12, 26, 8), wib(2026, 12, 27, 8)):  # fmt: skip
            assert await send_digests(sessions, moment) == []
        assert len(await _emails(sessions, worker_id)) == 1

        # Monday is the next working morning.
        await send_digests(sessions, wib(2026, 12, 28, 7, 0))
        emails = await _emails(sessions, worker_id)
        assert len(emails) == 2 and "28 Desember 2026" in emails[1].subject
        days = [
            (d.digest_on, d.channel, d.item_count) for d in await _deliveries(sessions, worker_id)
        ]
        assert days == [
            (date(2026, 12, 23), AlertChannel.EMAIL, 2),
            (date(2026, 12, 28), AlertChannel.EMAIL, 2),
        ]
        quiet_days = [(d.digest_on, d.channel) for d in await _deliveries(sessions, quiet_id)]
        assert quiet_days == [(date(2026, 12, 23), None), (date(2026, 12, 28), None)]

    async def test_the_office_digest_hour_is_read_from_its_settings(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(sessions) as session:
            (await office_settings(session)).digest_hour = 9
            worker = await make_staff(session)
            await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
            worker_id = worker.id
        assert await send_digests(sessions, wib(2026, 12, 23, 8, 59)) == []
        await send_digests(sessions, wib(2026, 12, 23, 9, 0))
        assert len(await _emails(sessions, worker_id)) == 1

    async def test_telegram_when_chosen_and_linked_email_when_the_chat_is_gone(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(sessions) as session:
            worker = await make_staff(session)
            worker.language = "en"
            await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
            chat = ChannelIdentity(channel=Channel.TELEGRAM, chat_id="880001")
            session.add(chat)
            await session.flush()
            preference = await preference_of(session, worker.id)
            preference.channel = AlertChannel.TELEGRAM
            preference.telegram_identity_id = chat.id
            worker_id, chat_id = worker.id, chat.id

        await send_digests(sessions, wib(2026, 12, 23, 7))
        async with sessions() as session:
            [message] = list(await session.scalars(
                select(OutboxMessage).where(OutboxMessage.identity_id == chat_id)
            ))  # fmt: skip
        assert message.recipient == Recipient.STAFF and message.template == "staff.alert"
        # In the language of the staff member's account, and no English/Indonesian pair.
        assert "past their deadline (1)" in message.params["text"]
        assert "lewat tenggat" not in message.params["text"]
        assert await _emails(sessions, worker_id) == []

        # The bot was blocked (the notifier marks the chat unreachable): email instead.
        async with unit_of_work(sessions) as session:
            (await session.get_one(ChannelIdentity, chat_id)).is_reachable = False
        await send_digests(sessions, wib(2026, 12, 28, 7))
        assert len(await _emails(sessions, worker_id)) == 1


@pytest.mark.own_database
class TestOnceAcrossProcesses:
    """Several lookers at once (two processes, or `slrt digest` beside the notifier): one each."""

    async def test_concurrent_looks_send_one_digest_per_person(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(sessions) as session:
            workers = [await make_staff(session) for _ in range(3)]
            for worker in workers:
                await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
            ids = [worker.id for worker in workers]
        moment = wib(2026, 12, 23, 7)
        runs = await asyncio.gather(*(send_digests(sessions, moment) for _ in range(3)))
        sent = [o.digest.user.id for run in runs for o in run if o.channel is not None]
        assert sorted(sent) == sorted(ids)
        async with sessions() as session:
            emails = await session.scalar(
                select(func.count())
                .select_from(OutgoingEmail)
                .where(OutgoingEmail.kind == "digest")
            )
        assert emails == 3
        assert [len(await _deliveries(sessions, i)) for i in ids] == [1, 1, 1]
        # Staff accounts that were deactivated get nothing.
        async with unit_of_work(sessions) as session:
            (await session.get_one(StaffUser, ids[0])).is_active = False
        later = await send_digests(sessions, moment + timedelta(days=5))  # Monday 28 Dec
        assert ids[0] not in {o.digest.user.id for o in later}


class TestThePeriodicLook:
    """The notifier's job: looks again and again through the morning, sends each digest once."""

    async def test_many_looks_one_digest(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault,
        caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        caplog.set_level(logging.DEBUG, logger="backend.digests.job")
        async with unit_of_work(sessions) as session:
            worker = await make_staff(session)
            await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
            worker_id = worker.id
        woken: list[int] = []
        stop = asyncio.Event()

        def looks() -> int:
            return sum("digests: looked" in record.getMessage() for record in caplog.records)

        job = asyncio.create_task(
            send_digests_periodically(
                sessions, (stop,), interval=0.01, clock=lambda: wib(2026, 12, 23, 7, 30),
                on_queued=lambda: woken.append(1),
            )
        )  # fmt: skip
        try:
            await eventually(lambda: looks() >= 5)
        finally:
            stop.set()
            await job
        assert len(await _emails(sessions, worker_id)) == 1
        assert woken == []  # only Telegram alerts wake the notifier; email has its own sender
