"""Fixtures of the registry tests: an import run the way the command runs it, and the panel's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import SYSTEM
from backend.db import unit_of_work
from backend.registry.importer import ImportReport, import_registry
from backend.security.crypto import Vault
from tests.backend.panel.conftest import app, client, db, panel  # noqa: F401  (the panel's fixtures)
from tests.dialogs.conftest import chat, dialog_engine, services  # noqa: F401  (a chat with the engine)

ImportFile = Callable[..., Awaitable[ImportReport]]


@pytest.fixture
def import_file(sessions: async_sessionmaker[AsyncSession], vault: Vault) -> ImportFile:
    """Imports a file in one committed transaction, as `slrt import-registry` does."""

    async def run(path: Path, **options: Any) -> ImportReport:
        async with unit_of_work(sessions) as session:
            return await import_registry(session, vault, path, actor=SYSTEM, **options)

    return run
