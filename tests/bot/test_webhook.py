"""The webhook route: secret token, redelivery while the database is down, limits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.conversations.models import Conversation
from backend.db import create_engine, create_session_factory
from tests.bot.conftest import (
    TelegramUser,
    bot_settings,
    file_complaint_by_telegram,
    free_port,
    run_service,
)
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.tcp_proxy import TcpProxy
from tests.fixtures.waiting import eventually

UPDATE = {
    "update_id": 99,
    "message": {
        "message_id": 1, "date": 0, "text": "/start",
        "chat": {"id": 777, "type": "private", "first_name": "X"},
        "from": {"id": 777, "is_bot": False, "first_name": "X"},
    },
}  # fmt: skip


class TestSecretToken:
    """Without the right X-Telegram-Bot-Api-Secret-Token the webhook changes nothing."""

    @pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
    async def test_wrong_or_missing_secret_is_401(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, headers: dict[str, str],
    ) -> None:  # fmt: skip
        settings = bot_settings(database_url, local_api, tmp_path, "ptb", "webhook", free_port())
        async for _ in run_service(settings, sessions):
            async with httpx.AsyncClient() as client:
                answer = await client.post(
                    f"http://127.0.0.1:{settings.port}/telegram/webhook",
                    json=UPDATE,
                    headers=headers,
                )
            assert answer.status_code == 401
        async with sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Conversation)) == 0
        assert local_api.messages(777) == []


class TestDatabaseBrieflyDown:
    """While the database is down the webhook answers 503; Telegram delivers again; nothing is lost."""

    @pytest.mark.parametrize("framework", ["ptb", "aiogram"])
    async def test_update_is_processed_once_the_database_is_back(
        self, local_api: LocalBotApi, postgres_behind_proxy: tuple[str, TcpProxy],
        tmp_path: Path, framework: str,
    ) -> None:  # fmt: skip
        url, proxy = postgres_behind_proxy
        engine = create_engine(url)
        sessions = create_session_factory(engine)
        settings = bot_settings(url, local_api, tmp_path, framework, "webhook", free_port())
        user = TelegramUser(local_api)
        try:
            async for _ in run_service(settings, sessions):
                await _wait_for_webhook(local_api)
                await user.say("/start", "Silakan pilih")
                proxy.cut()
                update_id = local_api.send_text(user.user_id, "/info")
                await _wait_for_failed_delivery(local_api, update_id)
                proxy.restore()
                await local_api.wait_for_message(user.user_id, "Informasi apa", timeout=20)
                ticket = await file_complaint_by_telegram(user)
        finally:
            await engine.dispose()
        statuses = [a.status_code for a in local_api.delivery_attempts if a.update_id == update_id]
        assert any(code is None or code >= 500 for code in statuses) and statuses[-1] == 200
        texts = [m.text for m in local_api.messages(user.user_id)]
        assert sum("Informasi apa" in text for text in texts) == 1
        check = create_engine(url)
        async with create_session_factory(check)() as session:
            assert (await session.execute(select(Complaint.ticket))).scalar_one() == ticket
        await check.dispose()


async def _wait_for_webhook(api: LocalBotApi) -> None:
    for _ in range(500):
        if api.webhook is not None:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("setWebhook was not called")


async def _wait_for_failed_delivery(api: LocalBotApi, update_id: int) -> None:
    for _ in range(500):
        if any(a.update_id == update_id and a.status_code != 200 for a in api.delivery_attempts):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"no failed delivery of {update_id}: {api.delivery_attempts}")


class TestTelegramLimits:
    """With Telegram's limits on, 429s are waited out and every message still arrives."""

    async def test_a_burst_of_replies_all_arrive(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path,
    ) -> None:  # fmt: skip
        local_api.limits_enabled = True
        settings = bot_settings(
            database_url, local_api, tmp_path, "aiogram", "polling", free_port()
        )
        async for _ in run_service(settings, sessions):
            for _n in range(4):
                local_api.send_text(5550001, "/start")
            for _ in range(300):
                greetings = [m for m in local_api.messages(5550001) if "Selamat datang" in m.text]
                if len(greetings) == 4:
                    break
                await asyncio.sleep(0.05)
        assert len(greetings) == 4
        assert local_api.rate_limited_count > 0


class TestPollingWhileTheDatabaseIsDown:
    """Polling does not move the offset past an update that could not be stored."""

    async def test_update_is_processed_once_the_database_is_back(
        self, local_api: LocalBotApi, postgres_behind_proxy: tuple[str, TcpProxy], tmp_path: Path
    ) -> None:
        url, proxy = postgres_behind_proxy
        engine = create_engine(url)
        settings = bot_settings(url, local_api, tmp_path, "ptb", "polling", free_port())
        user = TelegramUser(local_api)
        try:
            async for _ in run_service(settings, create_session_factory(engine)):
                await user.say("/start", "Silakan pilih")
                proxy.cut()
                polls_before = len(local_api.calls_of("getUpdates"))
                local_api.send_text(user.user_id, "/info")
                # The update comes back with each poll while it cannot be stored: wait for three.
                wanted = polls_before + 3
                await eventually(lambda: len(local_api.calls_of("getUpdates")) >= wanted)  # noqa: B023
                assert not any("Informasi apa" in m.text for m in local_api.messages(user.user_id))
                proxy.restore()
                await local_api.wait_for_message(user.user_id, "Informasi apa", timeout=30)
        finally:
            await engine.dispose()
        texts = [m.text for m in local_api.messages(user.user_id)]
        assert sum("Informasi apa" in text for text in texts) == 1


class TestTheWholeServiceRunsTheBot:
    """`slrt run` with a token: panel, API and the polling bot in one process."""

    async def test_healthz_and_the_bot_answer(
        self, local_api: LocalBotApi, database_url: str, tmp_path: Path
    ) -> None:
        import uvicorn

        from backend.app import create_app

        settings = bot_settings(database_url, local_api, tmp_path, "ptb", "polling", free_port())
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), port=settings.port, log_level="warning")
        )
        task = asyncio.create_task(server.serve())
        try:
            while not server.started:
                await asyncio.sleep(0.02)
            async with httpx.AsyncClient() as client:
                health = await client.get(f"http://127.0.0.1:{settings.port}/healthz")
            assert health.status_code == 200
            await TelegramUser(local_api).say("/start", "Silakan pilih")
        finally:
            server.should_exit = True
            await task
        assert "deleteWebhook" in [call.method for call in local_api.calls]
