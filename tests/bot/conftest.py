"""A local Bot API server and the bot running against it, by polling or by webhook."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings
from backend.db import create_engine
from bot.notifier.bell import OutboxBell
from bot.notifier.runtime import run_notifier
from bot.telegram.runtime import start_bot
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.postgres_proxy import postgres_behind_proxy, postgres_database_url  # noqa: F401  (fixtures)

TOKEN = "123456:TEST-slrt-token"
WEBHOOK_SECRET = "webhook-secret-for-tests"


# The database, the library and the mode are independent parts of a transport test: four
# runs cover every pair of their values where all eight cost twice the time and find
# nothing more; a test with the mode fixed runs each library once, on a database each.
# Every such test still meets both databases and both libraries (and both modes when it
# varies them). SLRT_ALL_TRANSPORTS=1 runs every combination (a nightly run); a test
# marked `all_transports` always does.
PAIRWISE_TRANSPORTS = frozenset(
    {
        ("sqlite", "ptb", "polling"),
        ("sqlite", "aiogram", "webhook"),
        ("postgresql", "ptb", "webhook"),
        ("postgresql", "aiogram", "polling"),
    }
)
EACH_LIBRARY_ONCE = frozenset({("sqlite", "ptb"), ("postgresql", "aiogram")})


def _transport_of(item: pytest.Item) -> tuple[str, str, str | None] | None:
    params = getattr(getattr(item, "callspec", None), "params", {})
    if not {"backend", "framework"} <= params.keys():
        return None
    return params["backend"], params["framework"], params.get("mode")


def _kept(transport: tuple[str, str, str | None], varied: set[int]) -> bool:
    """Whether to run this combination, given which parts (0, 1, 2) the test varies."""
    if varied == {0, 1, 2}:
        return transport in PAIRWISE_TRANSPORTS
    if varied == {0, 1}:  # the mode fixed, or none
        return transport[:2] in EACH_LIBRARY_ONCE
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keeps the covering transport combinations (above) of each Telegram test."""
    if os.environ.get("SLRT_ALL_TRANSPORTS") == "1":
        return
    combinations: dict[str, set[tuple[str, str, str | None]]] = {}
    for item in items:
        if (transport := _transport_of(item)) is not None:
            combinations.setdefault(_test_of(item), set()).add(transport)
    varied = {
        test: {part for part in range(3) if len({c[part] for c in seen}) > 1}
        for test, seen in combinations.items()
    }
    dropped = [
        item
        for item in items
        if (transport := _transport_of(item)) is not None
        and not _kept(transport, varied[_test_of(item)])
        and item.get_closest_marker("all_transports") is None
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = set(map(id, dropped))
        items[:] = [item for item in items if id(item) not in gone]


def _test_of(item: pytest.Item) -> str:
    return item.nodeid.partition("[")[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def local_api() -> AsyncIterator[LocalBotApi]:
    """A local Bot API server; limits off (tests that need them switch them on)."""
    async with LocalBotApi(token=TOKEN, limits_enabled=False, webhook_retry_delay=0.2) as api:
        yield api


@dataclass
class RunningService:
    """The bot, by polling or behind the app's webhook, against the local server."""

    api: LocalBotApi
    settings: Settings
    app_url: str | None = None


def bot_settings(
    database_url: str, api: LocalBotApi, tmp_path: Path, framework: str, mode: str, port: int
) -> Settings:
    """Settings of a service talking to the local server."""
    return Settings(
        _env_file=None,
        database_url=database_url,
        telegram_bot_token=TOKEN,
        telegram_api_url=api.url,
        telegram_mode=mode,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/webhook",
        telegram_webhook_secret=WEBHOOK_SECRET,
        bot_framework=framework,
        files_dir=tmp_path / "files",
        port=port,
    )


async def run_service(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    """Polling: the bot and its notifier, as `slrt bot`. Webhook: the whole app served by
    uvicorn on its port."""
    if settings.telegram_mode == "polling":
        engine = create_engine(settings.database_url)
        bell = OutboxBell()
        notifier_stop = asyncio.Event()
        notifier = asyncio.create_task(
            run_notifier(settings, engine, sessions, notifier_stop, bell=bell)
        )
        # Short pauses after failures, so tests of failures need not wait long.
        running = await start_bot(settings, sessions, poll_timeout=1, poll_backoff=0.05, bell=bell)
        try:
            yield
        finally:
            await running.shutdown()
            notifier_stop.set()
            await asyncio.gather(notifier, return_exceptions=True)
            await engine.dispose()
        return
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=settings.port, log_level="warning"
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


@pytest.fixture(params=["ptb", "aiogram"])
def framework(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=["polling", "webhook"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def service_overrides() -> dict[str, object]:
    """Settings a test class changes for its running service (override the fixture)."""
    return {}


@pytest.fixture
async def service(
    local_api: LocalBotApi,
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    framework: str,
    mode: str,
    service_overrides: dict[str, object],
) -> AsyncIterator[RunningService]:
    """The bot of `framework` in `mode`, running until the test ends."""
    settings = bot_settings(database_url, local_api, tmp_path, framework, mode, free_port())
    settings = settings.model_copy(update=service_overrides)
    async for _ in run_service(settings, sessions):
        await _wait_until_ready(local_api, mode)
        yield RunningService(local_api, settings)


async def _wait_until_ready(api: LocalBotApi, mode: str) -> None:
    # Ready when the bot has announced its commands and, for a webhook, set it.
    for _ in range(500):
        methods = [call.method for call in api.calls]
        if "setMyCommands" in methods and ("setWebhook" in methods or mode == "polling"):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the bot did not start: {api.calls}")


@dataclass
class TelegramUser:
    """A person in Telegram: acts through the local server and waits for the bot's answer."""

    api: LocalBotApi
    user_id: int = 5550001

    def _last_id(self) -> int:
        messages = self.api.messages(self.user_id)
        return messages[-1].message_id if messages else 0

    async def _expect(self, before: int, expect: str, timeout: float = 30.0) -> str:
        # A bound, not a wait: on a slow machine running four workers an answer has taken
        # longer than 15 s; a quick answer still returns at once.
        message = await self.api.wait_for_message(
            self.user_id, expect, timeout=timeout, after=before
        )
        return message.text

    async def say(self, text: str, expect: str) -> str:
        before = self._last_id()
        self.api.send_text(self.user_id, text)
        return await self._expect(before, expect)

    async def press(self, label: str, expect: str) -> str:
        before = self._last_id()
        self.api.press(self.user_id, label)
        return await self._expect(before, expect)

    async def share_contact(self, phone: str, expect: str) -> str:
        before = self._last_id()
        self.api.share_contact(self.user_id, phone)
        return await self._expect(before, expect)


async def file_complaint_by_telegram(
    user: TelegramUser, description: str = "Bantuan PKH ibu saya tidak cair sejak Agustus."
) -> str:
    """The whole intake through the real library and the local server; returns the ticket."""
    await user.say("/start", "Silakan pilih")
    await user.press("Buat pengaduan", "Sebelum mulai")
    await user.press("Setuju", "untuk siapa")
    await user.press("diri sendiri", "nama lengkap")
    await user.say("Siti Aminah", "Ketik NIK")
    await user.say("3271 0465 0190 0001", "nomor KK")
    await user.press("Lewati", "nomor HP")
    await user.share_contact("+6281234567890", "kecamatan")
    await user.press("Bogor Barat", "Pilih kelurahan")
    await user.press("Bubulak", "alamat lengkap")
    await user.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
    await user.press("Keluarga Harapan", "Ceritakan masalahnya")
    await user.say(description, "foto atau dokumen")
    await user.press("Lewati", "Periksa kembali")
    text = await user.press("Kirim pengaduan", "Nomor tiket")
    return text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()
