"""The dialog's answers in the outbox: never behind a status message that backs off, and
their words kept only until they are delivered or can never be (review of issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.db import create_session_factory, unit_of_work
from backend.driver import driver_transaction
from backend.notifications.models import (
    AttemptResult,
    DeliveryAttempt,
    OutboxMessage,
    OutboxStatus,
    Recipient,
)
from backend.notifications.outbox import DIALOG_REPLY, queue_dialog_reply, queue_message
from backend.notifications.outcomes import (
    forget_answer_words,
    forget_sent_answers,
    forget_sent_answers_on_driver,
)
from backend.notifications.repository import claim_due, record_attempt
from backend.security.crypto import Vault
from dialogs.events import Reply
from tests.fixtures.factories import make_complaint


async def _chat(session: AsyncSession, vault: Vault) -> ChannelIdentity:
    complaint = await make_complaint(session, vault)
    return await session.get_one(ChannelIdentity, complaint.identity_id)


def _answer(session: AsyncSession, identity: ChannelIdentity, text: str) -> OutboxMessage:
    return queue_dialog_reply(session, identity, [Reply(text).as_record()])


async def _three_answers(
    session: AsyncSession, vault: Vault
) -> tuple[OutboxMessage, OutboxMessage, OutboxMessage]:
    """A chat's answers: one sent at its first try, one tried before (it has a try), one
    still waiting."""
    identity = await _chat(session, vault)
    first_try = _answer(session, identity, "Nama: Siti Aminah, Alamat: Jl. Mawar 1")
    tried = _answer(session, identity, "Ketik alamat")
    waiting = _answer(session, identity, "Masih menunggu")
    await session.flush()
    record_attempt(session, tried, AttemptResult.UNAVAILABLE, "502", utcnow())
    return first_try, tried, waiting


class TestAnAnswerIsNotKeptWaiting:
    async def test_it_goes_past_a_status_message_that_backs_off(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        identity = await _chat(session, vault)
        news = queue_message(session, identity, Recipient.CITIZEN, "complaint.message", {})
        news.next_attempt_at = utcnow() + timedelta(minutes=30)  # a 5xx: tried again later
        answer = _answer(session, identity, "Ketik nama lengkap")
        await session.flush()
        claimed = await claim_due(session, [Channel.TELEGRAM], 10, utcnow())
        assert [message.id for message in claimed] == [answer.id]

    async def test_answers_and_due_news_keep_their_order(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        identity = await _chat(session, vault)
        news = queue_message(session, identity, Recipient.CITIZEN, "complaint.message", {})
        first = _answer(session, identity, "Pertama")
        _answer(session, identity, "Kedua")
        await session.flush()
        claimed = await claim_due(session, [Channel.TELEGRAM], 10, utcnow())
        assert [message.id for message in claimed] == [news.id], "the news due first goes first"
        news.status = OutboxStatus.SENT
        await session.flush()
        claimed = await claim_due(session, [Channel.TELEGRAM], 10, utcnow())
        assert [message.id for message in claimed] == [first.id], "then the answers, in order"

    async def test_an_earlier_answer_that_backs_off_is_not_passed(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        identity = await _chat(session, vault)
        earlier = _answer(session, identity, "Pertama")
        earlier.next_attempt_at = utcnow() + timedelta(seconds=30)
        _answer(session, identity, "Kedua")
        await session.flush()
        assert await claim_due(session, [Channel.TELEGRAM], 10, utcnow()) == []


class TestTheWordsOfAnAnswer:
    async def test_delivered_answers_leave_nothing(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        first_try, tried, waiting = await _three_answers(session, vault)
        await session.flush()
        # Sent together, as the notifier writes answers that went side by side.
        await forget_sent_answers(session, [first_try.id, tried.id], [tried.id])
        rows = await session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.template == DIALOG_REPLY)
        )
        assert list(rows) == [waiting.id]
        assert list(await session.scalars(select(DeliveryAttempt))) == []

    @pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
    async def test_delivered_answers_leave_nothing_written_off_on_the_driver(
        self, engine: AsyncEngine, vault: Vault
    ) -> None:
        # The notifier's way on PostgreSQL: the same rows go, in a transaction on asyncpg.
        sessions = create_session_factory(engine)
        async with unit_of_work(sessions) as session:
            first_try, tried, waiting = await _three_answers(session, vault)
        async with driver_transaction(engine) as driver:
            await forget_sent_answers_on_driver(driver, [first_try.id, tried.id], [tried.id])
        async with sessions() as session:
            rows = await session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.template == DIALOG_REPLY)
            )
            assert list(rows) == [waiting.id]
            assert list(await session.scalars(select(DeliveryAttempt))) == []

    async def test_an_undeliverable_answer_keeps_no_words(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        identity = await _chat(session, vault)
        answer = _answer(session, identity, "Nama: Siti Aminah, Alamat: Jl. Mawar 1")
        pending = _answer(session, identity, "Ketik alamat")
        answer.status = OutboxStatus.UNDELIVERABLE
        await session.flush()
        for message in (answer, pending):
            forget_answer_words(message)
        assert answer.params["replies"] == []
        assert pending.params["replies"] != [], "one still to send keeps its words"
