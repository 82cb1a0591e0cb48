"""Several worker processes, one scrape: counters add up across processes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import PROJECT_ROOT, Settings
from backend.observability.metrics import (
    MULTIPROCESS_VARIABLE,
    multiprocess_dir,
    prepare_multiprocess_dir,
    worker_exited,
)
from tests.backend.observability.scrape import sample, scrape
from tests.backend.panel.helpers import anonymous_client

# A worker: counts some sends the way the notifier does, then ends.
WORKER = """
import sys
from backend.observability.metrics import count_send
for _ in range(int(sys.argv[1])):
    count_send("telegram", "sent")
count_send("telegram", "rate_limited")
"""


def run_worker(sends: int, directory: Path) -> int:
    """Runs one worker process to its end; answers its process id."""
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(sends)],
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", MULTIPROCESS_VARIABLE: str(directory)},
    )
    assert worker.wait(timeout=60) == 0
    return worker.pid


@pytest.fixture
def shared_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory for the workers' counts, named in this process's environment."""
    directory = tmp_path / "metrics"
    monkeypatch.setenv(MULTIPROCESS_VARIABLE, "")  # restored after the test
    (directory / "stale").mkdir(parents=True)
    prepare_multiprocess_dir(directory)
    return directory


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    application = create_app(settings, sessions)
    yield application
    await application.state.engine.dispose()


class TestMultiprocessMode:
    """With PROMETHEUS_MULTIPROC_DIR, any worker's scrape shows every worker's counts."""

    def test_the_directory_starts_empty_and_is_named(self, shared_dir: Path) -> None:
        assert list(shared_dir.iterdir()) == []
        assert multiprocess_dir() == shared_dir.resolve()

    async def test_two_workers_counts_add_up_in_one_scrape(
        self, shared_dir: Path, app: FastAPI
    ) -> None:
        first = run_worker(3, shared_dir)
        run_worker(4, shared_dir)
        worker_exited(first)  # its counts stay: totals never go back

        async with anonymous_client(app) as client:
            exposition = await scrape(client)

        sent = {"channel": "telegram", "result": "sent"}
        assert sample(exposition, "slrt_notifier_sends_total", **sent) == 7
        limited = {"channel": "telegram", "result": "rate_limited"}
        assert sample(exposition, "slrt_notifier_sends_total", **limited) == 2
        assert sample(exposition, "slrt_database_up") == 1.0  # the database gauges beside them


async def test_without_the_directory_the_process_counts_alone(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MULTIPROCESS_VARIABLE, raising=False)
    async with anonymous_client(app) as client:
        exposition = await scrape(client)
    assert sample(exposition, "python_gc_objects_collected_total") is not None
