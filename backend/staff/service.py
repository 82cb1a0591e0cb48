"""Staff accounts: creation, passwords, roles and deactivation."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.security.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from backend.staff.auth import revoke_all_credentials, staff_actor
from backend.staff.models import Role, StaffUser

# Roles an administrator gives in the panel; a facilitator account comes with its
# facilitator record (slrt invite-facilitator), which links the account to its cases.
OFFICE_ROLES = (Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN)
MAX_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254


class EmailTaken(Conflict):
    """Another account already signs in with this email."""


class AccountGuard(Conflict):
    """A change refused because it would lock the office out of its own administration.

    `reason` is "self" (an admin changing their own role or deactivating themself)
    or "last_admin" (the change would leave no active administrator).
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def generate_password() -> str:
    """A random password of 16 URL-safe characters, for an administrator to hand over."""
    return secrets.token_urlsafe(12)


def _normalise_email(email: str) -> str:
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email:
        raise InvalidInput(f"'{email}' is not an email address", field="email")
    return email


async def create_staff_user(
    session: AsyncSession, *, email: str, full_name: str, role: Role, password: str
) -> StaffUser:
    """Creates a panel account with an argon2 password hash."""
    email = _normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if not full_name.strip():
        raise InvalidInput("A name is required", field="full_name")
    taken = await session.scalar(select(StaffUser.id).where(StaffUser.email == email))
    if taken is not None:
        raise EmailTaken(f"A user with the email {email} already exists")
    user = StaffUser(
        email=email, full_name=full_name.strip(), role=role, password_hash=hash_password(password)
    )
    session.add(user)
    await session.flush()
    return user


async def count_staff_users(session: AsyncSession) -> int:
    """How many staff accounts exist."""
    return (await session.execute(select(func.count()).select_from(StaffUser))).scalar_one()


async def change_password(
    session: AsyncSession,
    user: StaffUser,
    old_password: str,
    new_password: str,
    *,
    now: datetime | None = None,
) -> int:
    """Sets a new password after checking the old one; every session and token ends.

    Returns how many sessions and tokens were ended; the caller signs the user in
    again if it wants to keep them working (the panel does, with a fresh session).
    """
    if not verify_password(user.password_hash, old_password):
        raise InvalidInput("The current password is wrong", field="old_password")
    _check_new_password(new_password)
    if verify_password(user.password_hash, new_password):
        raise InvalidInput(
            "The new password must differ from the current one", field="new_password"
        )
    user.password_hash = hash_password(new_password)
    user.password_must_change = False
    record_audit(session, staff_actor(user), "staff.password_changed", "staff_user", user.id)
    return await revoke_all_credentials(session, user.id, reason="password_changed", now=now)


async def set_active(
    session: AsyncSession,
    user: StaffUser,
    active: bool,
    actor: Actor,
    *,
    now: datetime | None = None,
) -> None:
    """Deactivates an account (ending its sessions and tokens) or reactivates it; admins only."""
    if actor.role != ActorRole.ADMIN:
        raise Forbidden("Only an administrator can deactivate or reactivate accounts")
    if not active and actor.staff_id == user.id:
        raise AccountGuard("You cannot deactivate your own account", reason="self")
    if not active and user.role == Role.ADMIN and user.is_active:
        await _ensure_another_admin(session, user)
    user.is_active = active
    record_audit(
        session, actor, "staff.activated" if active else "staff.deactivated", "staff_user", user.id
    )
    if not active:
        await revoke_all_credentials(session, user.id, reason="deactivated", now=now)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters", field="new_password"
        )


def _require_admin(actor: Actor, doing: str) -> None:
    if actor.role != ActorRole.ADMIN:
        raise Forbidden(f"Only an administrator can {doing}")


async def _ensure_another_admin(session: AsyncSession, user: StaffUser) -> None:
    """Refuses a change that would leave no active administrator besides `user`.

    The active admins' rows are locked (in id order, so two such changes wait for
    each other instead of deadlocking): two admins cannot demote each other at once.
    """
    statement = (
        select(StaffUser.id)
        .where(StaffUser.role == Role.ADMIN, StaffUser.is_active.is_(True))
        .order_by(StaffUser.id)
        .with_for_update()
    )
    admins = set(await session.scalars(statement))
    if not admins - {user.id}:
        raise AccountGuard(
            "This is the last active administrator; make another account admin first",
            reason="last_admin",
        )


async def add_staff_user(
    session: AsyncSession, actor: Actor, *, email: str, full_name: str, role: Role, password: str
) -> StaffUser:
    """An administrator creates an office account (audited, without the password)."""
    _require_admin(actor, "create accounts")
    if role not in OFFICE_ROLES:
        raise InvalidInput(
            "Facilitator accounts are made with their facilitator (slrt invite-facilitator)",
            field="role",
        )
    if len(full_name.strip()) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"The name has more than {MAX_NAME_LENGTH} characters", field="full_name"
        )
    if len(email.strip()) > MAX_EMAIL_LENGTH:
        raise InvalidInput(f"The email has more than {MAX_EMAIL_LENGTH} characters", field="email")
    user = await create_staff_user(
        session, email=email, full_name=full_name, role=role, password=password
    )
    # The administrator knows this password: the person replaces it at the first sign-in.
    user.password_must_change = True
    record_audit(
        session, actor, "staff.created", "staff_user", user.id,
        {"email": user.email, "role": role.value},
    )  # fmt: skip
    return user


async def change_role(session: AsyncSession, user: StaffUser, role: Role, actor: Actor) -> None:
    """An admin gives an account another office role; never their own, never the last admin's."""
    _require_admin(actor, "change roles")
    if actor.staff_id == user.id:
        raise AccountGuard("You cannot change your own role", reason="self")
    if role not in OFFICE_ROLES or user.role not in OFFICE_ROLES:
        raise InvalidInput(
            "Facilitator accounts keep their role; they are managed with their facilitator",
            field="role",
        )
    if role == user.role:
        return
    if user.role == Role.ADMIN and user.is_active:
        await _ensure_another_admin(session, user)
    record_audit(
        session, actor, "staff.role_changed", "staff_user", user.id,
        {"from": user.role.value, "to": role.value},
    )  # fmt: skip
    # The role is read from the account on every request: the change applies at once.
    user.role = role


async def reset_password(
    session: AsyncSession,
    user: StaffUser,
    new_password: str,
    actor: Actor,
    *,
    now: datetime | None = None,
) -> int:
    """An administrator sets a new password: every session and token of the account ends."""
    _require_admin(actor, "set passwords")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    user.password_hash = hash_password(new_password)
    user.password_must_change = True
    record_audit(session, actor, "staff.password_reset", "staff_user", user.id)
    return await revoke_all_credentials(session, user.id, reason="password_reset", now=now)


async def list_staff_users(session: AsyncSession) -> list[StaffUser]:
    """Every account, active ones first, by name."""
    statement = select(StaffUser).order_by(
        StaffUser.is_active.desc(), StaffUser.full_name, StaffUser.id
    )
    return list(await session.scalars(statement))
