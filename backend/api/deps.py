"""What every API endpoint depends on: the request's transaction, the settings, the vault.

The caller behind a bearer token is resolved in backend/signin/deps.py.

The session dependency is function-scoped, so its unit of work commits when
the endpoint returns and before the response goes out: a client that reads
right after a 200 sees what it changed, and a failed commit is an error, not
a lie.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Settings
from backend.db import unit_of_work
from backend.security.crypto import Vault, vault_for


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request, committed once when the endpoint succeeds."""
    async with unit_of_work(request.app.state.sessions) as session:
        yield session


Session = Annotated[AsyncSession, Depends(db_session, scope="function")]


async def app_settings(request: Request) -> Settings:
    """The application's settings (async: a plain def would cost a thread hop per request)."""
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(app_settings)]


async def data_vault(settings: AppSettings) -> Vault:
    """The vault that decrypts NIK and KK and hashes them for look-up."""
    return vault_for(settings.data_key.get_secret_value())


DataVault = Annotated[Vault, Depends(data_vault)]


def client_ip(request: Request) -> str | None:
    """The caller's address, for the audit log."""
    return request.client.host if request.client else None
