"""Fixtures of the API tests: the application on this test's database, and a client of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings
from tests.fixtures.postgres_proxy import postgres_behind_proxy, postgres_database_url  # noqa: F401  (fixtures)


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    """The application on this test's sessions; its lifespan (bot, notifier) is not run,
    so outbox rows stay put."""
    application = create_app(settings, sessions)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
def db(app: FastAPI) -> async_sessionmaker[AsyncSession]:
    """The application's own session factory, for setting up and checking rows."""
    return app.state.sessions


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the application, in process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
        yield client
