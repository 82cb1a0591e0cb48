"""Fixtures of the Open311 tests: the panel's application and browsers, and an issued key."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.backend.open311.helpers import IssuedForTest, issue_test_key
from tests.backend.panel.conftest import app, client, db, panel  # noqa: F401  (fixtures)
from tests.fixtures.smtp_server import smtp_server  # noqa: F401  (fixture)


@pytest.fixture
async def api_key(sessions: async_sessionmaker[AsyncSession]) -> IssuedForTest:
    """A live key of a made-up integrating system, issued by an admin (the app's sessions)."""
    return await issue_test_key(sessions)
