"""The auth core under the panel and the API: lockout, sessions, tokens, account changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.signin.principal import resolve_credential
from backend.staff.auth import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    SESSION_IDLE_TIMEOUT,
    SESSION_MAX_AGE,
    NotAuthenticated,
    authenticate,
    issue_credential,
)
from backend.staff.models import CredentialKind, Role, StaffUser
from backend.staff.service import change_password, create_staff_user, set_active, unlock
from tests.fixtures.factories import make_facilitator

PASSWORD = "kata-sandi-yang-panjang"
NOW = utcnow()
ADMIN = Actor(ActorRole.ADMIN, staff_id=10_000)


async def _user(session: AsyncSession, role: Role = Role.BACK_OFFICE) -> StaffUser:
    return await create_staff_user(
        session, email=f"{role.value}@dinsos.example", full_name="Rina Wulandari", role=role,
        password=PASSWORD,
    )  # fmt: skip


async def _actions(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


class TestLockout:
    """Failures are counted and audited; the fifth locks; a lock cannot be guessed through."""

    async def test_failures_are_audited_and_the_fifth_locks_for_fifteen_minutes(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session)
        for _ in range(MAX_FAILED_LOGINS):
            outcome = await authenticate(
                session, user.email, "salah", now=NOW, ip_address="10.0.0.9"
            )
            assert outcome.user is None and outcome.refusal is not None
        assert user.locked_until == NOW + LOCKOUT
        assert await _actions(session) == ["staff.login_failed"] * MAX_FAILED_LOGINS + [
            "staff.locked"
        ]

    async def test_attempts_during_the_lock_do_not_extend_it(self, session: AsyncSession) -> None:
        user = await _user(session)
        for _ in range(MAX_FAILED_LOGINS):
            await authenticate(session, user.email, "salah", now=NOW)
        later = NOW + timedelta(minutes=10)
        refused = await authenticate(session, user.email, PASSWORD, now=later)
        assert refused.user is None and "in 5 min" in refused.refusal.message
        assert user.locked_until == NOW + LOCKOUT
        signed_in = await authenticate(session, user.email, PASSWORD, now=NOW + LOCKOUT)
        assert signed_in.user is user and user.locked_until is None

    async def test_an_admin_unlocks_before_the_time_runs_out(self, session: AsyncSession) -> None:
        user = await _user(session)
        for _ in range(MAX_FAILED_LOGINS):
            await authenticate(session, user.email, "salah", now=NOW)
        with pytest.raises(Forbidden):
            unlock(session, user, Actor(ActorRole.SUPERVISOR, staff_id=2))
        unlock(session, user, ADMIN)
        assert (await authenticate(session, user.email, PASSWORD, now=NOW)).user is user


class TestSessionsAndTokens:
    """Sessions slide with use up to a day's length; tokens last their lifetime."""

    async def test_a_panel_session_has_a_csrf_secret_and_an_api_token_none(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session)
        panel = await issue_credential(session, user, CredentialKind.SESSION, now=NOW)
        api = await issue_credential(session, user, CredentialKind.API_TOKEN, now=NOW)
        assert panel.credential.csrf_secret and len(panel.credential.csrf_secret) == 64
        assert api.credential.csrf_secret is None
        principal = await resolve_credential(session, panel.token, CredentialKind.SESSION, now=NOW)
        assert principal.csrf_secret == panel.credential.csrf_secret

    async def test_a_session_in_use_slides_but_ends_after_its_maximum_age(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session)
        issued = await issue_credential(session, user, CredentialKind.SESSION, now=NOW)
        moment = NOW
        while moment + SESSION_IDLE_TIMEOUT / 2 < NOW + SESSION_MAX_AGE:
            moment += SESSION_IDLE_TIMEOUT / 2
            await resolve_credential(session, issued.token, CredentialKind.SESSION, now=moment)
        with pytest.raises(NotAuthenticated, match="session has expired"):
            await resolve_credential(
                session, issued.token, CredentialKind.SESSION, now=NOW + SESSION_MAX_AGE
            )

    async def test_an_idle_session_expires(self, session: AsyncSession) -> None:
        user = await _user(session)
        issued = await issue_credential(session, user, CredentialKind.SESSION, now=NOW)
        with pytest.raises(NotAuthenticated, match="session has expired"):
            await resolve_credential(
                session, issued.token, CredentialKind.SESSION, now=NOW + SESSION_IDLE_TIMEOUT
            )

    async def test_a_facilitator_account_resolves_to_its_facilitator(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session, Role.FACILITATOR)
        facilitator = await make_facilitator(session)
        facilitator.staff_user_id = user.id
        issued = await issue_credential(session, user, CredentialKind.API_TOKEN, now=NOW)
        principal = await resolve_credential(
            session, issued.token, CredentialKind.API_TOKEN, now=NOW
        )
        assert principal.actor == Actor(
            ActorRole.FACILITATOR, staff_id=user.id, facilitator_id=facilitator.id
        )
        facilitator.is_active = False
        await session.flush()
        principal = await resolve_credential(
            session, issued.token, CredentialKind.API_TOKEN, now=NOW
        )
        assert principal.facilitator_id is None


class TestAccountChanges:
    """Password changes and deactivation end every session and token of the account."""

    async def test_a_password_change_revokes_everything_and_is_audited(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session)
        tokens = [
            (await issue_credential(session, user, kind, now=NOW)).token
            for kind in (CredentialKind.SESSION, CredentialKind.API_TOKEN)
        ]
        assert (
            await change_password(session, user, PASSWORD, "sandi-baru-yang-panjang", now=NOW) == 2
        )
        for token, kind in zip(
            tokens, (CredentialKind.SESSION, CredentialKind.API_TOKEN), strict=True
        ):
            with pytest.raises(NotAuthenticated, match="password_changed"):
                await resolve_credential(session, token, kind, now=NOW)
        assert "staff.password_changed" in await _actions(session)

    async def test_the_new_password_needs_ten_characters(self, session: AsyncSession) -> None:
        user = await _user(session)
        with pytest.raises(InvalidInput, match="at least 10 characters"):
            await change_password(session, user, PASSWORD, "pendek", now=NOW)

    async def test_deactivation_is_for_admins_and_not_of_oneself(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session)
        admin = await _user(session, Role.ADMIN)
        issued = await issue_credential(session, user, CredentialKind.API_TOKEN, now=NOW)
        with pytest.raises(Forbidden):
            await set_active(session, user, False, Actor(ActorRole.SUPERVISOR, staff_id=3))
        with pytest.raises(Conflict):
            await set_active(session, admin, False, Actor(ActorRole.ADMIN, staff_id=admin.id))
        await set_active(session, user, False, Actor(ActorRole.ADMIN, staff_id=admin.id), now=NOW)
        with pytest.raises(NotAuthenticated, match="deactivated"):
            await resolve_credential(session, issued.token, CredentialKind.API_TOKEN, now=NOW)
        refused = await authenticate(session, user.email, PASSWORD, now=NOW)
        assert refused.user is None and "deactivated" in refused.refusal.message
        await set_active(session, user, True, Actor(ActorRole.ADMIN, staff_id=admin.id))
        assert (await authenticate(session, user.email, PASSWORD, now=NOW)).user is user
