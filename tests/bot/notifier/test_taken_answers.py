"""The dialog's answer claimed in its update's transaction and sent right after the commit
(issue 18): no NOTIFY, no claim and no look for it, and every guarantee of the queue kept:
the chat's order, a stopped notifier, a crash between the commit and the send."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.driver import driver_engine
from backend.notifications.models import OutboxMessage, OutboxStatus, Recipient
from backend.notifications.outbox import DIALOG_REPLY, queue_message
from backend.notifications.repository import ClaimedMessage, write_answer_claimed
from bot.notifier.bell import OutboxBell
from bot.notifier.notifier import Notifier
from bot.telegram.client import TelegramClient
from dialogs.events import Reply
from tests.bot.notifier.conftest import FAST, Household, file_for_chat, make_notifier, unfinished
from tests.fixtures.local_bot_api import LocalBotApi

# A poll far away: only the start, a ring and the end of a send make the notifier look.
NO_POLL = replace(FAST, poll_interval=600)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement run on `engine` while inside."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def looks_of(seen: list[str]) -> list[str]:
    """The notifier's looks at the outbox (its claim: the outbox joined to the chats)."""
    return [
        text for text in seen if text.startswith("SELECT outbox_messages.id") and "JOIN" in text
    ]


async def sync_engine(sessions: async_sessionmaker[AsyncSession]) -> Engine:
    async with sessions() as session:
        return (await session.connection()).engine.sync_engine


async def identity_of(session: AsyncSession, household: Household) -> ChannelIdentity:
    statement = select(ChannelIdentity).where(ChannelIdentity.chat_id == str(household.chat_id))
    return (await session.execute(statement)).scalar_one()


async def write_answer(
    sessions: async_sessionmaker[AsyncSession], bell: OutboxBell, household: Household, text: str
) -> None:
    """An update's transaction writing the dialog's answer, then what follows its commit."""
    async with unit_of_work(sessions) as session:
        identity = await identity_of(session, household)
        committed = await bell.queue_answer(session, identity, [Reply(text).as_record()])
    committed()


async def claimed_answer(
    sessions: async_sessionmaker[AsyncSession], household: Household, text: str
) -> ClaimedMessage:
    """An update's transaction writing the dialog's answer claimed, and committing; nothing
    is handed over or sent."""
    async with unit_of_work(sessions) as session:
        identity = await identity_of(session, household)
        claimed = await write_answer_claimed(session, identity, [Reply(text).as_record()], utcnow())
    assert claimed is not None
    return claimed


async def done_with_last(session: AsyncSession, status: OutboxStatus) -> tuple[Any, ...]:
    """Gives the last row written this status (only those before an answer matter to its
    claim); answers how it was written: its status and when it was claimed."""
    last = (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.claimed_at)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    ).one()
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == last.id).values(status=status)
    )
    return last.status, last.claimed_at


@asynccontextmanager
async def active(notifier: Notifier) -> AsyncIterator[OutboxBell]:
    """The notifier running as the active one (it has put back the old claims), and the
    bell of its process, which hands answers to it."""
    bell = OutboxBell()
    bell.attach(notifier.wake)
    bell.offer(notifier)
    stop = asyncio.Event()
    task = asyncio.create_task(notifier.run(stop))
    try:
        async with asyncio.timeout(20):
            while not notifier.running:
                await asyncio.sleep(0.01)
        yield bell
    finally:
        stop.set()
        await task


async def settled(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with asyncio.timeout(20):
        while await unfinished(sessions):
            await asyncio.sleep(0.02)


async def outbox_is_empty(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """No row left in the outbox: every answer went and was written off."""
    async with sessions() as session:
        return (await session.execute(select(OutboxMessage.id))).first() is None


async def test_an_answer_taken_in_its_transaction_goes_without_a_notify_or_a_look(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    notifier = make_notifier(sessions, telegram_client, NO_POLL)
    with statements(await sync_engine(sessions)) as seen:
        async with active(notifier) as bell:
            async with asyncio.timeout(20):
                while not looks_of(seen):  # its first look, at the start
                    await asyncio.sleep(0.01)
            before, rings = len(seen), notifier.rings
            await write_answer(sessions, bell, household, "Ketik nama lengkap")
            assert notifier.rings == rings  # handed over, not rung for
            await local_api.wait_for_message(household.chat_id, "Ketik nama lengkap")
            await settled(sessions)
    seen = seen[before:]
    assert notifier.sent_count == 1
    assert not looks_of(seen), looks_of(seen)
    assert not [text for text in seen if "pg_notify" in text]
    # Written already claimed, and its row gone once sent; it had no tries to delete. On
    # PostgreSQL the row goes on asyncpg's own connection, unseen here (backend/driver.py).
    inserts = [text for text in seen if text.startswith("INSERT INTO outbox_messages")]
    assert len(inserts) == 1
    deletes = {text.split(" WHERE")[0] for text in seen if text.startswith("DELETE")}
    assert deletes == (set() if driver_engine(sessions) else {"DELETE FROM outbox_messages"})
    assert await outbox_is_empty(sessions)


async def test_an_answer_behind_an_unfinished_message_waits_for_it_and_goes_after(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    notifier = make_notifier(sessions, telegram_client, NO_POLL)
    async with active(notifier) as bell:
        # The first answer is taken, and Telegram holds it: the second, written while it
        # is on its way, must wait behind it.
        gate = local_api.hold_next("sendMessage")
        await write_answer(sessions, bell, household, "Pertama")
        await write_answer(sessions, bell, household, "Kedua")
        async with sessions() as session:
            statuses = (
                await session.execute(select(OutboxMessage.status).order_by(OutboxMessage.id))
            ).scalars()
            assert list(statuses) == [OutboxStatus.SENDING, OutboxStatus.PENDING]
        # When the first has gone, the second follows at once (no poll for 600 s).
        gate.set()
        await local_api.wait_for_message(household.chat_id, "Kedua")
    texts = [sent.text for sent in local_api.messages(household.chat_id)]
    assert texts.index("Pertama") < texts.index("Kedua")


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # a row lock holds the DELETE
async def test_an_answer_does_not_wait_for_the_row_of_one_the_chat_has_received(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    notifier = make_notifier(sessions, telegram_client, NO_POLL)
    async with active(notifier) as bell, sessions() as locker:
        gate = local_api.hold_next("sendMessage")
        await write_answer(sessions, bell, household, "Pertama")
        # While Telegram holds the first answer, another transaction locks its row: once
        # it has gone, its DELETE waits. The person has read it and writes again.
        locked = select(OutboxMessage.id, OutboxMessage.identity_id).with_for_update()
        first, chat = (await locker.execute(locked)).one()
        gate.set()
        await local_api.wait_for_message(household.chat_id, "Pertama")
        async with asyncio.timeout(20):
            while first not in notifier.went_to(chat):
                await asyncio.sleep(0.01)
        rings = notifier.rings
        await write_answer(sessions, bell, household, "Kedua")
        assert notifier.rings == rings  # handed over, not queued behind the first's row
        await local_api.wait_for_message(household.chat_id, "Kedua")
        assert first in notifier.went_to(chat)  # its row is still there
        await locker.rollback()
        await settled(sessions)
    assert notifier.went_to(chat) == frozenset()
    assert await outbox_is_empty(sessions)


async def test_the_claim_follows_the_chat_order_rule(
    sessions: async_sessionmaker[AsyncSession], vault: Any, local_api: LocalBotApi
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    now = utcnow()

    async def claim() -> ClaimedMessage | None:
        async with unit_of_work(sessions) as session:
            identity = await identity_of(session, household)
            claimed = await write_answer_claimed(
                session, identity, [Reply("Jawaban").as_record()], now
            )
            written = await done_with_last(
                session, OutboxStatus.SENT if claimed else OutboxStatus.FAILED
            )
            # Claimed, or queued behind the chat's earlier message, in the one statement.
            assert written == (
                (OutboxStatus.SENDING, now) if claimed else (OutboxStatus.PENDING, None)
            )
            return claimed

    async def earlier(template: str, status: OutboxStatus, due_in: float) -> None:
        async with unit_of_work(sessions) as session:
            identity = await identity_of(session, household)
            message = queue_message(session, identity, Recipient.CITIZEN, template, {})
            message.status = status
            message.next_attempt_at = now + timedelta(seconds=due_in)

    claimed = await claim()  # nothing before it
    assert claimed is not None
    assert (claimed.chat_id, claimed.fresh, claimed.template) == (
        str(household.chat_id), True, DIALOG_REPLY,
    )  # fmt: skip
    # A status message due now, or one being sent, goes first.
    await earlier("status.changed", OutboxStatus.PENDING, 0)
    assert await claim() is None
    async with unit_of_work(sessions) as session:
        for message in (await session.execute(select(OutboxMessage))).scalars():
            message.status = OutboxStatus.SENT
    await earlier("status.changed", OutboxStatus.SENDING, 0)
    assert await claim() is None
    async with unit_of_work(sessions) as session:
        for message in (await session.execute(select(OutboxMessage))).scalars():
            message.status = OutboxStatus.SENT
    # A status message backing off after a failure does not keep the person waiting ...
    await earlier("status.changed", OutboxStatus.PENDING, 600)
    assert await claim() is not None
    # ... but an earlier answer still waiting for its retry does: answers keep their order.
    await earlier(DIALOG_REPLY, OutboxStatus.PENDING, 600)
    assert await claim() is None


async def test_an_answer_the_chat_has_received_does_not_hold_back_the_next(
    sessions: async_sessionmaker[AsyncSession], vault: Any, local_api: LocalBotApi
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    sent = await claimed_answer(sessions, household, "Pertama")  # its row still there

    async def claim(went: frozenset[int]) -> ClaimedMessage | None:
        async with unit_of_work(sessions) as session:
            identity = await identity_of(session, household)
            claimed = await write_answer_claimed(
                session, identity, [Reply("Kedua").as_record()], utcnow(), went=went
            )
            await done_with_last(session, OutboxStatus.FAILED)  # only the first one matters
            return claimed

    assert await claim(frozenset()) is None  # being sent, for all anyone knows
    assert await claim(frozenset({sent.id})) is not None  # the sender says it went
    assert await claim(frozenset({sent.id + 1000})) is None  # another answer went
    # Only a dialog's answer being sent can have gone: a status message named in the list
    # (an id given again to a new row on SQLite) still goes first.
    async with unit_of_work(sessions) as session:
        identity = await identity_of(session, household)
        status = queue_message(session, identity, Recipient.CITIZEN, "status.changed", {})
        await session.flush()
        status_id = status.id
    assert await claim(frozenset({sent.id, status_id})) is None


async def test_what_the_notifier_takes_and_an_answer_handed_back_after_it_stopped(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    notifier = make_notifier(sessions, telegram_client, NO_POLL)
    bell = OutboxBell()
    bell.offer(notifier)
    # Not the active notifier: it takes nothing, and the answer is queued and announced.
    assert not notifier.takes_answer(Channel.TELEGRAM)
    engine = await sync_engine(sessions)
    with statements(engine) as seen:
        await write_answer(sessions, bell, household, "Antre dulu")
    if engine.dialect.name == "postgresql":  # the NOTIFY that wakes a notifier elsewhere
        assert [text for text in seen if "pg_notify" in text]
    async with sessions() as session:
        status = (await session.execute(select(OutboxMessage.status))).scalar_one()
        assert status == OutboxStatus.PENDING
    async with active(notifier):
        await local_api.wait_for_message(household.chat_id, "Antre dulu")
        assert notifier.takes_answer(Channel.TELEGRAM)
        assert not notifier.takes_answer(Channel.WHATSAPP)  # no deliverer for it here
    # Claimed while it ran, committed after it stopped: back in the queue, not lost.
    claimed = await claimed_answer(sessions, household, "Sesudah berhenti")
    notifier.send_claimed(claimed, rings_before=notifier.rings)
    async with asyncio.timeout(20):
        while True:
            async with sessions() as session:
                now_status = await session.scalar(
                    select(OutboxMessage.status).where(OutboxMessage.id == claimed.id)
                )
            if now_status == OutboxStatus.PENDING:
                break
            await asyncio.sleep(0.02)
    # The next notifier sends it.
    await make_notifier(sessions, telegram_client).drain()
    await local_api.wait_for_message(household.chat_id, "Sesudah berhenti")


async def test_a_full_lane_queues_the_answer(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    households = [await file_for_chat(sessions, vault, local_api) for _ in range(3)]
    notifier = make_notifier(sessions, telegram_client, replace(NO_POLL, concurrency=2))
    # Sends that do not end until the test lets them: two answers fill the lane.
    gate = local_api.hold_next("sendMessage", count=2)
    async with active(notifier) as bell:
        for n, household in enumerate(households[:2]):
            await write_answer(sessions, bell, household, f"Jawaban {n}")
        assert not notifier.takes_answer(Channel.TELEGRAM)
        # The third goes through the queue: a look claims it, and it does not wait for the
        # two slow sends.
        with statements(await sync_engine(sessions)) as seen:
            await write_answer(sessions, bell, households[2], "Jawaban antre")
            await local_api.wait_for_message(households[2].chat_id, "Jawaban antre")
        assert looks_of(seen)
        assert not [m for h in households[:2] for m in local_api.messages(h.chat_id)]
        gate.set()
        for n, household in enumerate(households[:2]):
            await local_api.wait_for_message(household.chat_id, f"Jawaban {n}")


async def test_an_answer_claimed_by_a_process_that_died_before_sending_it_goes_at_the_next_start(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    household = await file_for_chat(sessions, vault, local_api)
    await claimed_answer(sessions, household, "Setelah mati")
    # Committed and claimed, then the process was killed: no send, the row says "sending".
    await make_notifier(sessions, telegram_client).drain()
    await local_api.wait_for_message(household.chat_id, "Setelah mati")
    assert await outbox_is_empty(sessions)


async def test_a_claim_its_sender_never_marked_is_put_back_by_the_active_notifier(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    """A process claimed an answer and died while another notifier was already the active
    one: no start puts the claim back, so the active notifier does once it is stale."""
    household = await file_for_chat(sessions, vault, local_api)
    notifier = make_notifier(sessions, telegram_client, replace(FAST, claim_lease=0.5))
    async with active(notifier):
        await claimed_answer(sessions, household, "Yatim piatu")
        # Claimed after the notifier started, and never handed to it: it waits for its lease.
        await local_api.wait_for_message(household.chat_id, "Yatim piatu")
        await settled(sessions)
