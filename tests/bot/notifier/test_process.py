"""One active notifier: a crash loses nothing, a standby takes over, `slrt run` sends too."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import ComplaintStatus as S
from backend.complaints.service import EventDetails
from backend.db import create_engine, create_session_factory
from bot.notifier.election import Leadership
from bot.notifier.notifier import Notifier
from bot.notifier.runtime import run_notifier
from tests.bot.conftest import TOKEN, bot_settings, free_port, run_service
from tests.bot.notifier.conftest import (
    Household,
    file_for_chat,
    notifier_settings,
    staff_fires,
    unfinished,
)
from tests.bot.notifier.test_delivery import write
from tests.fixtures.local_bot_api import LocalBotApi

SLRT = Path(sys.executable).with_name("slrt")


def deliveries(api: LocalBotApi, households: list[Household]) -> dict[int, int]:
    """How many messages each household's chat received."""
    return {household.chat_id: len(api.messages(household.chat_id)) for household in households}


async def wait_for(condition, timeout: float = 30.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    """Polls `condition` (sync or async) until it holds."""
    async with asyncio.timeout(timeout):
        while True:
            result = condition()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return
            await asyncio.sleep(0.05)


class TestCrash:
    """A notifier killed mid-batch and started again: every message arrives, at most one twice."""

    def _start(
        self, database_url: str, api: LocalBotApi, tmp_path: Path
    ) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api.url,
            # Slow and one at a time, so the kill lands mid-batch with one send in flight.
            "NOTIFIER_RATE": "10",
            "NOTIFIER_CONCURRENCY": "1",
            "LOG_LEVEL": "WARNING",
        }
        return subprocess.Popen(
            [str(SLRT), "notifier"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL
        )

    async def test_sigkill_in_the_middle_of_a_batch(
        self,
        sessions: async_sessionmaker[AsyncSession],
        vault,
        local_api: LocalBotApi,
        database_url: str,
        tmp_path: Path,
    ) -> None:
        households = [
            await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW) for _ in range(30)
        ]
        for household in households:
            await write(sessions, household, "Kabar dari Dinas Sosial")
        local_api.limits_enabled = True

        first = self._start(database_url, local_api, tmp_path)
        try:
            await wait_for(
                lambda: sum(deliveries(local_api, households).values()) >= 10, what="10 sent"
            )
        finally:
            first.send_signal(signal.SIGKILL)
            await asyncio.to_thread(first.wait)
        sent_before_restart = sum(deliveries(local_api, households).values())
        assert sent_before_restart < 30, "the kill came too late to test anything"

        second = self._start(database_url, local_api, tmp_path)
        try:
            await wait_for(
                lambda: all(deliveries(local_api, households).values()), timeout=60, what="all sent"
            )
            await wait_for(lambda: _zero(sessions), timeout=10)
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.to_thread(second.wait, 20)

        counts = deliveries(local_api, households)
        assert all(count >= 1 for count in counts.values())
        assert sum(counts.values()) - len(households) <= 1
        assert second.returncode == 0


async def _zero(sessions: async_sessionmaker[AsyncSession]) -> bool:
    return await unfinished(sessions) == 0


class TestElection:
    """Two notifiers on one database: one sends, the other stands by and takes over."""

    async def test_only_one_of_two_notifiers_sends(
        self,
        sessions: async_sessionmaker[AsyncSession],
        vault,
        local_api: LocalBotApi,
        database_url: str,
        tmp_path: Path,
    ) -> None:
        settings = notifier_settings(database_url, local_api, tmp_path)
        engines = [create_engine(database_url), create_engine(database_url)]
        stops = [asyncio.Event(), asyncio.Event()]
        found: list[asyncio.Future[Notifier]] = [
            asyncio.get_running_loop().create_future() for _ in range(2)
        ]
        leaderships = [
            Leadership(engine, retry_interval=0.1, check_interval=0.2) for engine in engines
        ]
        tasks = [
            asyncio.create_task(
                run_notifier(
                    settings,
                    engine,
                    create_session_factory(engine),
                    stop,
                    leadership=leadership,
                    on_notifier=future,
                )
            )
            for engine, stop, leadership, future in zip(
                engines, stops, leaderships, found, strict=True
            )
        ]
        try:
            notifiers = [await future for future in found]
            await wait_for(lambda: any(leadership.is_leader for leadership in leaderships))
            leader = next(i for i, leadership in enumerate(leaderships) if leadership.is_leader)
            standby = 1 - leader

            households = [
                await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW)
                for _ in range(12)
            ]
            for household in households:
                await write(sessions, household, "Kabar pertama")
            await wait_for(lambda: all(deliveries(local_api, households).values()))
            await wait_for(lambda: _zero(sessions))
            assert notifiers[leader].sent_count == 12
            assert notifiers[standby].sent_count == 0
            assert not leaderships[standby].is_leader

            # The active one stops: the standby takes over and sends what comes next.
            stops[leader].set()
            await tasks[leader]
            await wait_for(lambda: leaderships[standby].is_leader, timeout=10)
            for household in households:
                await write(sessions, household, "Kabar kedua")
            await wait_for(
                lambda: all(count == 2 for count in deliveries(local_api, households).values())
            )
            # A send is counted once its answer is back, a moment after the server has the message.
            await wait_for(lambda: _zero(sessions))
            assert notifiers[standby].sent_count == 12
        finally:
            for stop in stops:
                stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            for engine in engines:
                await engine.dispose()


class TestInTheService:
    """`slrt run` (the app) runs the notifier in process."""

    async def test_a_status_change_reaches_the_chat(
        self,
        sessions: async_sessionmaker[AsyncSession],
        vault,
        local_api: LocalBotApi,
        database_url: str,
        tmp_path: Path,
    ) -> None:
        household = await file_for_chat(sessions, vault, local_api, status=S.RECEIVED)
        settings = bot_settings(
            database_url, local_api, tmp_path, "aiogram", "webhook", free_port()
        )
        async for _ in run_service(settings, sessions):
            await staff_fires(
                sessions, household, "start_review", EventDetails(note="Sedang kami periksa.")
            )
            message = await local_api.wait_for_message(
                household.chat_id, "Sedang kami periksa.", timeout=15
            )
            assert household.ticket in message.text
