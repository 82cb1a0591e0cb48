"""Test set-up shared by every test: settings, databases on both backends, keys."""

from __future__ import annotations

import os

# Settings refuse placeholder secrets; tests get fixed, obviously fake ones.
os.environ.setdefault("SECRET_KEY", "test-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "test-data-key-0123456789-abcdefghijklmnopqr")
# Thousands of sign-ins: argon2's cheapest parameters (tests/backend/security checks the real ones).
os.environ.setdefault("SLRT_FAST_PASSWORD_HASHES_FOR_TESTS", "1")
# Small pools for the services the tests start, in process or as `slrt` processes (which
# inherit this environment; the benchmarks do not): a copy of the suite runs up to four
# services at once, and two copies on one machine must stay under PostgreSQL's 100
# connections. With the default 5 + 10 each, two copies ran out of them.
os.environ.setdefault("DATABASE_POOL_SIZE", "3")
os.environ.setdefault("DATABASE_MAX_OVERFLOW", "3")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)

from backend.casefiles.identity_mentions import VAULT_INFO_KEY
from backend.config import Settings
from backend.db import create_engine, create_session_factory
from backend.security.crypto import Vault, vault_for
from tests.fixtures import route_analysis, scheduling
from tests.fixtures.database import (
    DatabaseTemplate,
    postgres_admin_url,
    postgres_required,
    postgres_unavailable_reason,
    rolled_back_connection,
    savepoint_sessions,
)

BACKENDS = ("sqlite", "postgresql")

# `fast` for every run, the same examples each time (a random draw once in a while never
# submitted a summary in the dialog fuzzer: a test that fails by chance teaches nothing);
# HYPOTHESIS_PROFILE=thorough for a nightly run that digs deeper, with fresh examples.
hypothesis_settings.register_profile(
    "fast", max_examples=25, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
hypothesis_settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
# Thousands of applications a worker: each route analysed once (tests/fixtures/route_analysis.py).
route_analysis.install()
_skipped_for_postgres: list[str] = []


def _skip_or_fail_without_postgres(nodeid: str) -> None:
    reason = postgres_unavailable_reason()
    if reason is None:
        return
    if postgres_required():
        pytest.fail(f"{reason} (SLRT_REQUIRE_POSTGRES is set, so this is a failure)")
    _skipped_for_postgres.append(nodeid)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> DatabaseTemplate:
    """This worker's migrated and seeded SQLite template."""
    return DatabaseTemplate.build_sqlite(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[DatabaseTemplate]:
    """This worker's migrated and seeded PostgreSQL template database."""
    template = DatabaseTemplate.build_postgres()
    yield template
    DatabaseTemplate.drop(template.url)


def _template(request: pytest.FixtureRequest, backend: str) -> DatabaseTemplate:
    name = "sqlite_template" if backend == "sqlite" else "postgres_template"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def shared_sqlite_url(
    sqlite_template: DatabaseTemplate, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """This worker's SQLite database for tests that roll back."""
    return sqlite_template.copy(tmp_path_factory.mktemp("sqlite-shared"))


@pytest.fixture(scope="session")
def shared_postgresql_url(postgres_template: DatabaseTemplate) -> Iterator[str]:
    """This worker's PostgreSQL database for tests that roll back."""
    url = postgres_template.copy(Path())
    yield url
    DatabaseTemplate.drop(url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "postgresql":
        _skip_or_fail_without_postgres(request.node.nodeid)
    return request.param


def uses_own_database(request: pytest.FixtureRequest) -> bool:
    """Whether this test commits for real on a database of its own.

    A test that asks for `database_url` or `engine` (directly or through another
    fixture) hands the database to code that opens its own connections: a service,
    a notifier, a subprocess. So does a test marked `own_database` (races between
    connections). Every other test runs in a transaction that is rolled back.
    """
    return "database_url" in request.fixturenames or (
        request.node.get_closest_marker("own_database") is not None
    )


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database of this test's own, migrated and seeded, where commits are real."""
    url = _template(request, backend).copy(tmp_path)
    yield url
    DatabaseTemplate.drop(url)


@pytest.fixture
def test_database_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The database this test works on: its own, or its worker's shared one."""
    if uses_own_database(request):
        return request.getfixturevalue("database_url")
    return request.getfixturevalue(f"shared_{backend}_url")


@pytest.fixture
def settings(test_database_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at this test's database."""
    return Settings(database_url=test_database_url, files_dir=tmp_path / "files", _env_file=None)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on this test's own database."""
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def rollback_connection(test_database_url: str) -> AsyncIterator[AsyncConnection]:
    """The connection of a rolled-back test: one transaction, undone when the test ends."""
    async with rolled_back_connection(test_database_url) as connection:
        yield connection


@pytest.fixture
def sessions(
    test_database_url: str, request: pytest.FixtureRequest
) -> async_sessionmaker[AsyncSession]:
    """The session factory the services are called with, on this test's database."""
    # Like the service's sessions, they keep identity numbers typed in a case's text.
    info = {VAULT_INFO_KEY: vault_for(os.environ["DATA_KEY"])}
    if uses_own_database(request):
        return create_session_factory(request.getfixturevalue("engine"), info=info)
    return savepoint_sessions(request.getfixturevalue("rollback_connection"), info=info)


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session; the test decides whether to commit."""
    async with sessions() as session:
        yield session


@pytest.fixture
def vault() -> Vault:
    """The vault under the test DATA_KEY."""
    return Vault(os.environ["DATA_KEY"])


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Tells each xdist worker which scheduler hands out the tests (workers are not told)."""
    node.workerinput["scheduler"] = node.config.getoption("dist")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long-running tests first; under `worksteal`, dealt to the start of each worker's share
    (tests/fixtures/scheduling.py)."""
    worker = getattr(config, "workerinput", {})
    workers = worker["workercount"] if worker.get("scheduler") == "worksteal" else 1
    items[:] = scheduling.spread(items, workers)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Says plainly when the PostgreSQL half of the suite did not run."""
    if _skipped_for_postgres:
        terminalreporter.write_sep("!", "PostgreSQL tests skipped", yellow=True)
        terminalreporter.write_line(
            f"{len(_skipped_for_postgres)} tests did not run on PostgreSQL: "
            f"{postgres_unavailable_reason()}"
        )
        terminalreporter.write_line(
            f"Start PostgreSQL or set TEST_POSTGRES_URL (now {postgres_admin_url()}); "
            "set SLRT_REQUIRE_POSTGRES=1 to make this a failure."
        )
