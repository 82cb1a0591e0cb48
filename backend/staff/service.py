"""Staff accounts: creation and the rules on passwords."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.errors import Conflict, InvalidInput
from backend.security.passwords import MIN_PASSWORD_LENGTH, hash_password
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
