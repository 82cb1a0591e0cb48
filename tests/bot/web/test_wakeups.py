"""A web chat's long poll wakes on what another process writes (PostgreSQL LISTEN/NOTIFY).

The status message is sent by `slrt notifier` running as a process of its own; the
page waits in this one. The long poll's own look at the database is set to a minute,
so only the NOTIFY can bring the message before then.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.citizens.models import Channel, ChannelIdentity
from backend.config import Settings
from backend.db import create_engine, unit_of_work
from backend.sessions import service_sessions
from bot.web.channel import WebChat
from bot.web.wakeups import PostgresWebChatHub, WebChatHub
from dialogs.engine import DialogEngine, dialog_services
from tests.bot.notifier.conftest import Household
from tests.bot.notifier.test_delivery import write
from tests.fixtures.factories import make_complaint
from tests.fixtures.tcp_proxy import TcpProxy
from tests.fixtures.waiting import eventually

SLRT = Path(sys.executable).with_name("slrt")
# Longer than any wait here: a message that arrives came by NOTIFY, not by a recheck.
NO_RECHECK = 60.0


async def web_household(
    sessions: async_sessionmaker[AsyncSession], vault, chat_id: str
) -> Household:  # type: ignore[no-untyped-def]
    """A complaint filed from the web chat `chat_id`."""
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault)
        identity = await session.get_one(ChannelIdentity, complaint.identity_id)
        identity.channel, identity.chat_id = Channel.WEB, chat_id
        return Household(complaint.id, complaint.ticket, 0)


@pytest.fixture
async def engine_of(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    yield engine
    await engine.dispose()


def start_notifier(database_url: str, cwd: Path) -> subprocess.Popen[bytes]:
    """`slrt notifier` as a process of its own, web chats only."""
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.Popen([str(SLRT), "notifier"], env=env, cwd=cwd, stdout=subprocess.DEVNULL)


async def notifier_is_active(engine: AsyncEngine) -> bool:
    """Whether some process holds the notifier's advisory lock."""
    async with engine.connect() as connection:
        held = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
    return bool(held)


class TestAnotherProcess:
    """`slrt notifier` in its own process; the page's long poll here."""

    async def test_the_status_message_arrives_within_a_second(
        self, engine_of: AsyncEngine, postgres_database_url: str, tmp_path: Path, vault
    ) -> None:
        settings = Settings(_env_file=None, database_url=postgres_database_url)
        sessions = service_sessions(engine_of, settings)
        hub = PostgresWebChatHub(engine_of, listening_recheck=NO_RECHECK)
        chat = WebChat(
            DialogEngine(sessions, dialog_services(settings)), sessions, hub, files_dir=tmp_path
        )
        chat_id = "a" * 40
        household = await web_household(sessions, vault, chat_id)
        notifier = start_notifier(postgres_database_url, tmp_path)
        await hub.start()
        try:
            await asyncio.wait_for(hub.listening.wait(), 10)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            while not await notifier_is_active(engine_of):
                assert loop.time() < deadline, "the notifier process never became active"
                await asyncio.sleep(0.05)
            took = []
            after = 0
            for number in range(3):
                text_sent = f"Kabar ke-{number} dari Dinas Sosial"
                polling = asyncio.create_task(chat.messages(chat_id, after, wait=NO_RECHECK / 2))
                await eventually(lambda: hub.waiting(chat_id))
                await write(sessions, household, text_sent)
                committed = time.monotonic()
                rows = await asyncio.wait_for(polling, 10)
                took.append(time.monotonic() - committed)
                assert any(text_sent in row.text for row in rows)
                after = rows[-1].id
        finally:
            await hub.close()
            notifier.send_signal(signal.SIGTERM)
            await asyncio.to_thread(notifier.wait, 20)
        print(f"commit to long poll's return: {', '.join(f'{t:.3f} s' for t in took)}")
        # The long poll's own look at the database comes after NO_RECHECK / 2: anything sooner
        # was the NOTIFY (how soon is measured in bench/, not asserted here).
        assert max(took) < NO_RECHECK / 4, took


class TestListenerOutage:
    """The listener reconnects after the database was away; meanwhile polls look often."""

    async def test_wakeups_come_again_after_an_outage(
        self, postgres_behind_proxy: tuple[str, TcpProxy], engine_of: AsyncEngine
    ) -> None:
        url, proxy = postgres_behind_proxy
        proxied = create_engine(url, timeout=1.0)
        hub = PostgresWebChatHub(proxied, listening_recheck=NO_RECHECK)
        await hub.start()
        try:
            await asyncio.wait_for(hub.listening.wait(), 10)
            proxy.cut()
            await eventually(lambda: not hub.listening.is_set(), timeout=10)
            assert hub.recheck_seconds < 2  # polls look at the database themselves meanwhile
            proxy.restore()
            await asyncio.wait_for(hub.listening.wait(), 10)

            waiting = asyncio.create_task(hub.wait("b" * 40, NO_RECHECK))
            await eventually(lambda: hub.waiting("b" * 40))
            assert not waiting.done()
            # Another process writes to the chat: its transaction announces it.
            async with unit_of_work(async_sessionmaker(engine_of)) as session:
                await WebChatHub().announce(session, "b" * 40)
            # The wait looks by itself only after NO_RECHECK: what ends it sooner is the NOTIFY
            # (a bound, not a measurement: a busy machine may take seconds).
            await asyncio.wait_for(waiting, NO_RECHECK / 4)
        finally:
            await hub.close()
            await proxied.dispose()
