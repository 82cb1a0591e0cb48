"""Signing in to the API: tokens, their end, the lockout, password changes, `slrt create-user`."""

from __future__ import annotations

import asyncio
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from backend.actors import Actor, ActorRole
from backend.app import create_app
from backend.cli import app as slrt
from backend.clock import utcnow
from backend.config import Settings, get_settings
from backend.db import unit_of_work
from backend.staff.auth import MAX_FAILED_LOGINS, issue_credential
from backend.staff.models import CredentialKind, Role, StaffCredential, StaffUser
from backend.staff.service import set_active
from tests.backend.api.helpers import PASSWORD, SignedIn, make_account, sign_in

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"
NEW_PASSWORD = "kata-sandi-baru-yang-panjang"


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(TOKEN, data={"username": email, "password": password})


async def _account(
    sessions: async_sessionmaker[AsyncSession], role: Role = Role.BACK_OFFICE
) -> str:
    async with unit_of_work(sessions) as session:
        user, _ = await make_account(session, role)
        return user.email


async def _user(sessions: async_sessionmaker[AsyncSession], email: str) -> StaffUser:
    async with sessions() as session:
        return (
            await session.execute(select(StaffUser).where(StaffUser.email == email))
        ).scalar_one()


class TestSigningIn:
    """The OAuth2 password form signs staff in with their email and answers a bearer token."""

    async def test_the_right_password_gives_a_token_that_works(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.SUPERVISOR)
        response = await _login(client, email.upper(), PASSWORD)
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer" and body["expires_in"] == 8 * 3600
        me = await client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200
        assert (me.json()["email"], me.json()["role"]) == (email, "supervisor")

    @pytest.mark.parametrize("known_email", [True, False], ids=["wrong-password", "unknown-email"])
    async def test_a_wrong_password_or_unknown_email_answers_the_same_401(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], known_email: bool
    ) -> None:
        email = await _account(db) if known_email else "nobody@dinsos.example"
        response = await _login(client, email, "bukan-kata-sandinya")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"detail": "Wrong email or password"}

    async def test_a_deactivated_account_is_told_so(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        async with unit_of_work(db) as session:
            await session.execute(
                update(StaffUser).where(StaffUser.email == email).values(is_active=False)
            )
        response = await _login(client, email, PASSWORD)
        assert response.status_code == 401
        assert "deactivated" in response.json()["detail"]

    async def test_a_missing_password_is_a_readable_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(TOKEN, data={"username": "a@dinsos.example"})
        assert response.status_code == 422
        assert [error["msg"] for error in response.json()["detail"]] == ["password is required"]


class TestLockout:
    """Five wrong passwords in a row lock the account for 15 minutes; a success resets the count."""

    async def test_the_fifth_failure_locks_and_even_the_right_password_is_refused(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        answers = [(await _login(client, email, "salah-salah-salah")).json()["detail"]
                   for _ in range(MAX_FAILED_LOGINS)]  # fmt: skip
        assert answers[:-1] == ["Wrong email or password"] * (MAX_FAILED_LOGINS - 1)
        assert "locked after 5 failed sign-ins" in answers[-1] and "WIB" in answers[-1]
        refused = await _login(client, email, PASSWORD)
        assert refused.status_code == 401
        assert "locked" in refused.json()["detail"]
        user = await _user(db, email)
        assert user.locked_until is not None
        assert timedelta(minutes=14) < user.locked_until - utcnow() <= timedelta(minutes=15)

    @pytest.mark.own_database  # connections racing each other
    async def test_attempts_made_at_the_same_time_are_all_counted(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        attempts = [_login(client, email, "salah-salah-salah") for _ in range(MAX_FAILED_LOGINS)]
        answers = await asyncio.gather(*attempts)
        assert [a.status_code for a in answers] == [401] * MAX_FAILED_LOGINS
        assert (await _user(db, email)).locked_until is not None

    async def test_after_the_lock_runs_out_the_right_password_works(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        for _ in range(MAX_FAILED_LOGINS):
            await _login(client, email, "salah-salah-salah")
        async with unit_of_work(db) as session:
            await session.execute(
                update(StaffUser).where(StaffUser.email == email)
                .values(locked_until=utcnow() - timedelta(seconds=1))
            )  # fmt: skip
        assert (await _login(client, email, PASSWORD)).status_code == 200
        assert (await _user(db, email)).failed_logins == 0

    async def test_a_success_resets_the_count_of_failures(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        for _ in range(MAX_FAILED_LOGINS - 1):
            await _login(client, email, "salah-salah-salah")
        assert (await _login(client, email, PASSWORD)).status_code == 200
        for _ in range(MAX_FAILED_LOGINS - 1):
            await _login(client, email, "salah-salah-salah")
        assert (await _login(client, email, PASSWORD)).status_code == 200


class TestTokensThatNoLongerWork:
    """A bad, expired or revoked token answers 401 with a message that says to sign in again."""

    async def test_a_made_up_token_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get(ME, headers={"Authorization": "Bearer made-up"})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"detail": "The token is not valid; sign in again"}

    async def test_an_expired_token_is_refused(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        async with unit_of_work(db) as session:
            await session.execute(
                update(StaffCredential).values(expires_at=utcnow() - timedelta(seconds=1))
            )
        response = await client.get(ME, headers=caller.headers)
        assert response.status_code == 401
        assert response.json() == {"detail": "The token has expired; sign in again"}

    async def test_logout_revokes_the_token_and_only_that_one(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        other = await _second_token(db, caller)
        assert (await client.post("/api/v1/auth/logout", headers=caller.headers)).status_code == 204
        response = await client.get(ME, headers=caller.headers)
        assert response.status_code == 401
        assert response.json() == {"detail": "The token was ended (logout); sign in again"}
        assert (await client.get(ME, headers=other.headers)).status_code == 200

    async def test_a_deactivated_users_tokens_stop_working(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        admin = await sign_in(db, Role.ADMIN)
        async with unit_of_work(db) as session:
            user = await session.get_one(StaffUser, caller.user_id)
            await set_active(session, user, False, Actor(ActorRole.ADMIN, staff_id=admin.user_id))
        response = await client.get(ME, headers=caller.headers)
        assert response.status_code == 401
        assert "deactivated" in response.json()["detail"]

    async def test_a_panel_session_is_not_a_bearer_token(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        async with unit_of_work(db) as session:
            user = await session.get_one(StaffUser, caller.user_id)
            panel = await issue_credential(session, user, CredentialKind.SESSION)
        response = await client.get(ME, headers={"Authorization": f"Bearer {panel.token}"})
        assert response.status_code == 401

    async def test_only_the_sha256_of_a_token_is_stored(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        token = (await _login(client, email, PASSWORD)).json()["access_token"]
        async with db() as session:
            stored = (await session.scalars(select(StaffCredential))).one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr(
            [getattr(stored, c.key) for c in StaffCredential.__table__.columns]
        )


async def _second_token(sessions: async_sessionmaker[AsyncSession], caller: SignedIn) -> SignedIn:
    async with unit_of_work(sessions) as session:
        user = await session.get_one(StaffUser, caller.user_id)
        issued = await issue_credential(session, user, CredentialKind.API_TOKEN)
    return SignedIn(caller.user_id, caller.role, caller.email, issued.token)


class TestChangingThePassword:
    """A password change checks the old one and ends every token of the account."""

    async def test_every_token_ends_and_only_the_new_password_signs_in(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        other = await _second_token(db, caller)
        response = await client.post(
            "/api/v1/auth/password", headers=caller.headers,
            json={"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        )  # fmt: skip
        assert response.status_code == 204, response.text
        for headers in (caller.headers, other.headers):
            refused = await client.get(ME, headers=headers)
            assert refused.json() == {
                "detail": "The token was ended (password_changed); sign in again"
            }
        assert (await _login(client, caller.email, PASSWORD)).status_code == 401
        assert (await _login(client, caller.email, NEW_PASSWORD)).status_code == 200

    @pytest.mark.parametrize(
        ("old", "new", "message"),
        [
            ("salah-salah-salah", NEW_PASSWORD, "The current password is wrong"),
            (PASSWORD, "pendek", "The password needs at least 10 characters"),
            (PASSWORD, PASSWORD, "The new password must differ from the current one"),
        ],
        ids=["wrong-old", "too-short", "unchanged"],
    )
    async def test_a_refused_change_says_why_and_keeps_the_token(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession],
        old: str, new: str, message: str,
    ) -> None:  # fmt: skip
        caller = await sign_in(db, Role.BACK_OFFICE)
        response = await client.post(
            "/api/v1/auth/password", headers=caller.headers,
            json={"old_password": old, "new_password": new},
        )  # fmt: skip
        assert response.status_code == 422
        assert response.json() == {"detail": message}
        assert (await client.get(ME, headers=caller.headers)).status_code == 200


class TestCreateUserCommand:
    """An account made with `slrt create-user` signs in to the API."""

    def test_the_new_account_gets_a_token(
        self,
        database_url: str,
        settings: Settings,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        environment = {
            "DATABASE_URL": settings.database_url,
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "DATA_KEY": os.environ["DATA_KEY"],
        }
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(
                slrt, ["create-user", "--email", "Budi@Dinsos.example", "--name", "Budi Santoso",
                       "--role", "back_office", "--password-stdin"],
                input=NEW_PASSWORD + "\n", env=environment,
            )  # fmt: skip
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 0, result.output
        assert asyncio.run(_sign_in_and_ask_who(settings)) == ("budi@dinsos.example", "back_office")


async def _sign_in_and_ask_who(settings: Settings) -> tuple[str, str]:
    application = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
            token = (await _login(client, "budi@dinsos.example", NEW_PASSWORD)).json()[
                "access_token"
            ]
            me = (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).json()
    finally:
        await application.state.engine.dispose()
    return me["email"], me["role"]
