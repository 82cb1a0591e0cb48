"""Who calls the REST API: the staff member behind the request's bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from backend.actors import Actor
from backend.api.deps import Session
from backend.signin.principal import Principal, resolve_credential
from backend.staff.models import CredentialKind
from backend.staff.throttle import SigninThrottle

TOKEN_URL = "/api/v1/auth/token"

bearer = OAuth2PasswordBearer(
    tokenUrl=TOKEN_URL,
    auto_error=False,
    description="Staff sign in with their email as username; the token lasts 8 hours.",
)


async def current_principal(
    session: Session, token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    """The staff member whose bearer token came with the request (401 otherwise)."""
    return await resolve_credential(session, token, CredentialKind.API_TOKEN)


CurrentPrincipal = Annotated[Principal, Depends(current_principal, scope="function")]


async def current_actor(principal: CurrentPrincipal) -> Actor:
    """The caller as the lifecycle and the audit log know them."""
    return principal.actor


CurrentActor = Annotated[Actor, Depends(current_actor, scope="function")]


def signin_throttle(request: Request) -> SigninThrottle:
    """The application's sign-in throttle, shared by the panel and the API.

    Made on first use from RATE_LIMIT_STORAGE (no await between the look and the set,
    so two requests cannot make two); a test may put one with short windows in first.
    """
    state = request.app.state
    throttle = getattr(state, "signin_throttle", None)
    if throttle is None:
        throttle = state.signin_throttle = SigninThrottle(state.settings.rate_limit_storage)
    return throttle


Throttle = Annotated[SigninThrottle, Depends(signin_throttle)]
