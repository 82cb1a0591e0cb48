"""Signing staff in: passwords, the sign-in throttle, and the sessions and tokens that follow.

The panel keeps a session (a cookie, with a CSRF secret) and the REST API a
bearer token; both are random tokens of which only the SHA-256 is stored, so a
copy of the database cannot be used to sign in. Services never commit: a
refused sign-in is returned, not raised, so the caller can commit the audit
record of the failure before answering.

Every refusal that depends on the email (unknown, wrong password, deactivated,
held back by the account's throttle) is one answer, WRONG_CREDENTIALS, after
the same work: one argon2 verification, against a dummy hash when there is no
such account. So neither the words nor the time tell which emails are accounts.
Only a refusal that depends on the client address alone says so (429).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.clock import utcnow
from backend.errors import DomainError
from backend.security.passwords import hash_password, needs_rehash, verify_password
from backend.security.tokens import token_hash
from backend.staff import repository
from backend.staff.models import CredentialKind, Role, StaffCredential, StaffUser
from backend.staff.throttle import SigninThrottle

API_TOKEN_LIFETIME = timedelta(hours=8)
# A panel session ends after an hour without use, and after a working day in any case.
SESSION_IDLE_TIMEOUT = timedelta(hours=1)
SESSION_MAX_AGE = timedelta(hours=12)
# Between the right password and the two-factor code on the panel's sign-in.
SECOND_FACTOR_TIMEOUT = timedelta(minutes=5)
_LIFETIMES = {
    CredentialKind.API_TOKEN: API_TOKEN_LIFETIME,
    CredentialKind.SESSION: SESSION_IDLE_TIMEOUT,
    CredentialKind.SECOND_FACTOR: SECOND_FACTOR_TIMEOUT,
}
_NOUNS = {
    CredentialKind.API_TOKEN: "token",
    CredentialKind.SESSION: "session",
    CredentialKind.SECOND_FACTOR: "sign-in",
}
# Sliding a session's expiry writes a row; do it at most once a minute per session.
_TOUCH_INTERVAL = timedelta(minutes=1)
_TOKEN_BYTES = 32
WRONG_CREDENTIALS = "Wrong email or password"
TWO_FACTOR_SETUP_NEEDED = (
    "Two-factor sign-in is required for the {role} role: set it up in the panel "
    "(/panel/two-factor) before using the API"
)

PASSWORD_CHANGE_NEEDED = (
    "The password of this account was set by an administrator: change it in the panel "
    "(/panel/password) before using the API"
)


class NotAuthenticated(DomainError):
    """No valid session or token: sign in (again)."""

    status_code = 401


class LoginRefused(NotAuthenticated):
    """The sign-in was refused; the message says what the caller may be told."""


class TooManyAttempts(LoginRefused):
    """Too many failed sign-ins from this address: wait `retry_after` seconds (429)."""

    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many failed sign-ins from this address; try again in {retry_after} seconds"
        )
        self.retry_after = retry_after


class TwoFactorSetupNeeded(DomainError):
    """The password was right, but the role needs two factors and none are set up (403)."""

    status_code = 403

    def __init__(self, role: Role) -> None:
        super().__init__(TWO_FACTOR_SETUP_NEEDED.format(role=role.value))


class PasswordChangeNeeded(DomainError):
    """The password was right, but an administrator set it and it is not changed yet (403)."""

    status_code = 403

    def __init__(self) -> None:
        super().__init__(PASSWORD_CHANGE_NEEDED)


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """A password check: the account whose password it was, or why it was refused.

    A right password is not yet a sign-in: the caller asks for the second factor
    when the account has one, then calls `signed_in`.
    """

    user: StaffUser | None
    refusal: LoginRefused | None = None


@dataclass(frozen=True, slots=True)
class IssuedCredential:
    """A new session or token: the raw token is shown once and never stored."""

    token: str
    credential: StaffCredential

    @property
    def expires_in(self) -> int:
        """Seconds until it expires, from its creation."""
        return int((self.credential.expires_at - self.credential.created_at).total_seconds())


def staff_actor(user: StaffUser) -> Actor:
    """The actor of a staff user when no facilitator link matters (audit of sign-ins)."""
    return Actor(ActorRole(user.role.value), staff_id=user.id)


async def check_password(
    session: AsyncSession,
    throttle: SigninThrottle,
    email: str,
    password: str,
    *,
    ip_address: str | None = None,
) -> LoginOutcome:
    """The first step of a sign-in: the address's throttle, then the email and password.

    Exactly one argon2 verification runs for every email that gets this far, known
    or not, and every refusal that depends on the email is WRONG_CREDENTIALS.
    """
    wait = await throttle.address_wait(ip_address)
    if wait is not None:
        # Depends on the address alone (no account is looked at): it tells nothing.
        return LoginOutcome(None, TooManyAttempts(wait))
    email = email.strip().lower()
    user = await repository.get_user_by_email(session, email)
    password_ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    held_back = await throttle.account_refuses(ip_address, email)
    if user is not None and user.is_active and password_ok and not held_back:
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return LoginOutcome(user)
    if not (user is not None and user.is_active and password_ok):
        # A right password held back is not counted: its owner would only wait longer.
        await throttle.record_failure(ip_address, email)
    if user is not None:
        reason = (
            "deactivated" if not user.is_active
            else "held_back" if held_back
            else "wrong_password"
        )  # fmt: skip
        record_audit(
            session, staff_actor(user), "staff.login_failed", "staff_user", user.id,
            {"reason": reason}, ip_address=ip_address,
        )  # fmt: skip
    return LoginOutcome(None, LoginRefused(WRONG_CREDENTIALS))


@cache
def _dummy_hash() -> str:
    return hash_password("not-anybody's-password")


async def signed_in(
    session: AsyncSession,
    throttle: SigninThrottle,
    user: StaffUser,
    *,
    now: datetime | None = None,
    ip_address: str | None = None,
    second_factor: str | None = None,
) -> None:
    """Records a finished sign-in (password, and the code when the account has one).

    Only now are this address's failures on the account forgotten: a right password
    alone must not clear the count, or the code could be guessed without end.
    """
    user.last_login_at = now or utcnow()
    detail = {"second_factor": second_factor} if second_factor else None
    record_audit(
        session, staff_actor(user), "staff.login", "staff_user", user.id, detail,
        ip_address=ip_address,
    )  # fmt: skip
    await throttle.record_success(ip_address, user.email)


async def issue_credential(
    session: AsyncSession,
    user: StaffUser,
    kind: CredentialKind,
    *,
    now: datetime | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> IssuedCredential:
    """Starts a panel session or an API token for a signed-in user."""
    now = now or utcnow()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    lifetime = _LIFETIMES[kind]
    credential = StaffCredential(
        staff_user_id=user.id,
        kind=kind,
        token_hash=token_hash(token),
        csrf_secret=None if kind == CredentialKind.API_TOKEN else secrets.token_hex(32),
        created_at=now,
        expires_at=now + lifetime,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:255] or None,
    )
    session.add(credential)
    await session.flush()
    return IssuedCredential(token, credential)


async def check_credential(
    session: AsyncSession, token: str | None, kind: CredentialKind, *, now: datetime
) -> tuple[StaffCredential, StaffUser]:
    """The live credential behind a session cookie or bearer token, with its user.

    Raises NotAuthenticated when there is none; a session's expiry slides with its use.
    """
    noun = _NOUNS[kind]
    if not token:
        raise NotAuthenticated(f"Sign in first: no {noun} was sent")
    found = await repository.get_credential(session, token_hash(token), kind)
    if found is None:
        raise NotAuthenticated(f"The {noun} is not valid; sign in again")
    credential, user = found
    if credential.revoked_at is not None:
        raise NotAuthenticated(f"The {noun} was ended ({credential.revoked_reason}); sign in again")
    if credential.expires_at <= now:
        raise NotAuthenticated(f"The {noun} has expired; sign in again")
    if not user.is_active:
        raise NotAuthenticated("This account is deactivated; ask an administrator")
    if kind == CredentialKind.API_TOKEN and user.must_set_up_two_factor:
        # Its role came to need two factors after the token was issued.
        raise NotAuthenticated(TWO_FACTOR_SETUP_NEEDED.format(role=user.role.value))
    if kind == CredentialKind.API_TOKEN and user.password_must_change:
        raise NotAuthenticated(PASSWORD_CHANGE_NEEDED)
    if kind == CredentialKind.SESSION:
        _slide_session(credential, now)
    return credential, user


def _slide_session(credential: StaffCredential, now: datetime) -> None:
    if credential.last_used_at is not None and now - credential.last_used_at < _TOUCH_INTERVAL:
        return
    credential.last_used_at = now
    credential.expires_at = min(now + SESSION_IDLE_TIMEOUT, credential.created_at + SESSION_MAX_AGE)


async def revoke_credential(
    session: AsyncSession,
    credential_id: int,
    *,
    reason: str = "logout",
    now: datetime | None = None,
) -> None:
    """Ends one session or token (sign-out)."""
    credential = await session.get_one(StaffCredential, credential_id)
    if credential.revoked_at is None:
        credential.revoked_at = now or utcnow()
        credential.revoked_reason = reason


async def revoke_all_credentials(
    session: AsyncSession, user_id: int, *, reason: str, now: datetime | None = None
) -> int:
    """Ends every session and token of a user; returns how many were still live."""
    return await repository.revoke_credentials_of(session, user_id, reason, now or utcnow())
