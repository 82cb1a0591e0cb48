"""Sign-in for the REST API: tokens, sign-out, who am I, password change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.deps import DataVault, Session, client_ip
from backend.api.errors import error_responses
from backend.db import unit_of_work
from backend.errors import DomainError
from backend.security.crypto import Vault
from backend.signin.deps import CurrentPrincipal, Throttle
from backend.staff.areas import area_codes_of
from backend.staff.auth import (
    IssuedCredential,
    LoginRefused,
    PasswordChangeNeeded,
    TooManyAttempts,
    TwoFactorSetupNeeded,
    check_password,
    issue_credential,
    revoke_credential,
    signed_in,
)
from backend.staff.models import CredentialKind, StaffUser
from backend.staff.schemas import MeOut, PasswordChangeIn, TokenOut
from backend.staff.service import change_password
from backend.staff.throttle import SigninThrottle
from backend.staff.totp import CODE_NEEDED, check_code

router = APIRouter(prefix="/auth", tags=["auth"])
TotpField = Annotated[
    str | None,
    Form(
        description="The 6-digit code of the authenticator app, or a recovery code: required "
        "for accounts with two-factor sign-in (every supervisor and admin)",
        max_length=64,
    ),
]


@router.post(
    "/token",
    response_model=TokenOut,
    summary="Sign in and get a bearer token",
    responses=error_responses(401, 403, 422, 429),
)
async def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    throttle: Throttle,
    vault: DataVault,
    totp: TotpField = None,
) -> TokenOut:
    """OAuth2 password flow: `username` is the staff email, `totp` the two-factor code.

    The token lasts 8 hours. A wrong email, password or deactivated account answers
    the same 401; too many failed sign-ins from one address answer 429 with
    Retry-After. Supervisors and admins must have set up two-factor sign-in in the
    panel (403 until then), and a password set by an administrator must first be
    changed in the panel (403 until then).
    """
    # Its own unit of work: a refused attempt's audit record must be committed too.
    async with unit_of_work(request.app.state.sessions) as session:
        refusal, issued = await _sign_in(
            session, throttle, vault, form.username, form.password, totp, client_ip(request),
            request.headers.get("user-agent"),
        )  # fmt: skip
    if isinstance(refusal, TooManyAttempts):
        headers = {"Retry-After": str(refusal.retry_after)}
        raise HTTPException(429, refusal.message, headers=headers)
    if refusal is not None:
        raise refusal
    assert issued is not None  # a signed-in user always gets one
    return TokenOut(access_token=issued.token, expires_in=issued.expires_in)


async def _sign_in(
    session: AsyncSession, throttle: SigninThrottle, vault: Vault, email: str, password: str,
    code: str | None, address: str | None, user_agent: str | None,
) -> tuple[DomainError | None, IssuedCredential | None]:  # fmt: skip
    outcome = await check_password(session, throttle, email, password, ip_address=address)
    if outcome.user is None:
        return outcome.refusal, None
    user: StaffUser = outcome.user
    method = None
    if user.two_factor_on:
        if not code:
            return LoginRefused(CODE_NEEDED), None
        check = await check_code(session, throttle, vault, user, code, ip_address=address)
        if check.refusal is not None:
            return check.refusal, None
        method = check.method
    elif user.must_set_up_two_factor:
        return TwoFactorSetupNeeded(user.role), None
    if user.password_must_change:
        # Someone else knows this password; the panel's password page replaces it.
        return PasswordChangeNeeded(), None
    await signed_in(session, throttle, user, ip_address=address, second_factor=method)
    issued = await issue_credential(
        session, user, CredentialKind.API_TOKEN, ip_address=address, user_agent=user_agent
    )
    return None, issued


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
async def me(principal: CurrentPrincipal, session: Session) -> MeOut:
    """The signed-in staff member, their role, their areas and when the token expires."""
    return MeOut(
        id=principal.user_id, email=principal.email, full_name=principal.full_name,
        role=principal.role, facilitator_id=principal.facilitator_id,
        token_expires_at=principal.expires_at,
        areas=await area_codes_of(session, principal.user_id),
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
