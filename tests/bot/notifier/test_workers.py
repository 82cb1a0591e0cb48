"""`slrt run --workers N`: N processes over PostgreSQL, exactly one of them sending.

The real command runs as a process tree; the test finds its workers under /proc,
which worker holds the notifier's advisory lock (the lock's backend, its client port,
the process owning that socket), and kills that one.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker
from typer.testing import CliRunner

from backend.citizens.models import Channel, ChannelIdentity
from backend.cli import app as slrt
from backend.config import get_settings
from backend.db import create_engine, unit_of_work
from tests.bot.conftest import free_port
from tests.bot.notifier.conftest import Household
from tests.bot.notifier.test_delivery import write
from tests.fixtures.factories import make_complaint
from tests.fixtures.processes import lock_holder_ports, owner_of_local_port, workers_of

SLRT = Path(sys.executable).with_name("slrt")
WORKERS = 2


class TestRefusals:
    """Several workers need PostgreSQL, and a bot by webhook."""

    @pytest.fixture(autouse=True)
    def _settings_read_afresh(self) -> Iterator[None]:
        get_settings.cache_clear()  # cached per process: each command reads its own
        yield
        get_settings.cache_clear()

    def test_sqlite_stays_one_process(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/slrt.db")
        result = CliRunner().invoke(slrt, ["run", "--workers", "2"])
        assert result.exit_code == 2
        assert "needs PostgreSQL" in result.output
        # Refused before it touches this process's metrics (a shared directory would hide
        # this process's own counts from every later scrape).
        assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ

    def test_telegram_polling_is_for_one_process(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/x")
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-token")
        monkeypatch.setenv("TELEGRAM_MODE", "polling")
        result = CliRunner().invoke(slrt, ["run", "--workers", "3"])
        assert result.exit_code == 2
        assert "TELEGRAM_MODE=webhook" in result.output


async def _web_households(sessions: async_sessionmaker, vault, count: int) -> list[Household]:  # type: ignore[no-untyped-def]
    households = []
    for number in range(count):
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault)
            identity = await session.get_one(ChannelIdentity, complaint.identity_id)
            identity.channel, identity.chat_id = Channel.WEB, f"{number:040x}"
            households.append(Household(complaint.id, complaint.ticket, number))
    return households


async def _transcript_counts(sessions: async_sessionmaker, text_sent: str) -> list[int]:  # type: ignore[type-arg]
    async with sessions() as session:
        rows = (await session.execute(text(
            "SELECT chat_id, count(*) FROM web_chat_messages WHERE text LIKE :t GROUP BY chat_id"
        ), {"t": f"%{text_sent}%"})).all()  # fmt: skip
    return sorted(count for _, count in rows)


async def _until(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.1)


def _start(database_url: str, port: int, cwd: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ, "DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING", "PROMETHEUS_MULTIPROC_DIR": str(cwd / "metrics"),
    }  # fmt: skip
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.Popen(
        [str(SLRT), "run", "--workers", str(WORKERS)], env=env, cwd=cwd,
        stdout=subprocess.DEVNULL, stderr=(cwd / "slrt.log").open("wb"),
    )  # fmt: skip


class TestWorkers:
    """Two workers serve; one sends each message once; a killed sender is replaced."""

    async def test_one_notifier_among_the_workers(
        self, postgres_database_url: str, tmp_path: Path, vault
    ) -> None:
        engine = create_engine(postgres_database_url)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        port = free_port()
        server = _start(postgres_database_url, port, tmp_path)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

                async def healthy() -> bool:
                    try:
                        return (await client.get("/healthz")).status_code == 200
                    except httpx.HTTPError:
                        return False

                await _until(healthy, 60)
                assert len(workers_of(server.pid)) == WORKERS

                async def one_holder() -> bool:
                    return len(await lock_holder_ports(engine)) == 1

                await _until(one_holder)
                holders = await lock_holder_ports(engine)
                assert len(holders) == 1, "exactly one worker holds the notifier's lock"

                households = await _web_households(sessions, vault, 6)
                for household in households:
                    await write(sessions, household, "Kabar pertama")

                async def all_once(what: str) -> bool:
                    return await _transcript_counts(sessions, what) == [1] * len(households)

                await _until(lambda: all_once("Kabar pertama"))
                # Every worker counts into the shared directory, so whichever answers a scrape
                # shows the six sends of the one that sends.
                counted_by = {
                    int(path.stem.rpartition("_")[2])
                    for path in (tmp_path / "metrics").glob("*.db")
                }
                assert set(workers_of(server.pid)) <= counted_by, counted_by
                exposition = (await client.get("/metrics")).text
                assert 'slrt_notifier_sends_total{channel="web",result="sent"} 6.0' in exposition

                # The sending worker dies; another one takes over and nothing is lost.
                leader = owner_of_local_port(holders[0], workers_of(server.pid))
                assert leader is not None
                os.kill(leader, signal.SIGKILL)
                started = time.monotonic()
                for household in households:
                    await write(sessions, household, "Kabar kedua")
                await _until(lambda: all_once("Kabar kedua"), 60)
                took_over = time.monotonic() - started
                assert await _transcript_counts(sessions, "Kabar pertama") == [1] * 6
                assert await healthy()
                print(f"after the sender was killed, the next sent within {took_over:.1f} s")
        finally:
            server.send_signal(signal.SIGTERM)
            await asyncio.to_thread(server.wait, 30)
            await engine.dispose()
