"""The Alembic migrations build exactly the schema of the models, and take it down again."""

from __future__ import annotations

import ast
import asyncio
import os
import re
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url

from backend.config import PROJECT_ROOT
from backend.db import create_engine
from backend.migrate import alembic_config, downgrade, upgrade
from backend.models import Base
from backend.security.crypto import Vault
from tests.fixtures.database import _execute_admin, postgres_admin_url

VERSIONS_DIRECTORY = PROJECT_ROOT / "migrations" / "versions"
REVISION_FILE_NAME = re.compile(r"^(?P<date>\d{8})_\w+\.py$")
# Alembic's own bookkeeping table; it may outlive a downgrade to base.
ALEMBIC_TABLES = {"alembic_version"}


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of a database with no tables at all, of this test's own."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"slrt_migrations_{uuid.uuid4().hex[:12]}"
    asyncio.run(_execute_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_admin_url()).set(database=name).render_as_string(False)
    finally:
        asyncio.run(_execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _with_connection(database_url: str, work: Any) -> Any:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def table_names(database_url: str) -> set[str]:
    """The tables that exist in the database now."""
    return asyncio.run(_with_connection(database_url, _table_names))


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def schema_differences(database_url: str) -> list[Any]:
    """What `alembic revision --autogenerate` would write for the database now."""
    return asyncio.run(_with_connection(database_url, _schema_differences))


def _script_directory() -> ScriptDirectory:
    # The URL is never used: reading revisions needs no database.
    return ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite:///unused.db"))


def _revision_files() -> list[Path]:
    return sorted(path for path in VERSIONS_DIRECTORY.glob("*.py") if path.name != "__init__.py")


def _functions_defined_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


class TestUpgradeAndDowngrade:
    """Upgrading to head and downgrading to base round-trip on an empty database."""

    def test_upgrade_creates_every_table_of_the_models(self, empty_database_url: str) -> None:
        upgrade(empty_database_url)
        assert table_names(empty_database_url) == set(Base.metadata.tables) | ALEMBIC_TABLES

    def test_downgrade_to_base_leaves_no_application_table(self, empty_database_url: str) -> None:
        upgrade(empty_database_url)
        downgrade(empty_database_url, "base")
        assert table_names(empty_database_url) <= ALEMBIC_TABLES

    def test_upgrade_after_a_downgrade_builds_the_schema_again(
        self, empty_database_url: str
    ) -> None:
        upgrade(empty_database_url)
        downgrade(empty_database_url, "base")
        upgrade(empty_database_url)
        assert table_names(empty_database_url) == set(Base.metadata.tables) | ALEMBIC_TABLES
        assert schema_differences(empty_database_url) == []


class TestMigratedSchemaMatchesTheModels:
    """Autogenerate finds nothing to add: the revisions and the models agree."""

    def test_autogenerate_finds_no_difference_after_upgrade(self, empty_database_url: str) -> None:
        upgrade(empty_database_url)
        differences = schema_differences(empty_database_url)
        assert differences == [], "models and migrations disagree:\n" + "\n".join(
            map(repr, differences)
        )


class TestRevisionFiles:
    """Revision files are named by date and can be applied and undone."""

    def test_there_is_at_least_one_revision(self) -> None:
        assert _revision_files()

    @pytest.mark.parametrize("path", _revision_files(), ids=lambda path: path.name)
    def test_the_file_name_starts_with_a_real_date(self, path: Path) -> None:
        match = REVISION_FILE_NAME.match(path.name)
        assert match, f"{path.name} does not start with YYYYMMDD_"
        datetime.strptime(match["date"], "%Y%m%d")

    @pytest.mark.parametrize("path", _revision_files(), ids=lambda path: path.name)
    def test_the_file_defines_upgrade_and_downgrade(self, path: Path) -> None:
        assert {"upgrade", "downgrade"} <= _functions_defined_in(path)

    def test_every_revision_alembic_knows_lives_in_a_dated_file(self) -> None:
        for script in _script_directory().walk_revisions():
            assert REVISION_FILE_NAME.match(Path(script.path).name), script.path
            assert callable(script.module.upgrade) and callable(script.module.downgrade)


class TestRevisionChain:
    """The revisions form one line of history."""

    def test_there_is_a_single_head(self) -> None:
        assert len(_script_directory().get_heads()) == 1

    def test_there_is_a_single_base(self) -> None:
        assert len(_script_directory().get_bases()) == 1


def _rows_before_0009(connection: Connection) -> None:
    now = datetime(2026, 12, 1, 8, 0)
    connection.execute(text(
        "INSERT INTO citizens (id, full_name, address, language, created_at, updated_at)"
        " VALUES (1, 'Siti', 'Jl. Mawar, KK 3271 0112 3456 0006', 'id', :now, :now)"
    ), {"now": now})  # fmt: skip
    connection.execute(text(
        "INSERT INTO web_chat_messages (chat_id, direction, text, buttons, keyboard,"
        " remove_keyboard, created_at) VALUES ('c', 'out', 'NIK: 3271046501900001',"
        " '[]', '[]', false, :now)"
    ), {"now": now})  # fmt: skip
    connection.execute(text(
        "INSERT INTO conversations (channel, chat_id, data, language, recent_event_ids, version,"
        " created_at, updated_at) VALUES ('web', 'c', :data, 'id', '[]', 1, :now, :now)"
    ), {"data": '{"address": "rumah 3271046501900001"}', "now": now})  # fmt: skip
    connection.commit()


def _rows_after_0009(connection: Connection) -> dict[str, Any]:
    return {
        "address": connection.execute(text("SELECT address FROM citizens")).scalar_one(),
        "chat": connection.execute(text("SELECT text FROM web_chat_messages")).scalar_one(),
        "state": str(connection.execute(text("SELECT data FROM conversations")).scalar_one()),
        "mentions": connection.execute(
            text("SELECT citizen_id, source, ciphertext FROM identity_mentions")
        ).all(),
    }


class TestStoredNumbersMasked:
    """0009 masks numbers typed before the guard, keeping a case's encrypted, and seals chats."""

    def test_upgrade_masks_keeps_and_seals(self, empty_database_url: str) -> None:
        upgrade(empty_database_url, "0008")
        asyncio.run(_with_connection(empty_database_url, _rows_before_0009))
        upgrade(empty_database_url)
        after = asyncio.run(_with_connection(empty_database_url, _rows_after_0009))
        assert after["address"] == "Jl. Mawar, KK 3271********0006"
        assert after["chat"] == "NIK: 3271********0001"
        assert "sealed" in after["state"]
        assert "3271046501900001" not in after["state"]
        [(citizen_id, source, ciphertext)] = after["mentions"]
        vault = Vault(os.environ["DATA_KEY"])
        assert (citizen_id, source, vault.decrypt(bytes(ciphertext))) == (
            1, "citizens.address", "3271011234560006",
        )  # fmt: skip
        downgrade(empty_database_url, "0008")
        upgrade(empty_database_url)
