"""Signing in to the API: tokens, their end, the throttle, two factors, `slrt create-user`.

Different client addresses are different ASGI clients of the same application.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pyotp
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from backend.actors import Actor, ActorRole
from backend.app import create_app
from backend.cli import app as slrt
from backend.clock import utcnow
from backend.config import Settings, get_settings
from backend.db import unit_of_work
from backend.security.crypto import vault_for
from backend.staff.auth import WRONG_CREDENTIALS, issue_credential
from backend.staff.models import CredentialKind, Role, StaffCredential, StaffUser
from backend.staff.service import set_active
from backend.staff.throttle import SigninThrottle, ThrottleLimits
from backend.staff.totp import CODE_NEEDED, CODE_WRONG, renew_recovery_codes
from tests.backend.api.helpers import (
    PASSWORD,
    TOTP_SECRET,
    SignedIn,
    make_account,
    sign_in,
    totp_code,
)

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"
NEW_PASSWORD = "kata-sandi-baru-yang-panjang"
WRONG = {"detail": WRONG_CREDENTIALS}


async def _login(
    client: httpx.AsyncClient, email: str, password: str, totp: str | None = None
) -> httpx.Response:
    data = {"username": email, "password": password} | ({"totp": totp} if totp else {})
    return await client.post(TOKEN, data=data)


def _from(app: FastAPI, address: str) -> httpx.AsyncClient:
    """A client of the application at another address."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://slrt.test")


async def _account(
    sessions: async_sessionmaker[AsyncSession], role: Role = Role.BACK_OFFICE, **options: bool
) -> str:
    async with unit_of_work(sessions) as session:
        user, _ = await make_account(session, role, **options)
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
        email = await _account(db, Role.FRONT_OFFICE)
        response = await _login(client, email.upper(), PASSWORD)
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer" and body["expires_in"] == 8 * 3600
        me = await client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200
        assert (me.json()["email"], me.json()["role"]) == (email, "front_office")

    @pytest.mark.parametrize("known_email", [True, False], ids=["wrong-password", "unknown-email"])
    async def test_a_wrong_password_or_unknown_email_answers_the_same_401(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], known_email: bool
    ) -> None:
        email = await _account(db) if known_email else "nobody@dinsos.example"
        response = await _login(client, email, "bukan-kata-sandinya")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == WRONG

    async def test_a_missing_password_is_a_readable_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(TOKEN, data={"username": "a@dinsos.example"})
        assert response.status_code == 422
        assert [error["msg"] for error in response.json()["detail"]] == ["password is required"]


@pytest.fixture
def argon2_checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts argon2 verifications (the library's, whatever hash they are run against)."""
    calls: list[int] = []
    verify = PasswordHasher.verify

    def counted(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        calls.append(1)
        return verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    yield calls


class TestNoAccountCanBeTold:
    """Unknown, wrong password, held back and deactivated answer alike, after the same work."""

    async def test_four_refusals_one_answer_one_argon2_check_each(
        self, app: FastAPI, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession],
        argon2_checks: list[int],
    ) -> None:  # fmt: skip
        app.state.signin_throttle = SigninThrottle(
            limits=ThrottleLimits(per_address=("99/minute",))
        )
        held_back, deactivated = await _account(db), await _account(db)
        async with unit_of_work(db) as session:
            await session.execute(
                update(StaffUser).where(StaffUser.email == deactivated).values(is_active=False)
            )
        for _ in range(5):  # this address's failures on the account hold it back here
            await _login(client, held_back, "salah-salah-salah")
        cases = {
            "unknown email": ("tidak-ada@dinsos.example", PASSWORD),
            "wrong password": (await _account(db), "salah-salah-salah"),
            "held back, right password": (held_back, PASSWORD),
            "deactivated, right password": (deactivated, PASSWORD),
        }
        answers, work = {}, {}
        for case, (email, password) in cases.items():
            before = len(argon2_checks)
            response = await _login(client, email, password)
            answers[case] = (
                response.status_code,
                response.text,
                response.headers["www-authenticate"],
            )
            work[case] = len(argon2_checks) - before
        assert set(answers.values()) == {(401, '{"detail":"Wrong email or password"}', "Bearer")}
        assert work == dict.fromkeys(cases, 1)


class TestThrottle:
    """Failures slow their source down; nobody can lock the owner of an account out."""

    async def test_a_stranger_hammering_from_elsewhere_cannot_keep_the_owner_out(
        self, app: FastAPI, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.FRONT_OFFICE)
        # Sixty wrong passwords from thirty addresses: past every per-account count there is.
        for attempt in range(60):
            async with _from(app, f"203.0.113.{attempt % 30}") as stranger:
                assert (await _login(stranger, email, "tebak-tebak-tebak")).status_code == 401
        async with _from(app, "10.20.30.40") as owner:
            assert (await _login(owner, email, PASSWORD)).status_code == 200
        # An address that took part cannot even use the right password now.
        async with _from(app, "203.0.113.5") as stranger:
            refused = await _login(stranger, email, PASSWORD)
        assert (refused.status_code, refused.json()) == (401, WRONG)

    async def test_an_address_failing_across_accounts_waits_with_429(
        self, app: FastAPI, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        async with _from(app, "198.51.100.7") as guesser:
            for serial in range(10):
                await _login(guesser, f"tebakan{serial}@dinsos.example", "salah-salah-salah")
            refused = await _login(guesser, email, PASSWORD)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 60
        assert refused.json()["detail"].startswith("Too many failed sign-ins from this address")
        async with _from(app, "10.20.30.40") as owner:
            assert (await _login(owner, email, PASSWORD)).status_code == 200

    @pytest.mark.own_database  # connections racing each other
    async def test_attempts_made_at_the_same_time_are_all_counted(
        self, app: FastAPI, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        answers = await asyncio.gather(
            *(_login(client, email, "salah-salah-salah") for _ in range(5))
        )
        assert [a.status_code for a in answers] == [401] * 5
        assert (await _login(client, email, PASSWORD)).status_code == 401
        async with _from(app, "10.20.30.40") as owner:
            assert (await _login(owner, email, PASSWORD)).status_code == 200

    async def test_a_success_forgets_the_addresses_failures(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db)
        for _ in range(4):
            await _login(client, email, "salah-salah-salah")
        assert (await _login(client, email, PASSWORD)).status_code == 200
        for _ in range(4):
            await _login(client, email, "salah-salah-salah")
        assert (await _login(client, email, PASSWORD)).status_code == 200


class TestTwoFactor:
    """Supervisors and admins send the authenticator's code in the `totp` field."""

    async def test_a_supervisor_needs_the_code_and_each_code_works_once(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.SUPERVISOR)
        without = await _login(client, email, PASSWORD)
        assert (without.status_code, without.json()) == (401, {"detail": CODE_NEEDED})
        code = totp_code(step_offset=-1)
        assert (await _login(client, email, PASSWORD, code)).status_code == 200
        replayed = await _login(client, email, PASSWORD, code)
        assert (replayed.status_code, replayed.json()) == (401, {"detail": CODE_WRONG})
        assert (await _login(client, email, PASSWORD, "123456")).status_code == 401
        assert (await _login(client, email, PASSWORD, totp_code(step_offset=1))).status_code == 200

    async def test_a_wrong_password_with_a_right_code_is_still_the_wrong_password(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.ADMIN)
        response = await _login(client, email, "salah-salah-salah", totp_code())
        assert (response.status_code, response.json()) == (401, WRONG)

    async def test_an_admin_without_two_factors_gets_no_token(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.ADMIN, two_factor=False)
        response = await _login(client, email, PASSWORD)
        assert response.status_code == 403
        assert "/panel/two-factor" in response.json()["detail"]

    @pytest.mark.parametrize("on", [True, False], ids=["chosen", "not-chosen"])
    async def test_other_roles_choose(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], on: bool
    ) -> None:
        email = await _account(db, Role.BACK_OFFICE, two_factor=on)
        assert (await _login(client, email, PASSWORD)).status_code == (401 if on else 200)
        if on:
            assert (await _login(client, email, PASSWORD, totp_code())).status_code == 200

    async def test_a_recovery_code_in_the_totp_field_works_once(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(db, Role.SUPERVISOR)
        async with unit_of_work(db) as session:
            user = (await session.scalars(select(StaffUser).where(StaffUser.email == email))).one()
            codes = await renew_recovery_codes(session, user, vault_for(os.environ["DATA_KEY"]))
        assert (await _login(client, email, PASSWORD, codes[0])).status_code == 200
        assert (await _login(client, email, PASSWORD, codes[0])).status_code == 401
        assert (await _login(client, email, PASSWORD, codes[1])).status_code == 200

    async def test_the_openapi_document_names_the_totp_field(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        operation = document["paths"][TOKEN]["post"]
        reference = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]
        name = reference["schema"]["$ref"].rsplit("/", 1)[-1]
        fields = document["components"]["schemas"][name]["properties"]
        assert {"username", "password", "totp"} <= set(fields)
        assert {"401", "403", "422", "429"} <= set(operation["responses"])


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

    def test_an_account_with_a_totp_secret_signs_in_with_its_codes(
        self, database_url: str, settings: Settings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.chdir(tmp_path)
        result = _create_user(settings, "--role", "admin", "--totp-secret", TOTP_SECRET.lower())
        assert result.exit_code == 0, result.output
        assert "Two-factor sign-in is on" in result.output
        code = pyotp.TOTP(TOTP_SECRET).now()  # what the automation computes
        assert asyncio.run(_sign_in_and_ask_who(settings, code)) == ("budi@dinsos.example", "admin")

    def test_a_secret_that_is_not_base32_is_refused(
        self, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        result = _create_user(settings, "--role", "admin", "--totp-secret", "bukan-base32!")
        assert result.exit_code == 2
        assert "not base32" in result.output


def _create_user(settings: Settings, *options: str) -> object:
    environment = {
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
    }
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(
            slrt, ["create-user", "--email", "Budi@Dinsos.example", "--name", "Budi Santoso",
                   "--password-stdin", *options],
            input=NEW_PASSWORD + "\n", env=environment,
        )  # fmt: skip
    finally:
        get_settings.cache_clear()


async def _sign_in_and_ask_who(settings: Settings, totp: str | None = None) -> tuple[str, str]:
    application = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
            answer = await _login(client, "budi@dinsos.example", NEW_PASSWORD, totp)
            token = answer.json()["access_token"]
            me = (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).json()
    finally:
        await application.state.engine.dispose()
    return me["email"], me["role"]
