"""GET /healthz says whether the service can take traffic, in process and as a real server."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from backend.app import create_app
from backend.config import Settings

DOWN_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:1/nothing"
# The console script beside the interpreter running the tests (.venv/bin/slrt).
SLRT = Path(sys.executable).parent / "slrt"
STARTUP_TIMEOUT_SECONDS = 20.0
SHUTDOWN_TIMEOUT_SECONDS = 10.0
# asyncpg gives up on a connection by itself after a minute.
DRIVER_CONNECT_TIMEOUT_SECONDS = 60.0


def _settings_for(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, files_dir=tmp_path / "files", _env_file=None)


async def _client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    # ASGITransport does not run the lifespan; running it here disposes the engine.
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
            yield client


@pytest.fixture
async def client(settings: Settings, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the application on a database of this test's own, in process.

    The lifespan runs the notifier, whose jobs commit (the retention run's audit record):
    a database shared with other tests must not see them.
    """
    async for client in _client_for(create_app(settings)):
        yield client


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word: a hung database."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


class TestHealthInProcess:
    """The health check answers 200 while the database answers."""

    async def test_answers_200_ok_on_a_working_database(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    async def test_answers_200_again_on_the_next_request(self, client: httpx.AsyncClient) -> None:
        for _ in range(3):
            assert (await client.get("/healthz")).status_code == 200


class TestHealthWithTheDatabaseDown:
    """The health check answers 503, quickly, when the database cannot be reached."""

    async def test_a_refused_connection_answers_503_quickly(self, tmp_path: Path) -> None:
        app = create_app(_settings_for(DOWN_DATABASE_URL, tmp_path))
        async for client in _client_for(app):
            response = await client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        # The refusal itself answered, not the time-out: true however busy the machine is.
        assert response.json()["database"] != "TimeoutError"

    async def test_a_database_that_never_answers_is_cut_off_by_the_timeout(
        self, tmp_path: Path, silent_server: int
    ) -> None:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{silent_server}/nothing"
        app = create_app(_settings_for(url, tmp_path))
        async for client in _client_for(app):
            started = time.monotonic()
            response = await client.get("/healthz")
            elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "TimeoutError"}
        # Our time-out cut it, not the driver's own one minute (a margin for a busy machine).
        assert elapsed < DRIVER_CONNECT_TIMEOUT_SECONDS / 2


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> httpx.Response:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"slrt run exited with {process.returncode}:\n{log.read_text()}")
        try:
            response = httpx.get(url, timeout=2.0)
        except httpx.TransportError as error:
            last_error = error
        else:
            if response.status_code == 200:
                return response
            last_error = AssertionError(f"{response.status_code} {response.text}")
        time.sleep(0.2)
    pytest.fail(
        f"GET {url} did not answer 200 within {STARTUP_TIMEOUT_SECONDS} s "
        f"(last: {last_error!r}):\n{log.read_text()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> int | None:
    """Asks the server to stop; returns its exit code, or None if it had to be killed."""
    if process.poll() is not None:
        return process.returncode
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
        return None


class TestHealthOfTheRunningServer:
    """`slrt run` serves /healthz on HOST:PORT and stops when asked."""

    def test_slrt_run_answers_200_and_stops_on_sigterm(
        self, database_url: str, tmp_path: Path
    ) -> None:
        port = free_port()
        log = tmp_path / "slrt-run.log"
        environment = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "DATABASE_URL": database_url,
            "FILES_DIR": str(tmp_path / "files"),
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "DATA_KEY": os.environ["DATA_KEY"],
            "TELEGRAM_BOT_TOKEN": "",
            "PYTHONUNBUFFERED": "1",
        }
        with log.open("wb") as output:
            # The working directory is the test's own, so no developer .env is read.
            process = subprocess.Popen(
                [str(SLRT), "run"], cwd=tmp_path, env=environment,
                stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            response = _wait_until_healthy(process, f"http://127.0.0.1:{port}/healthz", log)
            assert response.json() == {"status": "ok", "database": "ok"}
        finally:
            exit_code = _stop(process)
        assert exit_code is not None, f"slrt run ignored SIGTERM:\n{log.read_text()}"
        # Uvicorn shuts down gracefully, then re-raises the signal it caught, as Unix expects.
        assert exit_code in (0, -signal.SIGTERM), log.read_text()
        assert f"SLRT Intake on http://127.0.0.1:{port}/" in log.read_text()
        assert "Application shutdown complete." in log.read_text()


class TestHealthWhileSQLiteIsBeingWritten:
    """A long write (a registry import, the retention run) holds SQLite's write lock: the
    health check reads beside it instead of waiting and answering 503."""

    async def test_answers_200_while_another_connection_holds_the_write_lock(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "slrt.db"
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("CREATE TABLE long_import (n INTEGER)")
        try:
            app = create_app(_settings_for(f"sqlite+aiosqlite:///{path}", tmp_path))
            async for client in _client_for(app):
                response = await client.get("/healthz")
                # The app's own jobs wait for the lock too: let them go before it stops.
                writer.rollback()
        finally:
            writer.close()
        assert response.status_code == 200, response.text
