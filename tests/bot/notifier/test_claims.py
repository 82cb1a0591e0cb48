"""How often the notifier looks at the outbox (issue 18): once for what a ring brings, and
once more after a send, when the chat's next message may have become due; never in a loop."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import ChannelIdentity
from backend.db import unit_of_work
from backend.notifications.outbox import queue_dialog_reply
from bot.telegram.client import TelegramClient
from dialogs.events import Reply
from tests.bot.notifier.conftest import FAST, Household, file_for_chat, make_notifier, unfinished
from tests.fixtures.local_bot_api import LocalBotApi


@contextmanager
def claims(engine: Engine) -> Iterator[list[str]]:
    """The notifier's claim statements (the outbox read FOR UPDATE) while inside."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().startswith("SELECT outbox_messages.id") and "JOIN" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def answer(sessions: async_sessionmaker[AsyncSession], household: Household) -> None:
    """The dialog's answer to the household's chat, queued as an update's would be."""
    async with unit_of_work(sessions) as session:
        identity = await session.get_one(ChannelIdentity, await _identity_id(session, household))
        queue_dialog_reply(session, identity, [Reply("Ketik nama lengkap").as_record()])


async def _identity_id(session: AsyncSession, household: Household) -> int:
    statement = select(ChannelIdentity.id).where(ChannelIdentity.chat_id == str(household.chat_id))
    return int((await session.execute(statement)).scalar_one())


async def settled(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with asyncio.timeout(20):
        while await unfinished(sessions):
            await asyncio.sleep(0.02)


async def looks(seen: list[str], count: int) -> None:
    """Until the notifier has looked `count` times (a look may still be under way)."""
    async with asyncio.timeout(20):
        while len(seen) < count:
            await asyncio.sleep(0.02)


async def test_one_answer_costs_two_looks_at_most(
    sessions: async_sessionmaker[AsyncSession],
    vault: Any,
    local_api: LocalBotApi,
    telegram_client: TelegramClient,
) -> None:
    first = await file_for_chat(sessions, vault, local_api)
    second = await file_for_chat(sessions, vault, local_api)
    await answer(sessions, first)
    # A poll far away: only the start, the ring and the end of a send make it look.
    notifier = make_notifier(sessions, telegram_client, replace(FAST, poll_interval=600))
    async with sessions() as session:
        engine = (await session.connection()).engine.sync_engine
    stop = asyncio.Event()
    with claims(engine) as seen:
        task = asyncio.create_task(notifier.run(stop))
        try:
            await settled(sessions)
            await looks(seen, 2)  # the one after the send, before the next ring
            await answer(sessions, second)
            notifier.wake()
            await settled(sessions)
            await looks(seen, 4)
        finally:
            stop.set()
            await task
    assert notifier.sent_count == 2
    # For each answer: the look that takes it, and the look after its send. Looking again
    # right after a look that took less than it could would make it three.
    assert len(seen) == 4, [statement[:60] for statement in seen]
