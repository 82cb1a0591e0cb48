"""Staff accounts: creation, passwords, deactivation and unlocking."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.security.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from backend.staff.auth import revoke_all_credentials, staff_actor
from backend.staff.models import Role, StaffUser


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
        raise Conflict(f"A user with the email {email} already exists")
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
        raise Conflict("You cannot deactivate your own account")
    user.is_active = active
    record_audit(
        session, actor, "staff.activated" if active else "staff.deactivated", "staff_user", user.id
    )
    if not active:
        await revoke_all_credentials(session, user.id, reason="deactivated", now=now)


def unlock(session: AsyncSession, user: StaffUser, actor: Actor) -> None:
    """Lifts a lock after failed sign-ins before it runs out; admins only."""
    if actor.role != ActorRole.ADMIN:
        raise Forbidden("Only an administrator can unlock accounts")
    user.locked_until = None
    user.failed_logins = 0
    record_audit(session, actor, "staff.unlocked", "staff_user", user.id)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters", field="new_password"
        )
