"""The auth core under the panel and the API: password checks, sessions, tokens, account changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.signin.principal import resolve_credential
from backend.staff.auth import (
    SESSION_IDLE_TIMEOUT,
    SESSION_MAX_AGE,
    WRONG_CREDENTIALS,
    LoginOutcome,
    NotAuthenticated,
    check_password,
    issue_credential,
    signed_in,
)
from backend.staff.models import CredentialKind, Role, StaffUser
from backend.staff.service import change_password, create_staff_user, set_active
from backend.staff.throttle import SigninThrottle, ThrottleLimits
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


def _throttle() -> SigninThrottle:
    return SigninThrottle(limits=ThrottleLimits(per_pair="3/minute"))


async def _try(
    session: AsyncSession, throttle: SigninThrottle, email: str, password: str,
    address: str = "10.0.0.9",
) -> LoginOutcome:  # fmt: skip
    return await check_password(session, throttle, email, password, ip_address=address)


class TestPasswordCheck:
    """Failures are counted and audited; none locks the account; the owner is never kept out."""

    async def test_failures_are_audited_with_their_reason_and_lock_nothing(
        self, session: AsyncSession
    ) -> None:
        user, throttle = await _user(session), _throttle()
        for _ in range(3):
            outcome = await _try(session, throttle, user.email, "salah")
            assert outcome.user is None and outcome.refusal is not None
            assert outcome.refusal.message == WRONG_CREDENTIALS
        # Held back at that address: even the right password is refused there, in the same words.
        held = await _try(session, throttle, user.email, PASSWORD)
        assert held.refusal is not None and held.refusal.message == WRONG_CREDENTIALS
        records = await session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "staff.login_failed")
            .order_by(AuditRecord.id)
        )
        assert [r.detail["reason"] for r in records] == ["wrong_password"] * 3 + ["held_back"]
        # The owner at their own address signs in: nothing was locked.
        assert (await _try(session, throttle, user.email, PASSWORD, "10.0.0.1")).user is user

    async def test_a_right_password_that_was_held_back_is_not_counted(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session)
        throttle = SigninThrottle(
            limits=ThrottleLimits(per_pair="3/minute", per_account="6/minute")
        )
        for _ in range(3):
            await _try(session, throttle, user.email, "salah")
        for _ in range(5):
            await _try(session, throttle, user.email, PASSWORD)
        for _ in range(2):
            await _try(session, throttle, user.email, "salah", "10.0.0.2")
        # Five failures in all, under the ceiling of six: the second address may go on.
        assert not await throttle.account_refuses("10.0.0.2", user.email)
        await _try(session, throttle, user.email, "salah", "10.0.0.3")
        assert await throttle.account_refuses("10.0.0.2", user.email)

    async def test_a_finished_sign_in_forgets_the_failures_and_is_audited(
        self, session: AsyncSession
    ) -> None:
        user, throttle = await _user(session), _throttle()
        for _ in range(2):
            await _try(session, throttle, user.email, "salah")
        outcome = await _try(session, throttle, user.email, PASSWORD)
        assert outcome.user is user
        await signed_in(session, throttle, user, now=NOW, ip_address="10.0.0.9")
        assert user.last_login_at == NOW
        for _ in range(2):
            await _try(session, throttle, user.email, "salah")
        assert (await _try(session, throttle, user.email, PASSWORD)).user is user
        assert "staff.login" in await _actions(session)


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
        # Deactivated: refused in the words of a wrong password, so it tells nobody it exists.
        refused = await _try(session, _throttle(), user.email, PASSWORD)
        assert refused.user is None and refused.refusal is not None
        assert refused.refusal.message == WRONG_CREDENTIALS
        await set_active(session, user, True, Actor(ActorRole.ADMIN, staff_id=admin.id))
        assert (await _try(session, _throttle(), user.email, PASSWORD)).user is user
