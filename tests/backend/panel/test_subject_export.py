"""Everything held about one person (a written request, UU 27/2022 art. 7): JSON and PDF from
the complaint page, whole NIK and KK inside, audited, for the roles that see whole identities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import ComplaintMessage, MessageDirection
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Citizen
from backend.complaints.messages import send_message_to_citizen
from backend.complaints.notes import add_internal_note
from backend.config import Settings
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import REFERRED, complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import attach_file, correction_for
from tests.fixtures.factories import make_complaint, make_facilitator

FO, BO, SUP, ADM, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
KK = "3271040101200003"
CHILD_NIK = "3271045203150004"
NEW_NIK = "3271046501900088"


async def _rich_complaint(
    db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
) -> str:
    """A referred complaint with a KK on file, messages both ways, an internal note, a number
    typed into an answer, an attachment and a correction request."""
    ticket = await complaint_in(db, vault, *REFERRED)
    async with unit_of_work(db) as session:
        complaint = await get_by_ticket(session, ticket)
        assert complaint is not None
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        citizen.kk_lookup, citizen.kk_ciphertext = vault.lookup_hash(KK), vault.encrypt(KK)
        staff = Actor(ActorRole.BACK_OFFICE)
        await send_message_to_citizen(session, complaint, staff, "Mohon kirim foto KK.")
        await add_internal_note(session, complaint, staff, "CATATAN INTERNAL: sudah ditelepon.")
        session.add(
            ComplaintMessage(
                complaint_id=complaint.id, direction=MessageDirection.INBOUND,
                author_role="citizen", text=f"NIK anak saya {CHILD_NIK}",
            )
        )  # fmt: skip
    await attach_file(db, Path(settings.files_dir), ticket)
    await correction_for(db, vault, ticket, "nik", NEW_NIK)
    return ticket


async def _exports(db: async_sessionmaker[AsyncSession]) -> list[AuditRecord]:
    async with db() as session:
        statement = select(AuditRecord).where(AuditRecord.action == "citizen.data_exported")
        return list(await session.scalars(statement))


class TestTheJson:
    """One document with everything, the person's own numbers whole."""

    async def test_everything_held_about_the_person(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault,
        settings: Settings,
    ) -> None:  # fmt: skip
        ticket = await _rich_complaint(db, vault, settings)
        clerk = await panel(BO)
        response = await clerk.post(f"/panel/complaints/{ticket}/subject-export.json")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        disposition = response.headers["content-disposition"]
        assert f"data-pribadi-{ticket}-" in disposition and "3271" not in disposition
        data = json.loads(response.content)
        citizen = data["citizen"]
        assert (citizen["full_name"], citizen["kk"]) == ("Siti Aminah", KK)
        assert citizen["nik"] is not None and len(citizen["nik"]) == 16
        assert citizen["phone"] == "+6281234567890" and citizen["kelurahan"] == "Bubulak"
        assert citizen["consent_method"] == "chat"
        (identity,) = data["channel_identities"]
        assert identity["channel"] == "telegram"
        (complaint,) = data["complaints"]
        assert complaint["ticket"] == ticket and complaint["status"] == "referred"
        assert [e["event"] for e in complaint["status_events"]] == [
            "register", "start_review", "refer",
        ]  # fmt: skip
        texts = [message["text"] for message in complaint["messages"]]
        assert "Mohon kirim foto KK." in texts
        assert not any("CATATAN INTERNAL" in (text or "") for text in texts)
        assert complaint["attachments"][0]["name"] == "foto-rumah.png"
        assert "stored_path" not in complaint["attachments"][0]
        assert complaint["referrals"][0]["agency_code"] == "pkh"
        assert [m["number"] for m in data["identity_mentions"]] == [CHILD_NIK]
        (correction,) = data["correction_requests"]
        assert (correction["field"], correction["requested_identity_number"]) == ("nik", NEW_NIK)
        log = data["processing_log"]
        assert log[0]["action"] == "citizen.data_exported" and log[0]["role"] == "back_office"
        assert {"status.refer", "citizen.correction_requested"} <= {e["action"] for e in log}
        assert all("actor_id" not in entry for entry in log)
        (audit,) = await _exports(db)
        assert (audit.actor_role, audit.actor_id) == ("back_office", str(clerk.user_id))
        assert (audit.object_type, audit.object_id) == ("citizen", str(citizen["id"]))
        assert audit.detail == {"ticket": ticket, "format": "json"}


class TestThePdf:
    """The same, as a document to hand over."""

    async def test_a_pdf_comes_back_and_is_audited(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault,
        settings: Settings,
    ) -> None:  # fmt: skip
        ticket = await _rich_complaint(db, vault, settings)
        response = await (await panel(FO)).post(f"/panel/complaints/{ticket}/subject-export.pdf")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        (audit,) = await _exports(db)
        assert audit.detail == {"ticket": ticket, "format": "pdf"}


class TestWhoMay:
    """Only the roles that see whole identities; a facilitator not even for their own filing."""

    async def test_a_facilitator_is_refused(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(db) as session:
            facilitator = await make_facilitator(session)
            ticket = (await make_complaint(session, vault, facilitator=facilitator)).ticket
        user = await panel(FAC, facilitator_id=facilitator.id)
        assert (await user.get(f"/panel/complaints/{ticket}")).status_code == 200
        for suffix in ("json", "pdf"):
            response = await user.post(f"/panel/complaints/{ticket}/subject-export.{suffix}")
            assert response.status_code == 403
        assert await _exports(db) == []

    @pytest.mark.parametrize("role", [FO, BO, SUP, ADM], ids=lambda role: role.value)
    async def test_office_roles_see_the_buttons(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, role: Role
    ) -> None:
        ticket = await complaint_in(db, vault)
        page = await (await panel(role)).get(f"/panel/complaints/{ticket}")
        assert f'action="/panel/complaints/{ticket}/subject-export.json"' in page.text
        assert f'formaction="/panel/complaints/{ticket}/subject-export.pdf"' in page.text

    async def test_without_the_forms_token_nothing_leaves(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        user = await panel(ADM)
        response = await user.post(f"/panel/complaints/{ticket}/subject-export.json", csrf=False)
        assert response.status_code == 403 and await _exports(db) == []
