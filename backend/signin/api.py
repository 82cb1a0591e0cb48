"""Sign-in for the REST API: tokens, sign-out, who am I, password change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from backend.api.deps import Session, client_ip
from backend.api.errors import error_responses
from backend.db import unit_of_work
from backend.signin.deps import CurrentPrincipal
from backend.staff.auth import authenticate, issue_credential, revoke_credential
from backend.staff.models import CredentialKind, StaffUser
from backend.staff.schemas import MeOut, PasswordChangeIn, TokenOut
from backend.staff.service import change_password

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenOut,
    summary="Sign in and get a bearer token",
    responses=error_responses(401, 422),
)
async def token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenOut:
    """OAuth2 password flow: `username` is the staff email. The token lasts 8 hours.

    Five wrong passwords in a row lock the account for 15 minutes; the answer says until when.
    """
    # Its own unit of work: a refused attempt must still be committed (the lockout counts it).
    async with unit_of_work(request.app.state.sessions) as session:
        outcome = await authenticate(
            session, form.username, form.password, ip_address=client_ip(request)
        )
        issued = None
        if outcome.user is not None:
            issued = await issue_credential(
                session, outcome.user, CredentialKind.API_TOKEN,
                ip_address=client_ip(request), user_agent=request.headers.get("user-agent"),
            )  # fmt: skip
    if outcome.refusal is not None:
        raise outcome.refusal
    assert issued is not None  # a signed-in user always gets one
    return TokenOut(access_token=issued.token, expires_in=issued.expires_in)


@router.post(
    "/logout",
    status_code=204,
    summary="Sign out: the token stops working",
    responses=error_responses(401),
)
async def logout(session: Session, principal: CurrentPrincipal) -> Response:
    """Revokes the bearer token the request was made with."""
    await revoke_credential(session, principal.credential_id, reason="logout")
    return Response(status_code=204)


@router.get(
    "/me", response_model=MeOut, summary="Who the token belongs to", responses=error_responses(401)
)
async def me(principal: CurrentPrincipal) -> MeOut:
    """The signed-in staff member, their role and when the token expires."""
    return MeOut(
        id=principal.user_id, email=principal.email, full_name=principal.full_name,
        role=principal.role, facilitator_id=principal.facilitator_id,
        token_expires_at=principal.expires_at,
    )  # fmt: skip


@router.post(
    "/password",
    status_code=204,
    summary="Change your password; every token and session ends",
    responses=error_responses(401, 422),
)
async def password(
    session: Session, principal: CurrentPrincipal, body: PasswordChangeIn
) -> Response:
    """Checks the current password and sets the new one (10 characters or more).

    Every token and panel session of the account ends, this one too: sign in again.
    """
    user = await session.get_one(StaffUser, principal.user_id)
    await change_password(session, user, body.old_password, body.new_password)
    return Response(status_code=204)
