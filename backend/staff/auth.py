"""Signing staff in: passwords with a lockout, and the sessions and tokens that follow.

The panel keeps a session (a cookie, with a CSRF secret) and the REST API a
bearer token; both are random tokens of which only the SHA-256 is stored, so a
copy of the database cannot be used to sign in. Services never commit: a
refused sign-in is returned, not raised, so the caller can commit the failed
attempt (the lockout counter) before answering 401.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.clock import LOCAL_ZONE, utcnow
from backend.errors import DomainError
from backend.security.passwords import hash_password, needs_rehash, verify_password
from backend.staff import repository
from backend.staff.models import CredentialKind, StaffCredential, StaffUser

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
API_TOKEN_LIFETIME = timedelta(hours=8)
# A panel session ends after an hour without use, and after a working day in any case.
SESSION_IDLE_TIMEOUT = timedelta(hours=1)
SESSION_MAX_AGE = timedelta(hours=12)
# Sliding a session's expiry writes a row; do it at most once a minute per session.
_TOUCH_INTERVAL = timedelta(minutes=1)
_TOKEN_BYTES = 32
WRONG_CREDENTIALS = "Wrong email or password"


class NotAuthenticated(DomainError):
    """No valid session or token: sign in (again)."""

    status_code = 401


class LoginRefused(NotAuthenticated):
    """The email and password did not sign anyone in; the message says why."""


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """A sign-in attempt: the user, or why it was refused (commit either way)."""

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


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored; the token has 256 random bits, so no salt is needed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def staff_actor(user: StaffUser) -> Actor:
    """The actor of a staff user when no facilitator link matters (audit of sign-ins)."""
    return Actor(ActorRole(user.role.value), staff_id=user.id)


async def authenticate(
    session: AsyncSession,
    email: str,
    password: str,
    *,
    now: datetime | None = None,
    ip_address: str | None = None,
) -> LoginOutcome:
    """Checks an email and password, counting failures and locking after too many."""
    now = now or utcnow()
    # Locked row: parallel attempts are counted one after the other, none is lost.
    user = await repository.get_user_by_email(session, email.strip().lower(), for_update=True)
    if user is None:
        # Hashing anyway, so the answer's timing does not tell who has an account.
        verify_password(_dummy_hash(), password)
        return LoginOutcome(None, LoginRefused(WRONG_CREDENTIALS))
    if user.locked_until is not None and user.locked_until > now:
        # The password is not even checked: a locked account cannot be guessed at.
        return LoginOutcome(None, LoginRefused(_locked_message(user.locked_until, now)))
    if not verify_password(user.password_hash, password):
        return LoginOutcome(None, _count_failure(session, user, now, ip_address))
    if not user.is_active:
        return LoginOutcome(
            None, LoginRefused("This account is deactivated; ask an administrator to reactivate it")
        )
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record_audit(
        session, staff_actor(user), "staff.login", "staff_user", user.id, ip_address=ip_address
    )
    return LoginOutcome(user)


@cache
def _dummy_hash() -> str:
    return hash_password("not-anybody's-password")


def _count_failure(
    session: AsyncSession, user: StaffUser, now: datetime, ip_address: str | None
) -> LoginRefused:
    user.failed_logins = (user.failed_logins or 0) + 1
    actor = staff_actor(user)
    record_audit(
        session, actor, "staff.login_failed", "staff_user", user.id,
        {"failed_logins": user.failed_logins}, ip_address=ip_address,
    )  # fmt: skip
    if user.failed_logins < MAX_FAILED_LOGINS:
        return LoginRefused(WRONG_CREDENTIALS)
    # The counter starts again, so after the lock another run of failures is needed.
    user.failed_logins = 0
    user.locked_until = now + LOCKOUT
    record_audit(
        session, actor, "staff.locked", "staff_user", user.id,
        {"until": user.locked_until.isoformat()}, ip_address=ip_address,
    )  # fmt: skip
    return LoginRefused(_locked_message(user.locked_until, now))


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return (
        f"This account is locked after {MAX_FAILED_LOGINS} failed sign-ins; try again after "
        f"{until.astimezone(LOCAL_ZONE):%H:%M} WIB (in {minutes} min) or ask an administrator "
        "to unlock it"
    )


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
    lifetime = API_TOKEN_LIFETIME if kind == CredentialKind.API_TOKEN else SESSION_IDLE_TIMEOUT
    credential = StaffCredential(
        staff_user_id=user.id,
        kind=kind,
        token_hash=token_hash(token),
        csrf_secret=secrets.token_hex(32) if kind == CredentialKind.SESSION else None,
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
    noun = "session" if kind == CredentialKind.SESSION else "token"
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
