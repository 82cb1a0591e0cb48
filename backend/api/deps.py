"""What every API endpoint depends on: the request's transaction, the caller, the vault.

The session dependency is function-scoped, so its unit of work commits when
the endpoint returns and before the response goes out: a client that reads
right after a 200 sees what it changed, and a failed commit is an error, not
a lie.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.config import Settings
from backend.db import unit_of_work
from backend.security.crypto import Vault, vault_for
from backend.staff.auth import Principal, resolve_credential
from backend.staff.models import CredentialKind

TOKEN_URL = "/api/v1/auth/token"

bearer = OAuth2PasswordBearer(
    tokenUrl=TOKEN_URL,
    auto_error=False,
    description="Staff sign in with their email as username; the token lasts 8 hours.",
)


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request, committed once when the endpoint succeeds."""
    async with unit_of_work(request.app.state.sessions) as session:
        yield session


Session = Annotated[AsyncSession, Depends(db_session, scope="function")]


async def current_principal(
    session: Session, token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    """The staff member whose bearer token came with the request (401 otherwise)."""
    return await resolve_credential(session, token, CredentialKind.API_TOKEN)


CurrentPrincipal = Annotated[Principal, Depends(current_principal, scope="function")]


def current_actor(principal: CurrentPrincipal) -> Actor:
    """The caller as the lifecycle and the audit log know them."""
    return principal.actor


CurrentActor = Annotated[Actor, Depends(current_actor, scope="function")]


def app_settings(request: Request) -> Settings:
    """The application's settings."""
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(app_settings)]


def data_vault(settings: AppSettings) -> Vault:
    """The vault that decrypts NIK and KK and hashes them for look-up."""
    return vault_for(settings.data_key.get_secret_value())


DataVault = Annotated[Vault, Depends(data_vault)]


def client_ip(request: Request) -> str | None:
    """The caller's address, for the audit log."""
    return request.client.host if request.client else None
