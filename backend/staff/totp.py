"""Two-factor sign-in: time-based codes (TOTP, RFC 6238) and one-time recovery codes.

The codes are those every authenticator app makes (pyotp): HMAC-SHA1 over
30-second steps, six digits. The secret is kept encrypted under DATA_KEY; a
code is accepted once (the step of the last one accepted is stored, and only a
later step passes), and a code of the step before or after is accepted too, for
a phone whose clock drifts. Ten recovery codes, shown once, stand in for the
phone; each works once and only its keyed hash is stored.

Supervisors and admins must have it (TWO_FACTOR_ROLES); for other roles it is
their choice. Wrong codes count in the sign-in throttle like wrong passwords.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import SYSTEM, Actor, ActorRole
from backend.audit.service import record_audit
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.security.crypto import Vault
from backend.staff import repository
from backend.staff.auth import LoginRefused, TooManyAttempts, revoke_all_credentials, staff_actor
from backend.staff.models import TWO_FACTOR_ROLES, StaffRecoveryCode, StaffUser
from backend.staff.throttle import SigninThrottle

PERIOD_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
ISSUER = "SLRT Kota Bogor"
# RFC 4226, section 4: a shared secret of at least 128 bits; new ones have 160.
MIN_SECRET_BITS = 128
RECOVERY_CODE_COUNT = 10
# Ten characters without look-alikes (no 0/o, 1/l/i): about 49 bits, read out as xxxxx-xxxxx.
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_RECOVERY_LENGTH = 10
_TOTP_CODE = re.compile(rf"^\d{{{DIGITS}}}$")

CODE_NEEDED = (
    "This account signs in with two factors: send the 6-digit code of the authenticator "
    "app, or one of the recovery codes, in the totp field"
)
CODE_WRONG = "The two-factor code is wrong or was already used"
CODES_HELD_BACK = (
    "Too many wrong two-factor codes for this account from this address; wait a few "
    "minutes and try again"
)


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """A second factor checked: how it was given ("totp", "recovery"), or why it was refused."""

    method: str | None
    refusal: LoginRefused | None = None


def new_secret() -> str:
    """A fresh random secret: 32 base32 characters, 160 bits."""
    return pyotp.random_base32()


def normalise_secret(text: str) -> str:
    """A base32 secret as typed (spaces, lower case, padding allowed); InvalidInput if unusable."""
    secret = re.sub(r"[\s=-]", "", text).upper()
    try:
        raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except (binascii.Error, ValueError):
        raise InvalidInput(
            "The TOTP secret is not base32 (A-Z, 2-7)", field="totp_secret"
        ) from None
    if len(raw) * 8 < MIN_SECRET_BITS:
        raise InvalidInput(
            f"The TOTP secret is too short: at least {MIN_SECRET_BITS} bits "
            f"({-(-MIN_SECRET_BITS // 5)} base32 characters)",
            field="totp_secret",
        )
    return secret


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=PERIOD_SECONDS).provisioning_uri(
        name=email, issuer_name=ISSUER
    )


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=PERIOD_SECONDS)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _recovery_hash(vault: Vault, code: str) -> str:
    # The look-up HMAC under DATA_KEY, with a prefix of its own: no NIK hash can collide.
    return vault.lookup_hash(f"staff-recovery-code/{code}")


def _normalise_recovery(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


async def _new_recovery_codes(
    session: AsyncSession, user: StaffUser, vault: Vault, now: datetime
) -> list[str]:
    await repository.delete_recovery_codes(session, user.id)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(
        StaffRecoveryCode(
            staff_user_id=user.id,
            code_hash=_recovery_hash(vault, _normalise_recovery(code)),
            created_at=now,
        )
        for code in codes
    )
    await session.flush()
    return codes


async def recovery_codes_left(session: AsyncSession, user: StaffUser) -> int:
    """How many unused recovery codes the account has."""
    return await repository.unused_recovery_codes(session, user.id)


def pending_secret(user: StaffUser, vault: Vault) -> str | None:
    """The secret of a set-up waiting for its first code, if one was started."""
    if user.totp_pending_secret is None:
        return None
    return vault.decrypt(bytes(user.totp_pending_secret))


async def check_code(
    session: AsyncSession,
    throttle: SigninThrottle,
    vault: Vault,
    user: StaffUser,
    code: str,
    *,
    now: datetime | None = None,
    ip_address: str | None = None,
) -> CodeCheck:
    """Checks a code of the account's authenticator app, or one of its recovery codes.

    Either is used up by a success. A failure counts in the sign-in throttle, so the
    code cannot be guessed faster than a password.
    """
    now = now or utcnow()
    wait = await throttle.address_wait(ip_address)
    if wait is not None:
        return CodeCheck(None, TooManyAttempts(wait))
    if await throttle.account_refuses(ip_address, user.email):
        return CodeCheck(None, LoginRefused(CODES_HELD_BACK))
    method = await _use_code(session, vault, user, code.strip(), now)
    if method is not None:
        return CodeCheck(method)
    await throttle.record_failure(ip_address, user.email)
    record_audit(
        session, staff_actor(user), "staff.second_factor_failed", "staff_user", user.id,
        ip_address=ip_address,
    )  # fmt: skip
    return CodeCheck(None, LoginRefused(CODE_WRONG))


async def _use_code(
    session: AsyncSession, vault: Vault, user: StaffUser, code: str, now: datetime
) -> str | None:
    if user.totp_secret is None:
        return None
    compact = code.replace(" ", "")
    if _TOTP_CODE.match(compact):
        step = _matching_step(vault.decrypt(bytes(user.totp_secret)), compact, now)
        if step is not None and await repository.advance_totp_step(session, user.id, step):
            user.totp_last_step = step
            return "totp"
        return None
    normalised = _normalise_recovery(code)
    if len(normalised) != _RECOVERY_LENGTH:
        return None
    if not await repository.use_recovery_code(
        session, user.id, _recovery_hash(vault, normalised), now
    ):
        return None
    record_audit(
        session, staff_actor(user), "staff.recovery_code_used", "staff_user", user.id,
        {"left": await repository.unused_recovery_codes(session, user.id)},
    )  # fmt: skip
    return "recovery"


def begin_set_up(user: StaffUser, vault: Vault) -> str:
    """Starts setting up an authenticator app (again): a new secret waits for its first code.

    While it waits, the app set up before (if any) keeps working.
    """
    secret = new_secret()
    user.totp_pending_secret = vault.encrypt(secret)
    return secret


async def finish_set_up(
    session: AsyncSession,
    user: StaffUser,
    vault: Vault,
    code: str,
    *,
    now: datetime | None = None,
    ip_address: str | None = None,
) -> list[str]:
    """Turns two factors on with the waiting secret once a code of it is right.

    Returns the new recovery codes, to be shown once; the earlier ones stop working.
    """
    now = now or utcnow()
    secret = pending_secret(user, vault)
    if secret is None:
        raise Conflict("No authenticator app is being set up; start again")
    step = _matching_step(secret, code.replace(" ", "").strip(), now)
    if step is None:
        raise InvalidInput(CODE_WRONG, field="code")
    renewal = user.two_factor_on
    _switch_on(user, vault, secret, now, step)
    record_audit(
        session, staff_actor(user), "staff.two_factor_on", "staff_user", user.id,
        {"new_device": renewal}, ip_address=ip_address,
    )  # fmt: skip
    return await _new_recovery_codes(session, user, vault, now)


def _switch_on(user: StaffUser, vault: Vault, secret: str, now: datetime, step: int | None) -> None:
    user.totp_secret = vault.encrypt(secret)
    user.totp_pending_secret = None
    user.totp_enabled_at = now
    user.totp_last_step = step


def set_up_with_secret(
    session: AsyncSession,
    user: StaffUser,
    vault: Vault,
    secret: str,
    *,
    now: datetime | None = None,
) -> None:
    """Turns two factors on with a secret the caller already holds (`slrt create-user`).

    Automation that made the secret computes the codes itself: no recovery codes.
    """
    _switch_on(user, vault, normalise_secret(secret), now or utcnow(), None)
    record_audit(
        session, SYSTEM, "staff.two_factor_on", "staff_user", user.id, {"by": "command line"}
    )


async def renew_recovery_codes(
    session: AsyncSession, user: StaffUser, vault: Vault, *, now: datetime | None = None
) -> list[str]:
    """A new set of recovery codes (the old ones stop working); call after `check_code`."""
    if not user.two_factor_on:
        raise Conflict("Two-factor sign-in is not on for this account")
    record_audit(session, staff_actor(user), "staff.recovery_codes_renewed", "staff_user", user.id)
    return await _new_recovery_codes(session, user, vault, now or utcnow())


async def turn_off(session: AsyncSession, user: StaffUser) -> None:
    """The account's owner turns two factors off (after `check_code`); not for roles that need it."""
    if user.role in TWO_FACTOR_ROLES:
        raise Forbidden(f"Two-factor sign-in is required for the {user.role.value} role")
    if not user.two_factor_on:
        raise Conflict("Two-factor sign-in is not on for this account")
    _clear(user)
    await repository.delete_recovery_codes(session, user.id)
    record_audit(session, staff_actor(user), "staff.two_factor_off", "staff_user", user.id)


def _clear(user: StaffUser) -> None:
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None


async def reset_two_factor(
    session: AsyncSession, user: StaffUser, actor: Actor, *, now: datetime | None = None
) -> int:
    """An administrator clears another account's two factors (a lost phone); audited.

    Every session and token of the account ends: its owner signs in with the password
    and, where the role needs it, sets up a new app before anything else.
    Returns how many sessions and tokens ended.
    """
    if actor.role != ActorRole.ADMIN:
        raise Forbidden("Only an administrator can reset two-factor sign-in")
    if actor.staff_id == user.id:
        # A stolen session must not be able to move the second factor to another phone.
        raise Forbidden("Another administrator must reset your own two-factor sign-in")
    was_on = user.two_factor_on
    _clear(user)
    await repository.delete_recovery_codes(session, user.id)
    record_audit(
        session, actor, "staff.two_factor_reset", "staff_user", user.id, {"was_on": was_on}
    )
    return await revoke_all_credentials(session, user.id, reason="two_factor_reset", now=now)
