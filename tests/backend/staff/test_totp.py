"""Two-factor sign-in as a service: set-up, codes used once, recovery codes, resets."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.security.crypto import Vault
from backend.signin.principal import resolve_credential
from backend.staff.auth import NotAuthenticated, issue_credential
from backend.staff.models import CredentialKind, Role, StaffRecoveryCode, StaffUser
from backend.staff.service import create_staff_user
from backend.staff.throttle import SigninThrottle, ThrottleLimits
from backend.staff.totp import (
    CODE_WRONG,
    RECOVERY_CODE_COUNT,
    begin_set_up,
    check_code,
    finish_set_up,
    normalise_secret,
    provisioning_uri,
    reset_two_factor,
    set_up_with_secret,
    turn_off,
)

PASSWORD = "kata-sandi-yang-panjang"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = utcnow()


async def _user(session: AsyncSession, role: Role = Role.SUPERVISOR) -> StaffUser:
    return await create_staff_user(
        session, email=f"{role.value}@dinsos.example", full_name="Dewi Lestari", role=role,
        password=PASSWORD,
    )  # fmt: skip


def _code(secret: str, at: object = NOW, offset: int = 0) -> str:
    return pyotp.TOTP(secret).at(at, counter_offset=offset)  # type: ignore[arg-type]


async def _actions(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


class TestSettingUp:
    """A new secret waits for its first code; then it is on and ten recovery codes are shown."""

    async def test_the_first_right_code_turns_it_on_with_ten_recovery_codes(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        user = await _user(session)
        assert user.must_set_up_two_factor
        secret = begin_set_up(user, vault)
        assert len(pyotp.TOTP(secret).byte_secret()) * 8 == 160
        assert secret not in repr(user.totp_pending_secret)  # kept encrypted
        with pytest.raises(InvalidInput):
            await finish_set_up(session, user, vault, "000000", now=NOW)
        codes = await finish_set_up(session, user, vault, _code(secret), now=NOW)
        assert len(codes) == len(set(codes)) == RECOVERY_CODE_COUNT
        assert user.two_factor_on and not user.must_set_up_two_factor
        stored = list(await session.scalars(select(StaffRecoveryCode.code_hash)))
        assert len(stored) == RECOVERY_CODE_COUNT and not set(codes) & set(stored)
        assert "staff.two_factor_on" in await _actions(session)

    async def test_a_confirmation_without_a_started_set_up_is_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        with pytest.raises(Conflict):
            await finish_set_up(session, await _user(session), vault, "123456")

    def test_the_qr_address_is_what_authenticator_apps_read(self) -> None:
        uri = provisioning_uri(SECRET, "dewi@dinsos.example")
        parsed = pyotp.parse_uri(uri)
        assert isinstance(parsed, pyotp.TOTP)
        assert (parsed.secret, parsed.digits, parsed.interval) == (SECRET, 6, 30)
        assert parsed.issuer == "SLRT Kota Bogor"

    @pytest.mark.parametrize(
        ("typed", "problem"),
        [("not base32!", "not base32"), ("JBSWY3DPEHPK3PXP", "too short")],
    )
    def test_an_unusable_secret_is_refused(self, typed: str, problem: str) -> None:
        with pytest.raises(InvalidInput, match=problem):
            normalise_secret(typed)

    def test_a_secret_may_be_typed_in_groups_and_lower_case(self) -> None:
        assert normalise_secret("jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp") == SECRET


class TestCodes:
    """A code works once, within a step either side; recovery codes work once each."""

    async def _enrolled(self, session: AsyncSession, vault: Vault) -> tuple[StaffUser, list[str]]:
        user = await _user(session)
        begin_set_up(user, vault)
        user.totp_pending_secret = vault.encrypt(SECRET)  # the secret of the tests' app
        # Set up two minutes before NOW, so the codes around NOW are all unused.
        earlier = NOW - timedelta(minutes=2)
        codes = await finish_set_up(session, user, vault, _code(SECRET, earlier), now=earlier)
        return user, codes

    async def test_a_code_is_accepted_once(self, session: AsyncSession, vault: Vault) -> None:
        user, _ = await self._enrolled(session, vault)
        throttle = SigninThrottle()
        code = _code(SECRET, NOW)
        first = await check_code(session, throttle, vault, user, code, now=NOW)
        assert first.method == "totp"
        again = await check_code(session, throttle, vault, user, code, now=NOW)
        assert again.method is None and again.refusal is not None
        assert again.refusal.message == CODE_WRONG
        # The code of the step before is older than the one used: refused as well.
        older = await check_code(session, throttle, vault, user, _code(SECRET, NOW, -1), now=NOW)
        assert older.method is None
        # The next step's code, typed while the clocks differ by a few seconds, passes.
        later = await check_code(session, throttle, vault, user, _code(SECRET, NOW, 1), now=NOW)
        assert later.method == "totp"

    async def test_a_code_two_steps_away_is_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        user, _ = await self._enrolled(session, vault)
        stale = _code(SECRET, NOW - timedelta(seconds=90))
        check = await check_code(session, SigninThrottle(), vault, user, stale, now=NOW)
        assert check.method is None

    async def test_a_recovery_code_works_once(self, session: AsyncSession, vault: Vault) -> None:
        user, codes = await self._enrolled(session, vault)
        throttle = SigninThrottle()
        typed = codes[3].upper().replace("-", " ")  # read out loud and typed loosely
        assert (await check_code(session, throttle, vault, user, typed, now=NOW)).method == (
            "recovery"
        )
        assert (await check_code(session, throttle, vault, user, codes[3], now=NOW)).method is None
        record = await session.scalar(
            select(AuditRecord).where(AuditRecord.action == "staff.recovery_code_used")
        )
        assert record is not None and record.detail == {"left": RECOVERY_CODE_COUNT - 1}

    async def test_wrong_codes_count_in_the_throttle(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        user, _ = await self._enrolled(session, vault)
        throttle = SigninThrottle(limits=ThrottleLimits(per_pair="3/minute"))
        for _ in range(3):
            await check_code(
                session, throttle, vault, user, "000000", now=NOW, ip_address="10.0.0.9"
            )
        held = await check_code(
            session, throttle, vault, user, _code(SECRET, NOW), now=NOW, ip_address="10.0.0.9"
        )
        assert held.method is None and held.refusal is not None
        assert "Too many wrong two-factor codes" in held.refusal.message
        elsewhere = await check_code(
            session, throttle, vault, user, _code(SECRET, NOW), now=NOW, ip_address="10.0.0.1"
        )
        assert elsewhere.method == "totp"


class TestTurningOffAndResetting:
    """Only optional roles turn it off; an admin resets another's, audited, sessions ended."""

    async def test_a_required_role_cannot_turn_it_off(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        user = await _user(session, Role.ADMIN)
        set_up_with_secret(session, user, vault, SECRET)
        with pytest.raises(Forbidden):
            await turn_off(session, user)
        clerk = await _user(session, Role.BACK_OFFICE)
        set_up_with_secret(session, clerk, vault, SECRET)
        await turn_off(session, clerk)
        assert not clerk.two_factor_on and not clerk.must_set_up_two_factor

    async def test_an_admin_resets_it_audited_and_every_session_ends(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        user = await _user(session)
        set_up_with_secret(session, user, vault, SECRET)
        issued = await issue_credential(session, user, CredentialKind.SESSION, now=NOW)
        with pytest.raises(Forbidden):
            await reset_two_factor(session, user, Actor(ActorRole.SUPERVISOR, staff_id=99))
        with pytest.raises(Forbidden):  # not one's own
            await reset_two_factor(session, user, Actor(ActorRole.ADMIN, staff_id=user.id))
        admin = Actor(ActorRole.ADMIN, staff_id=10_000)
        assert await reset_two_factor(session, user, admin, now=NOW) == 1
        assert user.totp_secret is None and user.must_set_up_two_factor
        with pytest.raises(NotAuthenticated, match="two_factor_reset"):
            await resolve_credential(session, issued.token, CredentialKind.SESSION, now=NOW)
        record = await session.scalar(
            select(AuditRecord).where(AuditRecord.action == "staff.two_factor_reset")
        )
        assert record is not None
        assert (record.actor_role, record.actor_id, record.object_id) == (
            "admin",
            "10000",
            str(user.id),
        )

    async def test_an_api_token_of_a_role_that_came_to_need_it_stops_working(
        self, session: AsyncSession
    ) -> None:
        user = await _user(session, Role.BACK_OFFICE)
        issued = await issue_credential(session, user, CredentialKind.API_TOKEN, now=NOW)
        user.role = Role.SUPERVISOR
        with pytest.raises(NotAuthenticated, match="Two-factor sign-in is required"):
            await resolve_credential(session, issued.token, CredentialKind.API_TOKEN, now=NOW)
