"""Polling that never dies, starts that clean up after themselves, stops that finish the work."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import pytest
import uvicorn
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from backend.app import create_app
from backend.cli import app as slrt
from backend.config import Settings, get_settings
from backend.db import create_engine
from backend.notifications.models import OutboxMessage
from backend.notifications.outbox import DIALOG_REPLY
from bot.telegram.channel import TelegramChannel
from bot.telegram.client import TelegramError
from bot.telegram.polling import poll_updates
from bot.telegram.runtime import InvalidBotToken, log_if_failed, start_bot
from dialogs.engine import DialogEngine, dialog_services
from tests.bot.conftest import TOKEN, TelegramUser, bot_settings, free_port, run_service
from tests.bot.test_telegram_errors import make_client
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.processes import start_slrt, stop_slrt
from tests.fixtures.upload_files import image_of
from tests.fixtures.waiting import eventually

WRONG_TOKEN = "424242:not-the-token-of-this-bot-000000000"


async def _connections_closed(api: LocalBotApi) -> None:
    # The client closed its pool: the server sees every connection go within moments.
    await eventually(lambda: api.open_connections == 0, timeout=3.0)


class TestPollingGoesOn:
    """Whatever getUpdates answers, polling carries on and the next message is answered."""

    @pytest.mark.parametrize("trouble", ["garbled", "conflict", "token refused", "server error"])
    async def test_the_bot_answers_after_get_updates_failed(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, framework: str, trouble: str, caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        settings = bot_settings(
            database_url, local_api, tmp_path, framework, "polling", free_port()
        )
        async for _ in run_service(settings, sessions):
            await eventually(lambda: local_api.calls_of("getUpdates"))
            if trouble == "garbled":
                local_api.garble_next("getUpdates", 2)
            else:
                code = {"conflict": 409, "token refused": 401, "server error": 500}[trouble]
                local_api.fail_next("getUpdates", code, count=2)
            # The long poll under way ends; the next two fail, and are logged.
            await eventually(lambda: len(_failures(caplog)) >= 2)
            await TelegramUser(local_api).say("/start", "Silakan pilih")
        if trouble == "conflict":
            assert "another process polls with this token" in _failures(caplog)[0].getMessage()

    async def test_the_pause_starts_small_again_after_a_success(
        self, local_api: LocalBotApi, settings: Settings, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        client = make_client("ptb", local_api.url, local_api.token)
        await client.start()
        engine = DialogEngine(sessions, dialog_services(settings))
        channel = TelegramChannel(client, engine, sessions, files_dir=tmp_path)
        stop = asyncio.Event()
        local_api.fail_next("getUpdates", 500, count=3)
        caplog.set_level(logging.WARNING, "bot.telegram.polling")
        polling = asyncio.create_task(poll_updates(channel, stop, timeout=1, backoff=0.05))
        try:
            # Three failures, then a poll that works (it waits for updates in the server).
            await eventually(lambda: len(local_api.calls_of("getUpdates")) >= 4)
            local_api.fail_next("getUpdates", 500)
            await eventually(lambda: len(_pauses(caplog)) >= 4)
        finally:
            stop.set()
            await polling
            await client.close()
        assert _pauses(caplog) == [0.1, 0.2, 0.4, 0.1]


def _failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "bot.telegram.polling" and "trying again" in r.msg
    ]


def _pauses(caplog: pytest.LogCaptureFixture) -> list[float]:
    return [record.args[-1] for record in _failures(caplog)]  # type: ignore[index]


class TestStoppingFinishesTheWork:
    """On stop, an update being processed is finished: stored with its answer, and confirmed."""

    async def test_an_update_in_flight_is_finished_before_the_bot_stops(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, framework: str,
    ) -> None:  # fmt: skip
        settings = bot_settings(
            database_url, local_api, tmp_path, framework, "polling", free_port()
        )
        # The bot alone, no notifier: its answers wait in the outbox.
        running = await start_bot(settings, sessions, poll_timeout=1, poll_backoff=0.05)
        user = TelegramUser(local_api)
        try:
            local_api.delay_next("getFile", 1.0)  # the photo is slow to fetch this time
            update_id = local_api.send_photo(user.user_id, image_of("JPEG"))
            # The update is being processed: its photo is being fetched.
            await eventually(lambda: bool(local_api.calls_of("getFile")))
        finally:
            await running.shutdown()
        assert not local_api.world.updates.is_pending(update_id), "confirmed before leaving"
        assert running.task is not None and running.task.done()
        assert await _queued_answers(database_url) == 1, "its answer is stored with it"

    async def test_slrt_bot_stops_as_on_ctrl_c_when_its_service_manager_stops_it(
        self, local_api: LocalBotApi, database_url: str, tmp_path: Path
    ) -> None:
        environment = {
            **os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": local_api.url, "TELEGRAM_MODE": "polling", "LOG_LEVEL": "WARNING",
        }  # fmt: skip
        bot = start_slrt(["bot"], environment, tmp_path, "bot")
        try:
            await TelegramUser(local_api).say("/start", "Selamat datang")
        finally:
            exit_code = await stop_slrt(bot)  # SIGTERM, what systemd and `docker stop` send
        # Ended by its own shutdown, not by the signal (-15).
        assert exit_code == 0


async def _queued_answers(database_url: str) -> int:
    # Read from another connection, as the notifier would.
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            statement = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.template == DIALOG_REPLY)
            )
            return int((await connection.execute(statement)).scalar_one())
    finally:
        await engine.dispose()


class TestStartingCleansUp:
    """A start that fails closes the HTTP client; a refused token stops with a plain message."""

    async def test_a_refused_token_closes_the_client_and_says_what_to_fix(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, framework: str,
    ) -> None:  # fmt: skip
        settings = bot_settings(
            database_url, local_api, tmp_path, framework, "polling", free_port()
        )
        settings = settings.model_copy(update={"telegram_bot_token": SecretStr(WRONG_TOKEN)})
        with pytest.raises(InvalidBotToken) as raised:
            await start_bot(settings, sessions, poll_timeout=1)
        assert "TELEGRAM_BOT_TOKEN" in str(raised.value) and "BotFather" in str(raised.value)
        assert "not-the-token" not in str(raised.value)
        await _connections_closed(local_api)

    async def test_a_failure_after_get_me_closes_the_client(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, framework: str,
    ) -> None:  # fmt: skip
        settings = bot_settings(
            database_url, local_api, tmp_path, framework, "polling", free_port()
        )
        local_api.fail_next("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID")
        with pytest.raises(TelegramError) as raised:
            await start_bot(settings, sessions, poll_timeout=1)
        assert local_api.calls_of("getMe"), "the client did talk to the server"
        # `raised` keeps the client alive, as a logged error would: only close() ends it.
        await _connections_closed(local_api)
        assert "bot_command_invalid" in str(raised.value).lower()

    async def test_the_service_does_not_retry_a_refused_token(
        self, local_api: LocalBotApi, database_url: str, tmp_path: Path,
        caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        settings = bot_settings(database_url, local_api, tmp_path, "ptb", "polling", free_port())
        local_api.fail_next("getMe", 401, count=10)
        config = uvicorn.Config(create_app(settings), port=settings.port, log_level="warning")
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        try:
            await eventually(lambda: server.started)
            # The refusal is logged as the starter gives up: no retry can follow it.
            await eventually(
                lambda: any("TELEGRAM_BOT_TOKEN" in r.getMessage() for r in caplog.records)
            )
        finally:
            server.should_exit = True
            await task
        assert len(local_api.calls_of("getMe")) == 1
        refused = [r for r in caplog.records if "TELEGRAM_BOT_TOKEN" in r.getMessage()]
        assert [r.levelno for r in refused] == [logging.ERROR]

    async def test_slrt_bot_exits_with_the_message(
        self, local_api: LocalBotApi, database_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.chdir(tmp_path)  # no .env to read
        environment = {
            "DATABASE_URL": database_url, "SECRET_KEY": os.environ["SECRET_KEY"],
            "DATA_KEY": os.environ["DATA_KEY"], "TELEGRAM_BOT_TOKEN": WRONG_TOKEN,
            "TELEGRAM_API_URL": local_api.url, "TELEGRAM_MODE": "polling",
        }  # fmt: skip
        get_settings.cache_clear()
        try:
            # In a thread: the command runs its own event loop while this one serves Telegram.
            result = await asyncio.to_thread(CliRunner().invoke, slrt, ["bot"], env=environment)
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 2, result.output
        assert "refused TELEGRAM_BOT_TOKEN" in result.output
        assert "Traceback" not in result.output


class TestBackgroundTasks:
    """A background task that ends by an error leaves it in the log."""

    async def test_the_error_that_ended_a_task_is_logged(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        async def broken() -> None:
            raise RuntimeError("polling broke")

        task = asyncio.create_task(broken(), name="telegram-polling")
        task.add_done_callback(log_if_failed)
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)  # done-callbacks run on the next turn of the loop
        [record] = [r for r in caplog.records if r.name == "bot.telegram.runtime"]
        assert record.levelno == logging.ERROR and "telegram-polling" in record.getMessage()
        assert record.exc_info is not None and "polling broke" in str(record.exc_info[1])
