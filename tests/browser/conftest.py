"""Real headless Chromium (Debian's package) driven by Playwright, against the served app."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import Browser, async_playwright

from backend.app import create_app
from backend.config import Settings
from tests.bot.conftest import free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def chromium_path() -> str:
    """Debian's Chromium (or CHROMIUM_PATH); `make test` installs it when it can."""
    path = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium is missing: `sudo apt-get install chromium` (make test does it as root)"
        )
    return path


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """A headless Chromium of this test's own."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[str]:
    """The whole service for `settings` served by uvicorn on a free port, as `slrt run` does."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            # An open page long-polls the web chat; cut it as `slrt run` would, only sooner.
            timeout_graceful_shutdown=1,
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def served(settings: Settings, database_url: str) -> AsyncIterator[str]:
    """The whole service served by uvicorn on a free port, as `slrt run` does; its base URL.

    The service opens connections of its own, so it runs on a database of the test's own.
    """
    async with serve(settings) as url:
        yield url


def screenshot_path(name: str) -> Path:
    """Where a screenshot a person can look at is kept (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
