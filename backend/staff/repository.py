"""Queries for staff accounts, their sessions and tokens."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import rows_matched
from backend.staff.areas import accounts_covering
from backend.staff.models import (
    CredentialKind,
    Role,
    StaffCredential,
    StaffRecoveryCode,
    StaffUser,
)


async def get_user_by_email(
    session: AsyncSession, email: str, *, for_update: bool = False
) -> StaffUser | None:
    """The account with this (normalised) email; `for_update` locks its row until commit."""
    statement = select(StaffUser).where(StaffUser.email == email)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def get_credential(
    session: AsyncSession, token_hash: str, kind: CredentialKind
) -> tuple[StaffCredential, StaffUser] | None:
    """The credential with this token hash and kind, with its user."""
    statement = (
        select(StaffCredential, StaffUser)
        .join(StaffUser, StaffUser.id == StaffCredential.staff_user_id)
        .where(StaffCredential.token_hash == token_hash, StaffCredential.kind == kind)
    )
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def revoke_credentials_of(
    session: AsyncSession, user_id: int, reason: str, now: datetime
) -> int:
    """Marks every live credential of the user revoked; returns how many."""
    statement = (
        update(StaffCredential)
        .where(StaffCredential.staff_user_id == user_id, StaffCredential.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    result = await session.execute(statement)
    return rows_matched(result)


async def get_active_user(session: AsyncSession, user_id: int) -> StaffUser | None:
    """The account with this id, if it is active."""
    user = await session.get(StaffUser, user_id)
    return user if user is not None and user.is_active else None


async def users_named(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Full names of the given staff users, by id."""
    if not ids:
        return {}
    statement = select(StaffUser.id, StaffUser.full_name).where(StaffUser.id.in_(ids))
    return {row.id: row.full_name for row in await session.execute(statement)}


async def list_active_users_in(session: AsyncSession, roles: Collection[Role]) -> list[StaffUser]:
    """Active accounts with one of the roles, by name (whom a complaint can be assigned to)."""
    statement = (
        select(StaffUser)
        .where(StaffUser.role.in_(list(roles)), StaffUser.is_active.is_(True))
        .order_by(StaffUser.full_name, StaffUser.id)
    )
    return list(await session.scalars(statement))


async def list_active_users_holding(
    session: AsyncSession, roles: Collection[Role], kelurahan_code: str | None
) -> list[StaffUser]:
    """Active accounts with one of the roles whose areas hold the kelurahan, by name (whom
    this complaint can be assigned to; a complaint without a kelurahan: whole-city ones)."""
    statement = (
        select(StaffUser)
        .where(
            StaffUser.role.in_(list(roles)),
            StaffUser.is_active.is_(True),
            accounts_covering(kelurahan_code),
        )
        .order_by(StaffUser.full_name, StaffUser.id)
    )
    return list(await session.scalars(statement))


async def advance_totp_step(session: AsyncSession, user_id: int, step: int) -> bool:
    """Records `step` as the last code accepted, unless it or a later one already was.

    One conditional UPDATE: of two requests with the same code at once, one wins.
    """
    statement = (
        update(StaffUser)
        .where(
            StaffUser.id == user_id,
            or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return rows_matched(await session.execute(statement)) == 1


async def use_recovery_code(
    session: AsyncSession, user_id: int, code_hash: str, now: datetime
) -> bool:
    """Marks the unused recovery code with this hash used; False if there is none."""
    statement = (
        update(StaffRecoveryCode)
        .where(
            StaffRecoveryCode.staff_user_id == user_id,
            StaffRecoveryCode.code_hash == code_hash,
            StaffRecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_matched(await session.execute(statement)) >= 1


async def unused_recovery_codes(session: AsyncSession, user_id: int) -> int:
    """How many recovery codes of the account are left."""
    statement = select(func.count()).where(
        StaffRecoveryCode.staff_user_id == user_id, StaffRecoveryCode.used_at.is_(None)
    )
    return (await session.execute(statement)).scalar_one()


async def delete_recovery_codes(session: AsyncSession, user_id: int) -> None:
    """Removes every recovery code of the account, used or not."""
    await session.execute(
        delete(StaffRecoveryCode)
        .where(StaffRecoveryCode.staff_user_id == user_id)
        .execution_options(synchronize_session=False)
    )
