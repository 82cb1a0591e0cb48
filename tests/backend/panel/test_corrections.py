"""Correction requests in the panel: the open ones by deadline, applying and refusing, each
audited and told to the person's chat; only the roles that work complaints answer them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.citizens.models import Citizen
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.notifications.models import OutboxMessage, Recipient
from backend.notifications.repository import ClaimedMessage
from backend.panel.nav import CORRECTION_ROLES
from backend.privacy.corrections import CORRECTION_HANDLERS
from backend.privacy.models import CorrectionRequest, CorrectionStatus
from backend.security.crypto import Vault
from backend.staff.models import Role
from bot.notifier.compose import compose
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.tables import table_rows
from tests.backend.panel.world import correction_for, stored
from tests.fixtures.factories import make_citizen

FO, BO, SUP, ADM, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
NEW_NIK = "3271046501900077"


async def _request(db: async_sessionmaker[AsyncSession], request_id: int) -> CorrectionRequest:
    async with db() as session:
        return await session.get_one(CorrectionRequest, request_id)


async def _citizen_of(db: async_sessionmaker[AsyncSession], ticket: str) -> Citizen:
    complaint = await stored(db, ticket)
    async with db() as session:
        return await session.get_one(Citizen, complaint.citizen_id)


async def _audit(db: async_sessionmaker[AsyncSession], action: str) -> list[AuditRecord]:
    async with db() as session:
        return list(await session.scalars(select(AuditRecord).where(AuditRecord.action == action)))


async def _outbox(db: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with db() as session:
        statement = select(OutboxMessage).where(OutboxMessage.template.like("privacy.%"))
        return list(await session.scalars(statement))


def _composed(message: OutboxMessage) -> str:
    claimed = ClaimedMessage(
        id=message.id, channel="telegram", chat_id="1", identity_id=message.identity_id or 0,
        recipient=message.recipient, template=message.template, params=message.params,
        language=message.language, complaint_id=None, attempts=0, reachable=True,
    )  # fmt: skip
    return compose(claimed, appeal_window_days=14).text


class TestTheList:
    """Open requests, the earliest deadline first; an overdue one stands out."""

    async def test_open_requests_by_deadline_overdue_marked(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        late = await correction_for(
            db, vault, await complaint_in(db, vault), now=utcnow() - timedelta(days=14)
        )
        fresh = await correction_for(db, vault, await complaint_in(db, vault), "address",
                                      "Jl. Kenari No. 9, RT 01/RW 04")  # fmt: skip
        answered = await correction_for(db, vault, await complaint_in(db, vault))
        clerk = await panel(BO)
        await clerk.post(f"/panel/corrections/{answered}/refuse", {"reason": "Sudah benar."})
        page = await clerk.get("/panel/corrections")
        assert page.status_code == 200
        rows = table_rows(page.text, "corrections")
        assert [row[0] for row in rows] == [f"#{late}", f"#{fresh}"]
        assert rows[0][2] == "Nomor HP" and "Lewat tenggat" in rows[0][5]
        assert rows[1][2] == "Alamat" and "Lewat tenggat" not in rows[1][5]
        assert f'id="correction-{late}" class="due-overdue"' in page.text

    async def test_the_navigation_shows_it_to_those_who_answer(self, panel: SignIn) -> None:
        assert {role.value for role in CORRECTION_ROLES} == {r.value for r in CORRECTION_HANDLERS}
        for role in (BO, SUP, ADM):
            assert 'href="/panel/corrections"' in (await (await panel(role)).get("/panel")).text
        for role in (FO, FAC):
            user = await panel(role)
            assert 'href="/panel/corrections"' not in (await user.get("/panel")).text


class TestApplying:
    """The record takes the value asked for; audited; the person hears it in their chat."""

    async def test_a_phone_correction(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        request_id = await correction_for(db, vault, ticket)
        clerk = await panel(BO)
        page = await clerk.get(f"/panel/corrections/{request_id}")
        assert "+6281234567890" in page.text and "+6281311112222" in page.text
        response = await clerk.post(
            f"/panel/corrections/{request_id}/apply", {"note": "Sesuai KTP."}
        )
        assert response.status_code == 303
        assert (await _citizen_of(db, ticket)).phone == "+6281311112222"
        request = await _request(db, request_id)
        assert request.status == CorrectionStatus.CORRECTED
        assert (request.answer, request.answered_by_staff_id) == ("Sesuai KTP.", clerk.user_id)
        (audit,) = await _audit(db, "citizen.correction_applied")
        assert (audit.actor_role, audit.actor_id) == ("back_office", str(clerk.user_id))
        assert audit.object_id == str(request.citizen_id)
        assert audit.detail == {"request_id": request_id, "field": "phone"}
        (message,) = await _outbox(db)
        assert (message.template, message.recipient) == (
            "privacy.correction_corrected",
            Recipient.CITIZEN,
        )
        words = _composed(message)
        assert f"nomor {request_id}" in words and "No. HP" in words and "Sesuai KTP." in words
        done = await clerk.get(f"/panel/corrections/{request_id}?notice=correction-applied")
        assert "Sudah diperbaiki" in done.text and 'id="form-apply"' not in done.text
        again = await clerk.post(f"/panel/corrections/{request_id}/apply", {})
        assert again.status_code == 409

    async def test_a_nik_is_re_encrypted_with_a_fresh_lookup_hash(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        request_id = await correction_for(db, vault, ticket, "nik", NEW_NIK)
        clerk = await panel(SUP)
        page = await clerk.get(f"/panel/corrections/{request_id}")
        assert "3271********0077" in page.text and NEW_NIK not in page.text
        assert (await clerk.post(f"/panel/corrections/{request_id}/apply", {})).status_code == 303
        citizen = await _citizen_of(db, ticket)
        assert citizen.nik_lookup == vault.lookup_hash(NEW_NIK)
        assert citizen.nik_ciphertext is not None
        assert vault.decrypt(citizen.nik_ciphertext) == NEW_NIK
        request = await _request(db, request_id)
        assert citizen.nik_ciphertext != request.requested_identity_ciphertext

    async def test_a_nik_another_record_holds_is_refused_and_nothing_changes(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        async with unit_of_work(db) as session:
            await make_citizen(session, vault, nik=NEW_NIK, name="Orang Lain")
        request_id = await correction_for(db, vault, ticket, "nik", NEW_NIK)
        before = await _citizen_of(db, ticket)
        clerk = await panel(BO)
        response = await clerk.post(f"/panel/corrections/{request_id}/apply", {})
        assert response.status_code == 409
        assert "Another citizen record already holds this NIK" in response.text
        after = await _citizen_of(db, ticket)
        assert after.nik_lookup == before.nik_lookup
        assert (await _request(db, request_id)).status == CorrectionStatus.OPEN
        assert await _audit(db, "citizen.correction_applied") == []
        assert await _outbox(db) == []

    async def test_something_else_needs_a_note_of_what_was_done(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        request_id = await correction_for(
            db, vault, await complaint_in(db, vault), "other",
            "Tanggal lahir saya salah, yang benar 25 Januari 1990.",
        )  # fmt: skip
        clerk = await panel(ADM)
        refused = await clerk.post(f"/panel/corrections/{request_id}/apply", {"note": " "})
        assert refused.status_code == 422
        done = await clerk.post(
            f"/panel/corrections/{request_id}/apply", {"note": "Tanggal lahir sudah diperbaiki."}
        )
        assert done.status_code == 303


class TestRefusing:
    """A reason is required; it reaches the person's chat."""

    async def test_refused_with_a_reason(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        request_id = await correction_for(db, vault, ticket, "full_name", "Siti Aminah Putri")
        clerk = await panel(BO)
        empty = await clerk.post(f"/panel/corrections/{request_id}/refuse", {"reason": ""})
        assert empty.status_code == 422 and 'id="f-refuse-reason"' in empty.text
        reason = "Nama di KTP tertulis Siti Aminah; bawa KTP baru ke kantor."
        response = await clerk.post(f"/panel/corrections/{request_id}/refuse", {"reason": reason})
        assert response.status_code == 303
        assert (await _citizen_of(db, ticket)).full_name == "Siti Aminah"
        request = await _request(db, request_id)
        assert (request.status, request.answer) == (CorrectionStatus.REFUSED, reason)
        (audit,) = await _audit(db, "citizen.correction_refused")
        assert audit.detail == {"request_id": request_id, "field": "full_name"}
        (message,) = await _outbox(db)
        assert message.template == "privacy.correction_refused"
        assert reason in _composed(message) and "tidak dapat kami penuhi" in _composed(message)


class TestWhoMay:
    """Front office and facilitators neither see nor answer correction requests."""

    @pytest.mark.parametrize("role", [FO, FAC], ids=["front_office", "facilitator"])
    async def test_refused_roles(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, role: Role
    ) -> None:
        request_id = await correction_for(db, vault, await complaint_in(db, vault))
        user = await panel(role)
        assert (await user.get("/panel/corrections")).status_code == 403
        assert (await user.get(f"/panel/corrections/{request_id}")).status_code == 403
        applied = await user.post(f"/panel/corrections/{request_id}/apply", {})
        refused = await user.post(f"/panel/corrections/{request_id}/refuse", {"reason": "Tidak."})
        assert (applied.status_code, refused.status_code) == (403, 403)
        assert (await _request(db, request_id)).status == CorrectionStatus.OPEN

    async def test_an_unknown_request_is_not_found(self, panel: SignIn) -> None:
        assert (await (await panel(BO)).get("/panel/corrections/999999")).status_code == 404
