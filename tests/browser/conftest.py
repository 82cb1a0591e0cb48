"""Real headless Chromium (Debian's package) driven by Playwright, against the served app."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    async_playwright,
    expect,
)
from playwright.sync_api import sync_playwright

from backend.app import create_app
from backend.config import Settings
from tests.bot.conftest import free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# Playwright's 5 s default for `expect` is an upper bound, not a wait: a reply that
# comes back in 50 ms passes in 50 ms. On a 2-core machine running four workers and
# Chromium, one chat reply took over 5 s once in CI, so the bound is wider.
expect.set_options(timeout=15_000)


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


class CspWatch:
    """What the Content-Security-Policy blocked in any page of one browser.

    Chromium reports each blocked script, style, image or request on the console; an
    inline handler or style that slipped into a template shows up here, so every
    browser test fails on one unless it expected it (and cleared `violations`).
    """

    # ReDoc's footer shows Redocly's logo from their CDN: the policy blocks it, ReDoc hides it.
    KNOWN = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)

    def __init__(self) -> None:
        self.violations: list[str] = []

    def attach(self, context: BrowserContext) -> None:
        context.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text and not any(url in text for url in self.KNOWN):
            self.violations.append(f"{message.location.get('url', '?')}: {text}")

    def watch(self, browser: Browser) -> None:
        """Attaches to every context and page the browser opens from now on."""
        new_context, new_page = browser.new_context, browser.new_page

        async def watched_context(**options: Any) -> BrowserContext:
            context = await new_context(**options)
            self.attach(context)
            return context

        async def watched_page(**options: Any) -> Page:
            page = await new_page(**options)
            self.attach(page.context)
            return page

        browser.new_context = watched_context  # type: ignore[method-assign]
        browser.new_page = watched_page  # type: ignore[method-assign]


@pytest.fixture
def csp() -> CspWatch:
    """The CSP violations of this test's browser."""
    return CspWatch()


class _SharedChromium:
    """One headless Chromium for a whole worker, launched by Playwright in a thread of its own.

    Launching Chromium and closing it again took about 0.7 s of each browser test. The
    tests connect to this one over the DevTools protocol from their own event loops;
    every page lives in a browser context of its test's own, which is gone when the test
    disconnects, so no cookie, storage or page is shared between tests.
    """

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.port = free_port()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="chromium", daemon=True)

    @property
    def endpoint(self) -> str:
        """Where a test connects (`connect_over_cdp`)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Launches Chromium; an error when it did not start or does not answer on its port."""
        self._thread.start()
        if not self._ready.wait(60):
            self.stop()
            raise RuntimeError("Chromium did not start within 60 s")
        if self._failure is not None:
            raise RuntimeError(f"Chromium did not start: {self._failure!r}") from self._failure
        try:  # the port was free a moment ago: another process may have taken it since
            httpx.get(f"{self.endpoint}/json/version", timeout=10, trust_env=False)
        except httpx.HTTPError as error:
            self.stop()
            raise RuntimeError(f"Chromium does not answer on port {self.port}") from error

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=self.executable, headless=True,
                    args=[f"--remote-debugging-port={self.port}"],
                )  # fmt: skip
                self._ready.set()
                self._stop.wait()
                browser.close()
        except BaseException as error:  # noqa: BLE001  (reported by start())
            self._failure = error
            self._ready.set()


@pytest.fixture(scope="session")
def shared_chromium() -> Iterator[_SharedChromium]:
    """This worker's Chromium, started at its first browser test (a port taken meanwhile by
    another process: tried again on another)."""
    executable = chromium_path()
    for attempt in range(3):
        chromium = _SharedChromium(executable)
        try:
            chromium.start()
            break
        except RuntimeError:
            if attempt == 2:
                raise
    yield chromium
    chromium.stop()


@pytest.fixture
async def browser(shared_chromium: _SharedChromium, csp: CspWatch) -> AsyncIterator[Browser]:
    """The worker's headless Chromium, with contexts of this test's own; the test fails on a
    CSP violation."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.connect_over_cdp(shared_chromium.endpoint)
        csp.watch(browser)
        try:
            yield browser
        finally:
            await browser.close()  # closes this test's contexts; Chromium runs on
    assert not csp.violations, "the Content-Security-Policy blocked:\n" + "\n".join(csp.violations)


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
            # An open page long-polls the web chat; cut it as `slrt run` would, only sooner
            # (each browser test waited out a whole second here).
            timeout_graceful_shutdown=0.2,
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
