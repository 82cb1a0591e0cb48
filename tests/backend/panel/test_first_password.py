"""A password an administrator set is changed at the first sign-in, before anything else
(issue 17, item 11)."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.staff.models import Role, StaffUser
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser, anonymous_client, csrf_of

NEW_PASSWORD = "kata-sandi-pilihan-dewi"
# Pages that must all lead to the password change while it is owed.
ELSEWHERE = ("/panel", "/panel/walk-in", "/panel/two-factor", "/panel/admin", "/panel/dashboard")


async def _admin_made(panel: SignIn, email: str) -> str:
    """An administrator makes a back-office account with a generated password; it is returned."""
    admin = await panel(Role.ADMIN)
    page = await admin.post(
        "/panel/admin/users",
        {"full_name": "Dewi Lestari", "email": email, "role": "back_office",
         "password_choice": "generate"},
    )  # fmt: skip
    assert page.status_code == 201
    found = re.search(r'id="generated-password">([^<]+)<', page.text)
    assert found is not None
    return found.group(1)


async def _signed_in(app: FastAPI, email: str, password: str) -> tuple[httpx.AsyncClient, str]:
    client = anonymous_client(app)
    form = await client.get("/panel/login")
    answer = await client.post(
        "/panel/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(form.text)},
    )
    assert answer.status_code == 303
    return client, answer.headers["location"]


async def _must_change(db: async_sessionmaker[AsyncSession], email: str) -> bool:
    async with db() as session:
        user = (
            await session.execute(select(StaffUser).where(StaffUser.email == email))
        ).scalar_one()
        return user.password_must_change


class TestAnAdminSetPasswordIsChangedFirst:
    """Made or reset by an admin: sign in, change the password, and only then work."""

    async def test_a_new_account_changes_its_password_before_anything_else(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = "dewi.lestari@dinsos.example"
        given = await _admin_made(panel, email)
        assert await _must_change(db, email)
        client, landing = await _signed_in(app, email, given)
        assert landing == "/panel/password"
        for path in ELSEWHERE:
            answer = await client.get(path)
            assert (answer.status_code, answer.headers.get("location")) == (
                303,
                "/panel/password",
            ), path
        page = await client.get("/panel/password")
        assert page.status_code == 200
        assert 'id="password-must-change"' in page.text
        assert 'aria-label="Menu utama"' not in page.text, "no navigation to pages it cannot open"
        csrf = csrf_of(page.text)
        # A form elsewhere is refused the same way: nothing is done before the change.
        walk_in = await client.post("/panel/walk-in", data={"csrf_token": csrf})
        assert walk_in.headers.get("location") == "/panel/password"
        # The password policy holds: too short, or the password the admin gave, is refused.
        for new in ("pendek", given):
            refused = await client.post(
                "/panel/password",
                data={"csrf_token": csrf, "current": given, "new": new, "again": new},
            )
            assert refused.status_code == 422, new
        assert await _must_change(db, email)
        changed = await client.post(
            "/panel/password",
            data={"csrf_token": csrf, "current": given, "new": NEW_PASSWORD, "again": NEW_PASSWORD},
        )
        assert (changed.status_code, changed.headers["location"]) == (
            303,
            "/panel?notice=password-changed",
        )
        assert not await _must_change(db, email)
        queue = await client.get("/panel")
        assert queue.status_code == 200 and 'aria-label="Menu utama"' in queue.text
        await client.aclose()
        # Signing in again goes where it was asked to.
        again, landing = await _signed_in(app, email, NEW_PASSWORD)
        assert landing == "/panel"
        await again.aclose()

    async def test_a_reset_by_an_admin_asks_for_a_change_again(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk: PanelUser = await panel(Role.BACK_OFFICE)
        assert not await _must_change(db, clerk.email)
        admin = await panel(Role.ADMIN)
        fresh = await admin.post(
            f"/panel/admin/users/{clerk.user_id}/password", {"password_choice": "generate"}
        )
        given = re.search(r'id="generated-password">([^<]+)<', fresh.text)
        assert given is not None
        assert await _must_change(db, clerk.email)
        client, landing = await _signed_in(app, clerk.email, given.group(1))
        assert landing == "/panel/password"
        await client.aclose()

    async def test_the_api_gives_no_token_until_the_password_is_changed(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = "budi.santoso@dinsos.example"
        given = await _admin_made(panel, email)
        async with anonymous_client(app) as client:
            refused = await client.post(
                "/api/v1/auth/token", data={"username": email, "password": given}
            )
            assert refused.status_code == 403
            assert "/panel/password" in refused.text
        browser, _ = await _signed_in(app, email, given)
        page = await browser.get("/panel/password")
        await browser.post(
            "/panel/password",
            data={"csrf_token": csrf_of(page.text), "current": given, "new": NEW_PASSWORD,
                  "again": NEW_PASSWORD},
        )  # fmt: skip
        await browser.aclose()
        async with anonymous_client(app) as client:
            token = await client.post(
                "/api/v1/auth/token", data={"username": email, "password": NEW_PASSWORD}
            )
            assert token.status_code == 200, token.text
