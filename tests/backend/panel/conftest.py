"""Fixtures of the panel tests: the application, and staff signed in to it in their own browsers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings
from backend.staff.models import Role
from tests.backend.panel.helpers import PanelUser, anonymous_client, sign_in_to_panel
from tests.fixtures.smtp_server import smtp_server  # noqa: F401  (fixture: the failed emails page)

SignIn = Callable[..., Awaitable[PanelUser]]


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
    """A browser with no session."""
    async with anonymous_client(app) as client:
        yield client


@pytest.fixture
async def panel(app: FastAPI, db: async_sessionmaker[AsyncSession]) -> AsyncIterator[SignIn]:
    """Signs a new account of a role in, in a browser of its own: panel(Role.BACK_OFFICE)."""
    users: list[PanelUser] = []

    async def sign_in(role: Role, *, facilitator_id: int | None = None) -> PanelUser:
        user = await sign_in_to_panel(app, db, role, facilitator_id=facilitator_id)
        users.append(user)
        return user

    yield sign_in
    for user in users:
        await user.client.aclose()
