"""The notifier keeps order, survives throttling and outages, and routes around blocked chats."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.citizens.models import ChannelIdentity
from backend.clock import utcnow
from backend.complaints.messages import send_message_to_citizen
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from backend.notifications.models import AttemptResult, OutboxMessage, OutboxStatus, Recipient
from backend.notifications.outcomes import requeue
from backend.notifications.repository import attempts_of, messages_of_complaint
from bot.telegram.client import TelegramClient
from tests.bot.notifier.conftest import (
    FAST,
    Household,
    file_for_chat,
    make_notifier,
    staff_fires,
    wait_until_settled,
)
from tests.fixtures.factories import make_facilitator, make_staff
from tests.fixtures.local_bot_api import LocalBotApi


async def write(
    sessions: async_sessionmaker[AsyncSession], household: Household, *texts: str
) -> None:
    """Staff write messages to the household, in this order."""
    async with unit_of_work(sessions) as session:
        staff = await make_staff(session)
        complaint = await session.get_one(Complaint, household.complaint_id)
        for text in texts:
            await send_message_to_citizen(
                session, complaint, Actor(ActorRole.BACK_OFFICE, staff_id=staff.id), text
            )


async def outbox(
    sessions: async_sessionmaker[AsyncSession], household: Household
) -> list[OutboxMessage]:
    async with sessions() as session:
        return await messages_of_complaint(session, household.complaint_id)


def received(api: LocalBotApi, household: Household) -> list[str]:
    """The staff texts the chat got, in arrival order (the last line of each message)."""
    return [message.text.rsplit("\n", 1)[-1] for message in api.messages(household.chat_id)]


class TestOrder:
    """A chat gets its messages in the order they were written."""

    async def test_a_retried_message_is_not_overtaken(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        household = await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW)
        texts = [f"Pesan nomor {n}" for n in range(1, 7)]
        await write(sessions, household, *texts)
        local_api.fail_next("sendMessage", 502, count=2)

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        assert received(local_api, household) == texts

    async def test_many_chats_each_keep_their_order(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        households = [
            await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW) for _ in range(4)
        ]
        for round_number in range(1, 4):
            for household in households:
                await write(sessions, household, f"Kabar {round_number} untuk {household.ticket}")
        local_api.fail_next("sendMessage", 500, count=3)

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        for household in households:
            assert received(local_api, household) == [
                f"Kabar {n} untuk {household.ticket}" for n in (1, 2, 3)
            ]


class TestThrottling:
    """429 answers delay messages; every message still arrives, and only once."""

    async def test_a_burst_of_429s(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        households = [
            await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW) for _ in range(5)
        ]
        for household in households:
            await write(sessions, household, "Satu", "Dua")
        local_api.fail_next("sendMessage", 429, count=6, retry_after=1)

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        assert local_api.rate_limited_count == 6
        for household in households:
            assert received(local_api, household) == ["Satu", "Dua"]
            rows = await outbox(sessions, household)
            assert {row.status for row in rows} == {OutboxStatus.SENT}
        async with sessions() as session:
            results = [
                attempt.result
                for attempt in await attempts_of(
                    session,
                    [
                        r.id
                        for h in households
                        for r in await messages_of_complaint(session, h.complaint_id)
                    ],
                )
            ]
        assert results.count(AttemptResult.RATE_LIMITED) == 6
        assert results.count(AttemptResult.SENT) == 10

    async def test_with_telegrams_limits_on_nothing_is_refused(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        households = [
            await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW) for _ in range(40)
        ]
        for household in households:
            await write(sessions, household, "Kabar")
        await write(sessions, households[0], "Dua", "Tiga", "Empat", "Lima")
        local_api.limits_enabled = True

        notifier = make_notifier(sessions, telegram_client, rate=29.5, chat_interval=1.0)
        await wait_until_settled(notifier, sessions, timeout=30)

        assert local_api.rate_limited_count == 0
        assert received(local_api, households[0]) == ["Kabar", "Dua", "Tiga", "Empat", "Lima"]
        assert all(received(local_api, household) == ["Kabar"] for household in households[1:])


class TestOutages:
    """5xx and time-outs are retried with back-off, then parked for staff."""

    async def test_a_5xx_storm_then_recovery(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        households = [
            await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW) for _ in range(3)
        ]
        for household in households:
            await write(sessions, household, "Kabar penting")
        local_api.fail_next("sendMessage", 502, count=5)
        config = replace(FAST, max_attempts=10)

        await wait_until_settled(make_notifier(sessions, telegram_client, config), sessions)

        for household in households:
            assert received(local_api, household) == ["Kabar penting"]
        async with sessions() as session:
            ids = [
                row.id
                for household in households
                for row in await messages_of_complaint(session, household.complaint_id)
            ]
            attempts = await attempts_of(session, ids)
        assert [a.result for a in attempts].count(AttemptResult.UNAVAILABLE) == 5
        assert all(
            attempt.error for attempt in attempts if attempt.result == AttemptResult.UNAVAILABLE
        )

    async def test_an_outage_longer_than_the_retries_parks_the_message_and_staff_can_requeue(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        household = await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW)
        await write(sessions, household, "Kabar penting")
        local_api.fail_next("sendMessage", 500, count=FAST.max_attempts)

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        [row] = await outbox(sessions, household)
        assert row.status == OutboxStatus.FAILED
        assert row.attempts == FAST.max_attempts
        assert row.last_error
        assert local_api.messages(household.chat_id) == []

        async with unit_of_work(sessions) as session:
            assert await requeue(session, [row.id], utcnow()) == 1
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        assert received(local_api, household) == ["Kabar penting"]


class TestBlockedChats:
    """403: the chat is marked unreachable and the news goes through a facilitator."""

    async def test_the_facilitator_of_the_kelurahan_gets_the_relay(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        async with unit_of_work(sessions) as session:
            await make_facilitator(session, chat_id="7700001")
        local_api.world.user(7700001, first_name="Fasilitator")
        household = await file_for_chat(sessions, vault, local_api, status=S.RECEIVED)
        local_api.block(household.chat_id)
        await staff_fires(
            sessions, household, "start_review", EventDetails(note="Segera kami cek.")
        )

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        [relay] = local_api.messages(7700001)
        for phrase in (
            "Mohon sampaikan",
            "Siti Aminah",
            "Kel. Bubulak",
            household.ticket,
            "Ditelaah",
            "Segera kami cek.",
        ):
            assert phrase in relay.text
        rows = await outbox(sessions, household)
        original = next(row for row in rows if row.recipient == Recipient.CITIZEN)
        copy = next(row for row in rows if row.relay_of_id == original.id)
        assert original.status == OutboxStatus.UNDELIVERABLE
        assert copy.status == OutboxStatus.SENT and copy.complaint_id == household.complaint_id
        async with sessions() as session:
            identity = (
                await session.execute(
                    select(ChannelIdentity).where(ChannelIdentity.chat_id == str(household.chat_id))
                )
            ).scalar_one()
            assert identity.is_reachable is False
            attempts = await attempts_of(session, [original.id])
        assert [attempt.result for attempt in attempts] == [AttemptResult.BLOCKED]

        # The next message skips the blocked chat and goes straight to the facilitator.
        await write(sessions, household, "Jadwal kunjungan Senin.")
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        assert "Jadwal kunjungan Senin." in local_api.messages(7700001)[-1].text
        assert (
            len(
                [
                    c
                    for c in local_api.calls_of("sendMessage")
                    if str(c.get("chat_id")) == str(household.chat_id)
                ]
            )
            == 1
        )

    async def test_with_no_facilitator_the_complaint_is_flagged_for_a_phone_call(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        household = await file_for_chat(sessions, vault, local_api, status=S.RECEIVED)
        local_api.block(household.chat_id)
        await staff_fires(sessions, household, "start_review")

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        async with sessions() as session:
            complaint = await session.get_one(Complaint, household.complaint_id)
            assert complaint.needs_phone_call_since is not None
        [row] = await outbox(sessions, household)
        assert row.status == OutboxStatus.UNDELIVERABLE


class TestWhatStaffSee:
    """Each message of a complaint has its history: when, what came of each try."""

    async def test_attempts_are_kept_in_order(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        household = await file_for_chat(sessions, vault, local_api, status=S.RECEIVED)
        await staff_fires(sessions, household, "start_review")
        local_api.fail_next("sendMessage", 429, retry_after=1)
        local_api.fail_next("sendMessage", 503)

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        [row] = await outbox(sessions, household)
        async with sessions() as session:
            attempts = await attempts_of(session, [row.id])
        assert [attempt.result for attempt in attempts][-1] == AttemptResult.SENT
        assert AttemptResult.RATE_LIMITED in [attempt.result for attempt in attempts]
        assert row.sent_at is not None and row.provider_message_id is not None
        assert [a.attempted_at for a in attempts] == sorted(a.attempted_at for a in attempts)


@pytest.fixture(autouse=True)
def _limits_off(local_api: LocalBotApi) -> None:
    local_api.limits_enabled = False
