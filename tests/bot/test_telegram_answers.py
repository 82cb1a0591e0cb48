"""The bot's answers are queued with the update and sent by the notifier (issue 16).

So a repeat of an update calls Telegram for nothing, an answer written while no
notifier runs goes out when one does, and a notifier in another process hears of
an answer at once (PostgreSQL NOTIFY).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import create_engine
from backend.listen import Listener
from backend.notifications.models import OutboxMessage
from backend.notifications.outbox import DIALOG_REPLY, QUEUED_CHANNEL, announce_queued
from bot.notifier.runtime import run_notifier
from bot.telegram.runtime import start_bot
from tests.bot.conftest import RunningService, TelegramUser, bot_settings, free_port
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.waiting import eventually


class TestARepeatCallsTelegramForNothing:
    """Telegram delivers at least once; the press is answered and its buttons cleared once."""

    async def test_a_redelivered_press(self, service: RunningService) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/lapor", "Sebelum mulai")
        update_id = api.press(user.user_id, "Setuju")
        await api.wait_for_message(user.user_id, "untuk siapa")
        await eventually(lambda: len(api.calls_of("answerCallbackQuery")) == 1)
        calls_before = [call.method for call in api.calls]
        api.redeliver(update_id)
        # The chat's next update is handled after the repeat: once it is answered, the
        # repeat is behind us.
        await user.say("/menu", "Silakan pilih layanan")
        later = [call.method for call in api.calls][len(calls_before) :]
        assert "answerCallbackQuery" not in later
        assert "editMessageReplyMarkup" not in later
        assert "sendChatAction" not in later
        assert later.count("sendMessage") == 1, later


class TestAnAnswerWaitsForANotifier:
    """Committed with its update, an answer is sent by the next notifier that runs."""

    async def test_the_answer_goes_when_a_notifier_starts(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, framework: str,
    ) -> None:  # fmt: skip
        settings = bot_settings(
            database_url, local_api, tmp_path, framework, "polling", free_port()
        )
        user = TelegramUser(local_api)
        # The bot alone, as if its process died before a notifier could send.
        running = await start_bot(settings, sessions, poll_timeout=1, poll_backoff=0.05)
        try:
            update_id = local_api.send_text(user.user_id, "/start")
            await local_api.wait_until_taken(update_id)
        finally:
            await running.shutdown()
        assert local_api.messages(user.user_id) == []
        engine = create_engine(database_url)
        stop = asyncio.Event()
        notifier = asyncio.create_task(run_notifier(settings, engine, sessions, stop))
        try:
            await local_api.wait_for_message(user.user_id, "Silakan pilih")
            # Once delivered, the answer's row goes (a summary holds a name, an address).
            answers = select(OutboxMessage.id).where(OutboxMessage.template == DIALOG_REPLY)

            async def rows_left() -> list[int]:
                async with engine.connect() as connection:
                    return list(await connection.scalars(answers))

            deadline = asyncio.get_running_loop().time() + 10
            while await rows_left():
                assert asyncio.get_running_loop().time() < deadline, await rows_left()
                await asyncio.sleep(0.02)
        finally:
            stop.set()
            await notifier
            await engine.dispose()


class TestAnotherProcessHearsOfAnAnswer:
    """PostgreSQL: a queued answer wakes the notifier of another process on commit only."""

    async def test_a_commit_wakes_a_listener_and_a_rollback_does_not(
        self, postgres_database_url: str
    ) -> None:
        heard: list[str] = []
        listening_engine = create_engine(postgres_database_url)
        writing_engine = create_engine(postgres_database_url)
        listener = Listener(listening_engine, {QUEUED_CHANNEL: heard.append}, name="test")
        await listener.start()
        try:
            await asyncio.wait_for(listener.listening.wait(), 10)
            async with AsyncSession(writing_engine) as session:
                await announce_queued(session)
                await session.rollback()
            async with AsyncSession(writing_engine) as session:
                await announce_queued(session)
                assert heard == [], "nothing before the commit"
                await session.commit()
            await eventually(lambda: heard == [""], timeout=1.0)
        finally:
            await listener.close()
            await listening_engine.dispose()
            await writing_engine.dispose()
