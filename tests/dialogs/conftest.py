"""Fixtures for the dialogs: an engine on this test's database and a chat with it."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from tests.fixtures.chat import ChatDriver


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    """The dialog services under the test data key."""
    return DialogServices(vault=vault)


@pytest.fixture
def dialog_engine(
    sessions: async_sessionmaker[AsyncSession], services: DialogServices
) -> DialogEngine:
    """An engine on this test's database."""
    return DialogEngine(sessions, services)


@pytest.fixture
def chat(dialog_engine: DialogEngine) -> ChatDriver:
    """A Telegram chat talking to the engine."""
    return ChatDriver(dialog_engine)
