"""One facilitator's page: correcting name, phone and kelurahan (audited), and the panel sign-in
an administrator gives them, which sees only their own filings (both databases)."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.security.crypto import Vault
from backend.staff.models import Role, StaffUser
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import anonymous_client, csrf_of
from tests.fixtures.factories import BUBULAK

OTHER_KELURAHAN = "32.71.04.1004"
NEW_PASSWORD = "rumah-singgah-2026"


async def _facilitator(
    db: async_sessionmaker[AsyncSession], name: str = "Rina Marlina", phone: str = "+6281311110001"
) -> int:
    async with unit_of_work(db) as session:
        person = Facilitator(full_name=name, phone=phone, kelurahan_code=BUBULAK)
        session.add(person)
        await session.flush()
        return person.id


async def _signed_in(app: FastAPI, email: str, password: str) -> httpx.AsyncClient:
    """Signs in with email and password and changes the admin-given password first."""
    client = anonymous_client(app)
    form = await client.get("/panel/login")
    answer = await client.post(
        "/panel/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(form.text)},
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/panel/password")
    page = await client.get("/panel/password")
    changed = await client.post(
        "/panel/password",
        data={"csrf_token": csrf_of(page.text), "current": password, "new": NEW_PASSWORD,
              "again": NEW_PASSWORD},
    )  # fmt: skip
    assert changed.status_code == 303
    return client


class TestCorrectingAFacilitator:
    """Name, phone and kelurahan, checked as at registration; the audit names what changed."""

    async def test_saved_and_audited(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        facilitator_id = await _facilitator(db)
        supervisor = await panel(Role.SUPERVISOR)
        listing = (await supervisor.get("/panel/facilitators")).text
        assert f'href="/panel/facilitators/{facilitator_id}"' in listing
        page = (await supervisor.get(f"/panel/facilitators/{facilitator_id}")).text
        assert 'value="Rina Marlina"' in page and "Buat akun panel" not in page
        answer = await supervisor.post(
            f"/panel/facilitators/{facilitator_id}",
            {"full_name": "Rina Marlina Sari", "phone": "0813 1111 0009",
             "kelurahan": OTHER_KELURAHAN},
        )  # fmt: skip
        assert answer.status_code == 303
        assert "Perubahan data fasilitator disimpan" in (await supervisor.get(
            answer.headers["location"])).text  # fmt: skip
        async with db() as session:
            stored = await session.get_one(Facilitator, facilitator_id)
            audit = (
                await session.execute(
                    select(AuditRecord).where(AuditRecord.action == "facilitator.updated")
                )
            ).scalar_one()
        assert (stored.full_name, stored.phone, stored.kelurahan_code) == (
            "Rina Marlina Sari", "+6281311110009", OTHER_KELURAHAN,
        )  # fmt: skip
        assert audit.detail["fields"] == ["full_name", "phone", "kelurahan"]
        assert "Rina" not in str(audit.detail) and "0009" not in str(audit.detail)

    async def test_a_bad_phone_or_anothers_phone_comes_back_with_the_words_kept(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        facilitator_id = await _facilitator(db)
        await _facilitator(db, "Dewi Lestari", "+6281311110002")
        supervisor = await panel(Role.SUPERVISOR)
        bad = await supervisor.post(
            f"/panel/facilitators/{facilitator_id}",
            {"full_name": "Rina Baru", "phone": "12", "kelurahan": BUBULAK},
        )
        assert bad.status_code == 422 and 'value="Rina Baru"' in bad.text
        taken = await supervisor.post(
            f"/panel/facilitators/{facilitator_id}",
            {"full_name": "Rina Baru", "phone": "+6281311110002", "kelurahan": BUBULAK},
        )
        assert taken.status_code == 409 and 'value="Rina Baru"' in taken.text
        async with db() as session:
            assert (await session.get_one(Facilitator, facilitator_id)).full_name == "Rina Marlina"

    async def test_an_unknown_facilitator_is_not_found(self, panel: SignIn) -> None:
        supervisor = await panel(Role.SUPERVISOR)
        assert (await supervisor.get("/panel/facilitators/999999")).status_code == 404


class TestAFacilitatorsPanelSignIn:
    """An admin gives it from the facilitator's page; it sees only that facilitator's filings."""

    async def test_created_once_linked_and_sees_own_filings_only(
        self, app: FastAPI, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        rina = await _facilitator(db)
        dewi = await _facilitator(db, "Dewi Lestari", "+6281311110002")
        own = await complaint_in(db, vault, facilitator_id=rina)
        others = await complaint_in(db, vault, facilitator_id=dewi)
        citizens = await complaint_in(db, vault)

        admin = await panel(Role.ADMIN)
        email = "rina.marlina@dinsos.example"
        made = await admin.post(f"/panel/facilitators/{rina}/account", {"email": email})
        assert made.status_code == 201
        found = re.search(r'id="generated-password">([^<]+)<', made.text)
        assert found is not None
        again = await admin.post(f"/panel/facilitators/{rina}/account", {"email": "x@y.example"})
        assert again.status_code == 409 and "Masuk ke panel dengan rina.marlina" in again.text
        async with db() as session:
            user = (
                await session.execute(select(StaffUser).where(StaffUser.email == email))
            ).scalar_one()
            linked = await session.get_one(Facilitator, rina)
        assert (user.role, user.password_must_change, linked.staff_user_id) == (
            Role.FACILITATOR, True, user.id,
        )  # fmt: skip

        client = await _signed_in(app, email, found.group(1))
        queue = (await client.get("/panel")).text
        assert own in queue and others not in queue and citizens not in queue
        assert (await client.get(f"/panel/complaints/{own}")).status_code == 200
        for ticket in (others, citizens):
            assert (await client.get(f"/panel/complaints/{ticket}")).status_code == 404
        await client.aclose()

    async def test_only_an_admin_gives_one(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        rina = await _facilitator(db)
        supervisor = await panel(Role.SUPERVISOR)
        refused = await supervisor.post(
            f"/panel/facilitators/{rina}/account", {"email": "rina@dinsos.example"}
        )
        assert refused.status_code == 403
        async with db() as session:
            assert (await session.get_one(Facilitator, rina)).staff_user_id is None


class TestTheTimelineNamesTheFacilitator:
    """A facilitator's step shows their name beside the role."""

    async def test_the_filing_shows_the_name(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        rina = await _facilitator(db)
        ticket = await complaint_in(db, vault, facilitator_id=rina)
        page = (await (await panel(Role.SUPERVISOR)).get(f"/panel/complaints/{ticket}")).text
        assert "Rina Marlina (Fasilitator)" in page
