"""Two-factor sign-in in the panel: the code step, setting it up, and the admin's reset."""

from __future__ import annotations

import re

import httpx
import pyotp
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.panel.deps import SECOND_FACTOR_COOKIE, SESSION_COOKIE
from backend.staff.models import CredentialKind, Role, StaffCredential, StaffUser
from tests.backend.api.helpers import PASSWORD, make_account, totp_code
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import anonymous_client, csrf_of

CODE_PAGE = "/panel/login/code"


async def _account(
    db: async_sessionmaker[AsyncSession], role: Role, *, two_factor: bool | None = None
) -> str:
    async with unit_of_work(db) as session:
        user, _ = await make_account(session, role, two_factor=two_factor)
        return user.email


async def _password_step(
    client: httpx.AsyncClient, email: str, next_path: str | None = None
) -> httpx.Response:
    form = await client.get("/panel/login")
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    return await client.post("/panel/login", data=data | ({"next": next_path} if next_path else {}))


async def _code_step(client: httpx.AsyncClient, code: str, path: str = CODE_PAGE) -> httpx.Response:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    next_path = re.search(r'name="next" value="([^"]*)"', page.text)
    assert next_path is not None
    data = {"code": code, "csrf_token": csrf_of(page.text), "next": next_path.group(1)}
    return await client.post(CODE_PAGE, data=data)


async def _actions(db: async_sessionmaker[AsyncSession]) -> list[str]:
    async with db() as session:
        return list(await session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


class TestTheCodeStep:
    """After the right password, an account with two factors is asked for the code."""

    async def test_a_supervisor_signs_in_with_password_and_code(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.SUPERVISOR)
        response = await _password_step(client, email, "/panel/walk-in")
        assert response.status_code == 303
        assert response.headers["location"] == "/panel/login/code?next=%2Fpanel%2Fwalk-in"
        assert SESSION_COOKIE not in response.cookies and SECOND_FACTOR_COOKIE in response.cookies
        # The waiting credential is no session: the panel still sends the browser to sign in.
        assert (await client.get("/panel")).status_code == 303
        page = await client.get(response.headers["location"])
        assert "Kode verifikasi" in page.text and email in page.text
        wrong = await _code_step(client, "000000", response.headers["location"])
        assert wrong.status_code == 401 and "Kode salah atau sudah dipakai." in wrong.text
        signed_in = await _code_step(client, totp_code(), response.headers["location"])
        assert signed_in.status_code == 303
        assert signed_in.headers["location"] == "/panel/walk-in"
        assert (await client.get("/panel/walk-in")).status_code == 200
        assert (await client.get(CODE_PAGE)).headers["location"].endswith("notice=code-expired")
        assert [action for action in await _actions(db) if action.startswith("staff.")] == [
            "staff.second_factor_failed",
            "staff.login",
        ]

    async def test_a_code_used_once_does_not_sign_in_a_second_browser(
        self, app: FastAPI, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.ADMIN)
        code = totp_code()
        async with anonymous_client(app) as first, anonymous_client(app) as second:
            await _password_step(first, email)
            await _password_step(second, email)
            assert (await _code_step(first, code)).status_code == 303
            assert (await _code_step(second, code)).status_code == 401

    async def test_a_recovery_code_works_once(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(Role.SUPERVISOR)
        page = await user.post("/panel/two-factor/recovery-codes", {"code": totp_code()})
        assert page.status_code == 200
        codes = re.findall(r'<span class="code-value">([a-z0-9-]{11})</span>', page.text)
        assert len(codes) == 10
        for expected in (303, 401):
            async with anonymous_client(app) as browser:
                await _password_step(browser, user.email)
                assert (await _code_step(browser, codes[0].upper())).status_code == expected
        assert "staff.recovery_code_used" in await _actions(db)

    async def test_the_code_step_runs_out(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.SUPERVISOR)
        await _password_step(client, email)
        async with unit_of_work(db) as session:
            await session.execute(
                update(StaffCredential)
                .where(StaffCredential.kind == CredentialKind.SECOND_FACTOR)
                .values(expires_at=utcnow())
            )
        response = await client.get(CODE_PAGE)
        assert response.headers["location"] == "/panel/login?notice=code-expired"
        page = await client.get(response.headers["location"])
        assert "Waktu untuk memasukkan kode habis" in page.text

    async def test_the_code_forms_token_is_the_servers(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        await _password_step(client, await _account(db, Role.SUPERVISOR))
        response = await client.post(CODE_PAGE, data={"code": totp_code(), "csrf_token": "0" * 64})
        assert response.status_code == 403
        assert SESSION_COOKIE not in response.cookies


class TestSettingItUp:
    """A supervisor or admin without two factors sets them up before anything else."""

    async def test_an_admin_is_sent_to_set_up_and_can_do_nothing_else_until_done(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.ADMIN, two_factor=False)
        response = await _password_step(client, email, "/panel/admin")
        assert response.headers["location"] == "/panel/two-factor"
        for path in ("/panel", "/panel/admin/users", "/panel/password"):
            refused = await client.get(path)
            assert (refused.status_code, refused.headers["location"]) == (303, "/panel/two-factor")
        page = await client.get("/panel/two-factor")
        assert "wajib masuk dengan verifikasi dua langkah" in page.text
        assert 'href="/panel/admin"' not in page.text  # no navigation until it is done
        token = csrf_of(page.text)
        refused = await client.post("/panel/admin/users/1/role", data={"csrf_token": token})
        assert refused.headers["location"] == "/panel/two-factor"

        started = await client.post("/panel/two-factor/start", data={"csrf_token": token})
        assert started.headers["location"] == "/panel/two-factor?notice=started"
        page = await client.get(started.headers["location"])
        assert "<svg" in page.text and "<title>" in page.text  # the QR, drawn here
        secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text)
        assert secret is not None
        app_on_phone = pyotp.TOTP(secret.group(1).replace(" ", ""))

        wrong = await client.post(
            "/panel/two-factor/confirm", data={"csrf_token": token, "code": "000000"}
        )
        assert wrong.status_code == 422 and "Kode salah" in wrong.text
        done = await client.post(
            "/panel/two-factor/confirm", data={"csrf_token": token, "code": app_on_phone.now()}
        )
        assert done.status_code == 200
        codes = re.findall(r'<span class="code-value">([a-z0-9-]{11})</span>', done.text)
        assert len(set(codes)) == 10
        assert (await client.get("/panel/admin/users")).status_code == 200
        async with db() as session:
            user = (await session.scalars(select(StaffUser).where(StaffUser.email == email))).one()
            assert user.two_factor_on and secret.group(1).replace(" ", "") not in repr(
                user.totp_secret
            )
        assert "staff.two_factor_on" in await _actions(db)

    async def test_signing_out_works_before_it_is_set_up(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        await _password_step(client, await _account(db, Role.SUPERVISOR, two_factor=False))
        page = await client.get("/panel/two-factor")
        response = await client.post("/panel/logout", data={"csrf_token": csrf_of(page.text)})
        assert response.headers["location"] == "/panel/login?notice=signed-out"

    async def test_back_office_may_turn_it_on_and_off(self, panel: SignIn) -> None:
        user = await panel(Role.BACK_OFFICE)
        assert (await user.get("/panel")).status_code == 200  # not required
        await user.post("/panel/two-factor/start")
        page = await user.get("/panel/two-factor")
        secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text)
        assert secret is not None
        app_on_phone = pyotp.TOTP(secret.group(1).replace(" ", ""))
        assert (
            await user.post("/panel/two-factor/confirm", {"code": app_on_phone.now()})
        ).status_code == 200
        refused = await user.post("/panel/two-factor/off", {"code": "000000"})
        assert refused.status_code == 422
        off = await user.post(
            "/panel/two-factor/off", {"code": app_on_phone.at(utcnow(), counter_offset=1)}
        )
        assert off.headers["location"] == "/panel/two-factor?notice=off"

    @pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
    async def test_a_required_role_cannot_turn_it_off(self, panel: SignIn, role: Role) -> None:
        user = await panel(role)
        response = await user.post("/panel/two-factor/off", {"code": totp_code()})
        assert response.status_code == 403
        assert "wajib untuk peran" in response.text

    async def test_a_new_phone_needs_a_current_code(self, panel: SignIn) -> None:
        user = await panel(Role.SUPERVISOR)
        refused = await user.post("/panel/two-factor/start", {"code": "000000"})
        assert refused.status_code == 422
        started = await user.post("/panel/two-factor/start", {"code": totp_code()})
        assert started.status_code == 303


class TestTheAdminsReset:
    """An admin removes another account's second factor (a lost phone): audited, sessions end."""

    async def test_reset_ends_the_sessions_and_the_owner_sets_up_again(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin, supervisor = await panel(Role.ADMIN), await panel(Role.SUPERVISOR)
        page = await admin.get(f"/panel/admin/users/{supervisor.user_id}")
        assert "Aktif sejak" in page.text and 'id="form-two-factor-reset"' in page.text
        response = await admin.post(f"/panel/admin/users/{supervisor.user_id}/two-factor-reset")
        assert response.headers["location"].endswith("notice=two-factor-reset")
        assert (await supervisor.get("/panel")).headers["location"].startswith("/panel/login")
        async with db() as session:
            record = (
                await session.scalars(
                    select(AuditRecord).where(AuditRecord.action == "staff.two_factor_reset")
                )
            ).one()
        assert (record.actor_id, record.object_id) == (str(admin.user_id), str(supervisor.user_id))
        async with anonymous_client(app) as browser:
            response = await _password_step(browser, supervisor.email)
            assert response.headers["location"] == "/panel/two-factor"
        page = await admin.get(f"/panel/admin/users/{supervisor.user_id}")
        assert "Belum disiapkan" in page.text
