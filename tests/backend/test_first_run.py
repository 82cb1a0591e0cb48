"""`slrt run` on a fresh database: where to open things, and a demo account shown once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Settings
from backend.first_run import (
    DEMO_EMAIL,
    DemoAccount,
    NoStaffYet,
    demo_account_if_needed,
    welcome_lines,
)
from backend.security.passwords import verify_password
from backend.staff.models import Role, StaffUser
from tests.bot.conftest import free_port

SLRT = Path(sys.executable).with_name("slrt")


def start(database_url: str, port: int, cwd: Path) -> tuple[subprocess.Popen[str], list[str]]:
    """Starts `slrt run` with no Telegram token; answers it and what it printed before serving."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "TELEGRAM_BOT_TOKEN": "",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [str(SLRT), "run"], env=env, cwd=cwd, stdout=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl+C stops"):
            break
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process, lines
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"slrt run did not answer: {lines}")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(20)


class TestFirstRun:
    """The first start prints the addresses and a fresh admin password; later starts do not."""

    async def test_demo_account_once_and_the_addresses(
        self, database_url: str, tmp_path: Path, sessions
    ) -> None:
        port = free_port()
        process, lines = start(database_url, port, tmp_path)
        try:
            assert f"  Web chat for citizens: http://127.0.0.1:{port}/chat" in lines
            assert f"  Panel for staff:       http://127.0.0.1:{port}/panel" in lines
            assert any(line.startswith("  Telegram bot: off") for line in lines)
            password = next(
                (line.split(":", 1)[1].strip() for line in lines if line.startswith("  password:")),
                None,
            )
            assert password, lines
            async with httpx.AsyncClient() as client:
                assert (await client.get(f"http://127.0.0.1:{port}/chat")).status_code == 200
        finally:
            stop(process)
        async with sessions() as session:
            [user] = (await session.execute(select(StaffUser))).scalars().all()
        assert user.email == DEMO_EMAIL and user.role == Role.ADMIN
        assert verify_password(user.password_hash, password)
        assert password not in user.password_hash

        process, lines = start(database_url, port, tmp_path)
        stop(process)
        assert not any("password" in line for line in lines)


class TestProduction:
    """In production no account is made and no password printed: logs are kept there."""

    async def test_no_demo_account_and_the_way_to_make_an_admin(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        production = settings.model_copy(update={"environment": "production"})
        first = await demo_account_if_needed(session, production)
        assert isinstance(first, NoStaffYet)
        assert await session.scalar(select(func.count()).select_from(StaffUser)) == 0
        lines = welcome_lines(production, first)
        assert any("slrt create-user --role admin" in line for line in lines)
        assert not any("password:" in line for line in lines)

    async def test_development_still_gets_its_demo_account(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        demo = await demo_account_if_needed(session, settings)
        assert isinstance(demo, DemoAccount) and demo.email == DEMO_EMAIL
        assert await demo_account_if_needed(session, settings) is None
