"""Test set-up shared by every test: settings, databases on both backends, keys."""

from __future__ import annotations

import os

# Settings refuse placeholder secrets; tests get fixed, obviously fake ones.
os.environ.setdefault("SECRET_KEY", "test-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "test-data-key-0123456789-abcdefghijklmnopqr")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db import create_engine, create_session_factory
from backend.security.crypto import Vault
from tests.fixtures.database import (
    DatabaseTemplate,
    postgres_admin_url,
    postgres_required,
    postgres_unavailable_reason,
)

BACKENDS = ("sqlite", "postgresql")
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
    """The migrated and seeded SQLite template of this run."""
    return DatabaseTemplate.build_sqlite(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[DatabaseTemplate]:
    """The migrated and seeded PostgreSQL template database of this run."""
    template = DatabaseTemplate.build_postgres()
    yield template
    DatabaseTemplate.drop(template.url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "postgresql":
        _skip_or_fail_without_postgres(request.node.nodeid)
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh database of this test's own, migrated and seeded."""
    template_fixture = "sqlite_template" if backend == "sqlite" else "postgres_template"
    template: DatabaseTemplate = request.getfixturevalue(template_fixture)
    url = template.copy(tmp_path)
    yield url
    DatabaseTemplate.drop(url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at this test's database."""
    return Settings(database_url=database_url, files_dir=tmp_path / "files", _env_file=None)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on this test's database."""
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The session factory the services are called with."""
    return create_session_factory(engine)


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session; the test decides whether to commit."""
    async with sessions() as session:
        yield session


@pytest.fixture
def vault() -> Vault:
    """The vault under the test DATA_KEY."""
    return Vault(os.environ["DATA_KEY"])


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
