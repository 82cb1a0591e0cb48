"""Accounts as an administrator changes them: roles, new passwords, and never zero admins."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.db import unit_of_work
from backend.errors import Forbidden, InvalidInput
from backend.security.passwords import verify_password
from backend.staff.models import Role, StaffUser
from backend.staff.service import (
    AccountGuard,
    EmailTaken,
    add_staff_user,
    change_role,
    create_staff_user,
    reset_password,
    set_active,
)

PASSWORD = "kata-sandi-yang-panjang"
# An administrator acting from outside the panel (the command line): no account of its own,
# so only the last-admin rule stands between it and an office without admins.
OPERATOR = Actor(ActorRole.ADMIN)


async def _account(session: AsyncSession, name: str, role: Role = Role.ADMIN) -> StaffUser:
    return await create_staff_user(
        session, email=f"{name}@dinsos.example", full_name=name.title(), role=role,
        password=PASSWORD,
    )  # fmt: skip


def _as(user: StaffUser) -> Actor:
    return Actor(ActorRole(user.role.value), staff_id=user.id)


class TestTheLastAdmin:
    """The last active administrator can be neither deactivated nor demoted."""

    async def test_the_only_admin_stays(self, session: AsyncSession) -> None:
        only = await _account(session, "ayu")
        with pytest.raises(AccountGuard) as refused:
            await set_active(session, only, False, OPERATOR)
        assert refused.value.reason == "last_admin"
        with pytest.raises(AccountGuard):
            await change_role(session, only, Role.SUPERVISOR, OPERATOR)
        assert only.is_active and only.role == Role.ADMIN

    async def test_a_deactivated_admin_does_not_count(self, session: AsyncSession) -> None:
        active, dormant = await _account(session, "ayu"), await _account(session, "bayu")
        dormant.is_active = False
        with pytest.raises(AccountGuard):
            await set_active(session, active, False, OPERATOR)

    async def test_with_another_admin_the_change_goes_through(self, session: AsyncSession) -> None:
        first, second = await _account(session, "ayu"), await _account(session, "bayu")
        await change_role(session, first, Role.SUPERVISOR, _as(second))
        assert first.role == Role.SUPERVISOR
        record = await session.scalar(
            select(AuditRecord).where(AuditRecord.action == "staff.role_changed")
        )
        assert record is not None and record.actor_id == str(second.id)
        assert record.detail == {"from": "admin", "to": "supervisor"}

    @pytest.mark.own_database  # connections racing each other
    async def test_two_admins_demoting_each_other_at_once_leave_one(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async with unit_of_work(sessions) as session:
            ayu, bayu = await _account(session, "ayu"), await _account(session, "bayu")
            ids = {"ayu": ayu.id, "bayu": bayu.id}
        first_changed = asyncio.Event()

        async def demote(target: str, by: str, *, hold: bool) -> str:
            try:
                async with unit_of_work(sessions) as session:
                    user = await session.get_one(StaffUser, ids[target])
                    await change_role(
                        session, user, Role.BACK_OFFICE, Actor(ActorRole.ADMIN, staff_id=ids[by])
                    )
                    if hold:
                        # Keep the transaction open until the other one waits on its locks.
                        first_changed.set()
                        await _until_another_transaction_waits(session)
                return "demoted"
            except AccountGuard:
                return "refused"

        async def second() -> str:
            await first_changed.wait()
            return await demote("ayu", "bayu", hold=False)

        outcomes = await asyncio.gather(demote("bayu", "ayu", hold=True), second())
        assert outcomes == ["demoted", "refused"]
        async with sessions() as session:
            roles = dict((await session.execute(select(StaffUser.email, StaffUser.role))).all())
        assert roles == {"ayu@dinsos.example": Role.ADMIN, "bayu@dinsos.example": Role.BACK_OFFICE}


class TestOwnAccount:
    """An administrator changes neither their own role nor their own state."""

    async def test_own_role_and_state_are_refused(self, session: AsyncSession) -> None:
        ayu, _ = await _account(session, "ayu"), await _account(session, "bayu")
        for change in (
            change_role(session, ayu, Role.SUPERVISOR, _as(ayu)),
            set_active(session, ayu, False, _as(ayu)),
        ):
            with pytest.raises(AccountGuard) as refused:
                await change
            assert refused.value.reason == "self"


class TestAccounts:
    """Creating accounts and setting passwords: admins only, office roles only, audited."""

    async def test_only_admins_create_and_only_office_roles(self, session: AsyncSession) -> None:
        with pytest.raises(Forbidden):
            await add_staff_user(
                session, Actor(ActorRole.SUPERVISOR, staff_id=1), email="x@dinsos.example",
                full_name="Xena", role=Role.BACK_OFFICE, password=PASSWORD,
            )  # fmt: skip
        with pytest.raises(InvalidInput):
            await add_staff_user(
                session, OPERATOR, email="f@dinsos.example", full_name="Fasilitator",
                role=Role.FACILITATOR, password=PASSWORD,
            )  # fmt: skip
        user = await add_staff_user(
            session, OPERATOR, email=" Rina@Dinsos.Example ", full_name="Rina",
            role=Role.FRONT_OFFICE, password=PASSWORD,
        )  # fmt: skip
        assert user.email == "rina@dinsos.example"
        with pytest.raises(EmailTaken):
            await add_staff_user(
                session, OPERATOR, email="rina@dinsos.example", full_name="Rina Lain",
                role=Role.BACK_OFFICE, password=PASSWORD,
            )  # fmt: skip
        record = await session.scalar(
            select(AuditRecord).where(AuditRecord.action == "staff.created")
        )
        assert record is not None
        assert record.detail == {"email": "rina@dinsos.example", "role": "front_office"}

    async def test_a_new_password_is_never_audited_in_clear(self, session: AsyncSession) -> None:
        user = await _account(session, "citra", Role.BACK_OFFICE)
        await reset_password(session, user, "sandi-baru-yang-panjang", OPERATOR)
        assert verify_password(user.password_hash, "sandi-baru-yang-panjang")
        record = await session.scalar(
            select(AuditRecord).where(AuditRecord.action == "staff.password_reset")
        )
        assert record is not None and "sandi" not in str(record.detail)
        with pytest.raises(InvalidInput):
            await reset_password(session, user, "pendek", OPERATOR)


async def _until_another_transaction_waits(session: AsyncSession) -> None:
    """PostgreSQL: returns once a transaction of this database waits for a lock.

    SQLite takes its write lock at BEGIN, so the other transaction cannot start
    before this one ends: nothing to wait for.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    # A row lock is waited for as a transaction id, which names no database: the waiting
    # backend does.
    waiting = text(
        "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid) "
        "WHERE NOT granted AND datname = current_database()"
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while not await session.scalar(waiting):
        assert loop.time() < deadline, "the other transaction never waited"
        await asyncio.sleep(0.01)
