"""Signing in and out of the panel, the session cookie, the throttle, CSRF, password, language."""

from __future__ import annotations

import hashlib
import hmac
import os
import re

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings
from backend.db import unit_of_work
from backend.panel.deps import LOGIN_COOKIE, SESSION_COOKIE
from backend.staff.auth import revoke_all_credentials
from backend.staff.models import CredentialKind, Role, StaffCredential, StaffUser
from backend.staff.throttle import SigninThrottle, ThrottleLimits
from tests.backend.api.helpers import PASSWORD, make_account
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import anonymous_client, csrf_of

NEW_PASSWORD = "kata-sandi-baru-yang-panjang"


async def _account(db: async_sessionmaker[AsyncSession], role: Role = Role.BACK_OFFICE) -> str:
    async with unit_of_work(db) as session:
        user, _ = await make_account(session, role)
        return user.email


async def _log_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, **extra: str
) -> httpx.Response:
    form = await client.get("/panel/login")
    data = {"email": email, "password": password, "csrf_token": csrf_of(form.text)} | extra
    return await client.post("/panel/login", data=data)


def _cookie_headers(response: httpx.Response) -> list[str]:
    return response.headers.get_list("set-cookie")


def _cookie_header(response: httpx.Response, name: str) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie was set"
    return headers[0]


class TestSigningIn:
    """Email and password open a server-side session kept in a safe cookie."""

    async def test_a_page_without_a_session_leads_to_the_login_and_back(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        response = await client.get("/panel/walk-in")
        assert response.status_code == 303
        assert response.headers["location"] == "/panel/login?next=%2Fpanel%2Fwalk-in"
        login = await client.get(response.headers["location"])
        assert 'name="next" value="/panel/walk-in"' in login.text
        response = await _log_in(client, email, next="/panel/admin")
        assert response.status_code == 303
        assert response.headers["location"] == "/panel/admin"

    async def test_the_session_cookie_is_http_only_same_site_lax_and_panel_only(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await _log_in(client, await _account(db))
        header = _cookie_header(response, SESSION_COOKIE).lower()
        assert "httponly" in header and "samesite=lax" in header and "path=/panel" in header
        assert "secure" not in header  # plain http in development
        queue = await client.get("/panel")
        assert queue.status_code == 200
        assert "Antrean pengaduan" in queue.text

    async def test_in_production_the_cookies_are_host_only_and_secure(
        self, settings: Settings, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        production = settings.model_copy(update={"environment": "production"})
        app = create_app(production, sessions)
        try:
            async with unit_of_work(app.state.sessions) as session:
                user, _ = await make_account(session, Role.FRONT_OFFICE)
            # Secure cookies travel over HTTPS only, as behind the production proxy.
            async with anonymous_client(app, "https://slrt.test") as client:
                form = await client.get("/panel/login")
                response = await _log_in(client, user.email)
            # `__Host-`: Secure, path /, no Domain, so no sibling subdomain can plant one.
            for answer, name in ((form, LOGIN_COOKIE), (response, SESSION_COOKIE)):
                header = _cookie_header(answer, f"__Host-{name}").lower()
                assert "; secure" in header and "path=/;" in header and "domain" not in header
            assert response.headers["location"] == "/panel"
        finally:
            await app.state.engine.dispose()

    async def test_only_a_hash_of_the_session_token_is_stored(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await _log_in(client, await _account(db))
        token = response.cookies[SESSION_COOKIE]
        async with db() as session:
            stored = (await session.scalars(select(StaffCredential))).one()
        assert stored.kind == CredentialKind.SESSION and stored.csrf_secret
        assert token not in (stored.token_hash, stored.csrf_secret)

    async def test_a_signed_in_browser_skips_the_login_page(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        await _log_in(client, await _account(db))
        response = await client.get("/panel/login")
        assert response.status_code == 303 and response.headers["location"] == "/panel"

    async def test_an_ended_session_says_so_on_the_login_page(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(Role.BACK_OFFICE)
        async with unit_of_work(db) as session:
            await revoke_all_credentials(session, user.user_id, reason="deactivated")
        response = await user.get("/panel/complaints/261128-00A7")
        assert response.status_code == 303
        location = response.headers["location"]
        assert (
            location == "/panel/login?next=%2Fpanel%2Fcomplaints%2F261128-00A7&notice=session-ended"
        )
        page = await user.client.get(location)
        assert "Sesi Anda berakhir. Silakan masuk lagi." in page.text

    async def test_an_offsite_next_is_ignored(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await _log_in(client, await _account(db), next="//evil.example/panel")
        assert response.headers["location"] == "/panel"


class TestWrongPasswordsAndTheThrottle:
    """Wrong passwords say so, whatever the email; failures hold back their source, not the owner."""

    async def test_a_wrong_password_is_refused_without_saying_which_part(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        response = await _log_in(client, email, "salah-sekali")
        assert response.status_code == 401
        assert "Email atau kata sandi salah." in response.text
        assert f'value="{email}"' in response.text  # the email is kept, the password not
        unknown = await _log_in(client, "tidak-ada@dinsos.example", "salah-sekali")
        assert unknown.status_code == 401
        assert _error(unknown) == _error(response)

    async def test_failures_hold_this_browser_back_but_not_the_owner_elsewhere(
        self, app: FastAPI, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        for _ in range(5):
            response = await _log_in(client, email, "salah-sekali")
            assert response.status_code == 401 and "dikunci" not in response.text
        held_back = await _log_in(client, email, PASSWORD)
        assert held_back.status_code == 401 and _error(held_back) == _error(response)
        async with anonymous_client(app, address="10.20.30.40") as owner:
            assert (await _log_in(owner, email, PASSWORD)).status_code == 303
        async with db() as session:
            user = (await session.scalars(select(StaffUser).where(StaffUser.email == email))).one()
            assert user.last_login_at is not None

    async def test_an_address_failing_too_often_waits_and_is_told_how_long(
        self, app: FastAPI, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        app.state.signin_throttle = SigninThrottle(limits=ThrottleLimits(per_address=("3/minute",)))
        email = await _account(db)
        for serial in range(3):
            await _log_in(client, f"tebakan{serial}@dinsos.example", "salah-sekali")
        response = await _log_in(client, email, PASSWORD)
        assert response.status_code == 429
        assert 0 < int(response.headers["retry-after"]) <= 60
        assert "Terlalu banyak percobaan masuk yang gagal dari alamat ini" in response.text
        assert re.search(r"Coba lagi dalam 1 menit", response.text)

    async def test_the_refusal_in_english(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        await client.get("/panel/login?lang=en")
        response = await _log_in(client, await _account(db), "wrong-password")
        assert "Wrong email or password." in response.text


def _error(response: httpx.Response) -> str:
    found = re.search(r'<div class="alert error" role="alert">(.*?)</div>', response.text, re.S)
    assert found is not None, "the page shows no error"
    return found.group(1)


class TestCsrf:
    """A form posted without the session's token, or with another's, is refused with a page."""

    @pytest.mark.parametrize("token", [None, "", "0" * 64])
    async def test_a_post_without_the_right_token_gets_403(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], token: str | None
    ) -> None:
        user = await panel(Role.FRONT_OFFICE)
        data = {"language": "en"} | ({} if token is None else {"csrf_token": token})
        response = await user.post("/panel/language", data, csrf=False)
        assert response.status_code == 403
        assert "Formulir ditolak" in response.text
        assert "token keamanan" in response.text
        async with db() as session:
            account = await session.get_one(StaffUser, user.user_id)
            assert account.language == "id"  # nothing was changed

    async def test_another_sessions_token_is_refused(self, panel: SignIn) -> None:
        first, second = await panel(Role.BACK_OFFICE), await panel(Role.BACK_OFFICE)
        assert first.csrf != second.csrf
        response = await first.post("/panel/logout", {"csrf_token": second.csrf}, csrf=False)
        assert response.status_code == 403
        assert (await first.get("/panel")).status_code == 200  # still signed in

    async def test_every_form_of_a_page_carries_the_token(self, panel: SignIn) -> None:
        user = await panel(Role.SUPERVISOR)
        html = (await user.get("/panel/walk-in")).text
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S)
        assert len(forms) >= 3  # language, sign-out, the walk-in form
        for form in forms:
            assert f'name="csrf_token" value="{user.csrf}"' in form

    async def test_the_login_form_is_protected_too(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        await client.get("/panel/login")
        response = await client.post("/panel/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 403
        assert SESSION_COOKIE not in response.cookies

    async def test_a_planted_login_cookie_gets_no_token_and_signs_nobody_in(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        # A sibling subdomain set the login cookie to a value of its choosing ...
        planted = "dipasang-oleh-subdomain-lain"
        client.cookies.set(LOGIN_COOKIE, planted, domain="slrt.test", path="/panel")
        form = await client.get("/panel/login")
        # ... the server does not take it up: it issues one of its own ...
        issued = _cookie_header(form, LOGIN_COOKIE).split(";")[0].split("=", 1)[1]
        assert issued != planted
        assert csrf_of(form.text) != _login_token(planted)
        # ... and a form made for the planted value is refused.
        client.cookies.set(LOGIN_COOKIE, planted, domain="slrt.test", path="/panel")
        data = {"email": await _account(db), "password": PASSWORD}
        response = await client.post(
            "/panel/login", data=data | {"csrf_token": _login_token(planted)}
        )
        assert response.status_code == 403
        assert SESSION_COOKIE not in response.cookies

    async def test_a_sign_in_posted_from_a_sibling_subdomain_is_refused(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        form = await client.get("/panel/login")
        data = {"email": email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
        for where in ("same-site", "cross-site"):
            response = await client.post(
                "/panel/login", data=data, headers={"Sec-Fetch-Site": where}
            )
            assert response.status_code == 403, where
        same_origin = await client.post(
            "/panel/login", data=data, headers={"Sec-Fetch-Site": "same-origin"}
        )
        assert same_origin.status_code == 303


def _login_token(cookie: str) -> str:
    """The token the login form had for a cookie value before: anyone could ask for one."""
    key = os.environ["SECRET_KEY"].encode()
    return hmac.new(key, f"panel-csrf/login/{cookie}".encode(), hashlib.sha256).hexdigest()


class TestSigningOutAndPasswords:
    """Signing out ends the session; a new password ends every other one."""

    async def test_sign_out_ends_the_session(self, panel: SignIn) -> None:
        user = await panel(Role.ADMIN)
        response = await user.post("/panel/logout")
        assert response.headers["location"] == "/panel/login?notice=signed-out"
        again = await user.get("/panel")
        assert again.status_code == 303
        assert again.headers["location"].startswith("/panel/login")

    async def test_a_new_password_keeps_this_browser_signed_in_and_ends_the_others(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(Role.BACK_OFFICE)
        async with anonymous_client(app) as elsewhere:
            await _log_in(elsewhere, user.email)
            assert (await elsewhere.get("/panel")).status_code == 200
            response = await user.post(
                "/panel/password", {"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD}
            )
            assert response.status_code == 303
            assert response.headers["location"] == "/panel?notice=password-changed"
            assert (
                "Kata sandi sudah diganti."
                in (await user.get("/panel?notice=password-changed")).text
            )
            assert (await elsewhere.get("/panel")).headers["location"].startswith("/panel/login")
        async with anonymous_client(app) as fresh:
            assert (await _log_in(fresh, user.email, NEW_PASSWORD)).status_code == 303

    @pytest.mark.parametrize(
        ("form", "message"),
        [
            ({"current": "salah-sekali-lagi", "new": NEW_PASSWORD, "again": NEW_PASSWORD},
             "Kata sandi sekarang salah."),
            ({"current": PASSWORD, "new": "pendek", "again": "pendek"}, "terlalu pendek"),
            ({"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD + "x"},
             "Kedua kata sandi baru tidak sama."),
            ({"current": PASSWORD, "new": PASSWORD, "again": PASSWORD}, "harus berbeda"),
        ],
        ids=["wrong-current", "too-short", "mismatch", "same"],
    )  # fmt: skip
    async def test_a_refused_change_says_why(
        self, panel: SignIn, form: dict[str, str], message: str
    ) -> None:
        user = await panel(Role.FRONT_OFFICE)
        response = await user.post("/panel/password", form)
        assert response.status_code == 422
        assert message in response.text
        assert (await user.get("/panel")).status_code == 200


class TestLanguage:
    """Bahasa Indonesia first; English per account."""

    async def test_switching_to_english_is_kept_on_the_account(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(Role.BACK_OFFICE)
        assert 'lang="id"' in (await user.get("/panel")).text
        response = await user.post("/panel/language", {"language": "en", "next": "/panel/password"})
        assert response.headers["location"] == "/panel/password"
        page = await user.get("/panel")
        assert 'lang="en"' in page.text and "Complaint queue" in page.text
        async with db() as session:
            assert (await session.get_one(StaffUser, user.user_id)).language == "en"

    async def test_the_login_page_switches_by_link(self, client: httpx.AsyncClient) -> None:
        assert "Masuk ke panel petugas" in (await client.get("/panel/login")).text
        assert "Staff sign-in" in (await client.get("/panel/login?lang=en")).text
        assert "Staff sign-in" in (await client.get("/panel/login")).text  # kept in a cookie


class TestTheRoot:
    """The bare address leads staff to the panel."""

    async def test_root_redirects_to_the_panel(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/")
        assert response.status_code == 303
        assert response.headers["location"] == "/panel"
