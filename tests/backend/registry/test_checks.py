"""The registry check at intake (chat and walk-in) and on the complaint page, with its re-run."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint, RegistryStatus
from backend.casefiles.repository import get_by_ticket
from backend.registry.models import InclusionProposal, InclusionProposalComplaint, ProposalStatus
from backend.registry.routes import RouteKind, suggested_route
from backend.staff.models import Role
from tests.backend.api.helpers import sign_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser
from tests.backend.panel.world import walk_in_form
from tests.backend.registry.conftest import ImportFile
from tests.backend.registry.files import Person, made_up_people, write_csv
from tests.fixtures.chat import ChatDriver, file_complete_complaint


async def _complaint(sessions: async_sessionmaker[AsyncSession], ticket: str) -> Complaint:
    async with sessions() as session:
        found = await get_by_ticket(session, ticket)
        assert found is not None
        return found


async def _proposals(
    sessions: async_sessionmaker[AsyncSession],
) -> list[tuple[int, str, list[int]]]:
    """(citizen id, status, complaint ids) of every proposal."""
    async with sessions() as session:
        proposals = list(
            await session.scalars(select(InclusionProposal).order_by(InclusionProposal.id))
        )
        links = list(await session.scalars(select(InclusionProposalComplaint)))
    return [
        (
            p.citizen_id,
            p.status.value,
            sorted(link.complaint_id for link in links if link.proposal_id == p.id),
        )
        for p in proposals
    ]


def _registered_person() -> Person:
    """A person in the registry with decile 3 who receives PKH and PBI-JK."""
    return made_up_people(1)[0].but(decile="3", pkh="1", bpnt="0", pbi="1", pip="0")


class TestAtChatIntake:
    """A complaint filed in the chat carries the household's registry result."""

    async def test_a_registered_household_gets_decile_and_programs(
        self, chat: ChatDriver, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        person = _registered_person()
        await import_file(write_csv(tmp_path / "dtsen.csv", [*made_up_people(3), person]))
        ticket = await file_complete_complaint(chat, nik=person.nik)
        complaint = await _complaint(sessions, ticket)
        assert complaint.registry_status == RegistryStatus.REGISTERED
        assert complaint.registry_decile == 3
        assert complaint.registry_programs == ["pbi_jk", "pkh"]
        assert complaint.registry_checked_at is not None
        assert await _proposals(sessions) == []
        async with sessions() as session:
            route = await suggested_route(session, complaint)
        assert (route.kind, route.agency_code, route.program, route.receives_program) == (
            RouteKind.REFER_TO_PROGRAM,
            "pkh",
            "pkh",
            True,
        )
        # The citizen is not told another household's standing: the chat says nothing of it.
        assert "desil" not in chat.text.lower() and "DTSEN" not in chat.text

    async def test_an_unregistered_household_is_proposed_for_inclusion(
        self, chat: ChatDriver, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        await import_file(write_csv(tmp_path / "dtsen.csv", made_up_people(3)))
        outsider = made_up_people(1)[0]
        ticket = await file_complete_complaint(chat, nik=outsider.nik)
        complaint = await _complaint(sessions, ticket)
        assert complaint.registry_status == RegistryStatus.NOT_REGISTERED
        assert (complaint.registry_decile, complaint.registry_programs) == (None, None)
        assert await _proposals(sessions) == [(complaint.citizen_id, "proposed", [complaint.id])]
        async with sessions() as session:
            route = await suggested_route(session, complaint)
        assert (route.kind, route.agency_code) == (RouteKind.INCLUSION_PROPOSAL, None)


async def _walk_in(clerk: PanelUser, person: Person, **changes: str) -> str:
    response = await clerk.post("/panel/walk-in", walk_in_form(nik=person.nik, **changes))
    assert response.status_code == 303, response.text[:2000]
    return response.headers["location"].split("/panel/complaints/")[1].split("?")[0]


class TestAtWalkIn:
    """The front-office clerk sees the result on the page the registration opens."""

    async def test_the_new_complaint_page_shows_decile_programs_and_route(
        self, panel: SignIn, tmp_path: Path, import_file: ImportFile,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        person = _registered_person()
        await import_file(write_csv(tmp_path / "dtsen.csv", [person]))
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post("/panel/walk-in", walk_in_form(nik=person.nik, category="pkh"))
        assert response.status_code == 303
        page = await clerk.client.get(response.headers["location"])
        assert page.status_code == 200
        assert 'id="registry-status">Terdaftar di DTSEN' in page.text
        assert 'id="registry-decile">3<' in page.text
        assert 'id="registry-programs">PBI-JK / KIS, PKH<' in page.text
        assert 'data-route="refer_to_program"' in page.text
        assert "Rujuk ke Koordinator PKH Kota Bogor." in page.text
        assert "Tercatat sebagai penerima PKH." in page.text
        # Front office may re-run the check; the form carries the session's CSRF token.
        assert 'action="/panel/complaints/' in page.text and 'id="registry-recheck"' in page.text

    async def test_a_household_not_receiving_the_program_it_complains_about(
        self, panel: SignIn, tmp_path: Path, import_file: ImportFile
    ) -> None:
        person = _registered_person()
        await import_file(write_csv(tmp_path / "dtsen.csv", [person]))
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post("/panel/walk-in", walk_in_form(nik=person.nik, category="bpnt"))
        page = await clerk.client.get(response.headers["location"])
        assert "Rujuk ke Pengelola Program Sembako/BPNT Kota Bogor." in page.text
        assert "Tidak tercatat sebagai penerima BPNT / Sembako." in page.text

    async def test_an_unregistered_walk_in_shows_the_proposal(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        ticket = await _walk_in(clerk, made_up_people(1)[0])
        page = await clerk.get(f"/panel/complaints/{ticket}")
        [(_, status, _)] = await _proposals(db)
        assert status == "proposed"
        assert 'id="registry-status">Belum terdaftar (diusulkan)' in page.text
        assert 'data-route="inclusion_proposal"' in page.text
        assert "Usulan #" in page.text and "Diusulkan" in page.text
        # Front office does not work proposals: no link to their page.
        assert 'href="/panel/proposals#proposal-' not in page.text

    async def test_without_a_nik_nothing_is_checked(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post("/panel/walk-in", walk_in_form(nik="", no_nik="yes"))
        page = await clerk.client.get(response.headers["location"])
        assert 'id="registry-status">Belum diperiksa' in page.text
        assert "Tanpa NIK: tidak ada yang diperiksa di DTSEN." in page.text
        assert "Dinas Kependudukan dan Pencatatan Sipil Kota Bogor" in page.text
        assert await _proposals(db) == []


class TestRerunFromTheComplaintPage:
    """Staff re-run the check, e.g. after a new import; the re-run is a CSRF-protected POST."""

    async def test_a_new_import_then_a_rerun_finds_the_household(
        self, panel: SignIn, tmp_path: Path, import_file: ImportFile,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        person = _registered_person()
        clerk = await panel(Role.FRONT_OFFICE)
        ticket = await _walk_in(clerk, person)
        assert (await _complaint(db, ticket)).registry_status == RegistryStatus.NOT_REGISTERED
        await import_file(write_csv(tmp_path / "dtsen.csv", [person]))
        worker = await panel(Role.BACK_OFFICE)
        before = await worker.get(f"/panel/complaints/{ticket}")
        # The page shows what was found when the complaint was checked, until the re-run.
        assert 'id="registry-status">Belum terdaftar' in before.text
        assert 'href="/panel/proposals#proposal-' in before.text

        response = await worker.post(f"/panel/complaints/{ticket}/registry-check")
        assert response.status_code == 303
        assert response.headers["location"].endswith("?notice=registry-checked#h-registry")
        after = await worker.client.get(response.headers["location"])
        assert "Pemeriksaan DTSEN dijalankan ulang." in after.text
        assert 'id="registry-status">Terdaftar di DTSEN' in after.text
        assert 'id="registry-decile">3<' in after.text
        complaint = await _complaint(db, ticket)
        assert (complaint.registry_status, complaint.registry_decile) == (
            RegistryStatus.REGISTERED,
            3,
        )
        async with db() as session:
            [audit] = list(await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "complaint.registry_check")
            ))  # fmt: skip
        assert audit.object_id == ticket and audit.actor_id == str(worker.user_id)
        assert (audit.detail["from"], audit.detail["to"]) == ("not_registered", "registered")
        # The proposal stays for staff to close: the household may be confirmed as included.
        [(_, status, _)] = await _proposals(db)
        assert status == ProposalStatus.PROPOSED

    async def test_a_rerun_that_still_finds_nothing_keeps_one_proposal(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        ticket = await _walk_in(clerk, made_up_people(1)[0])
        response = await clerk.post(f"/panel/complaints/{ticket}/registry-check")
        assert response.status_code == 303
        complaint = await _complaint(db, ticket)
        assert await _proposals(db) == [(complaint.citizen_id, "proposed", [complaint.id])]

    async def test_a_rerun_without_the_csrf_token_is_refused_and_changes_nothing(
        self, panel: SignIn, tmp_path: Path, import_file: ImportFile,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        person = _registered_person()
        clerk = await panel(Role.FRONT_OFFICE)
        ticket = await _walk_in(clerk, person)
        await import_file(write_csv(tmp_path / "dtsen.csv", [person]))
        checked = (await _complaint(db, ticket)).registry_checked_at
        for form in ({}, {"csrf_token": "forged"}):
            response = await clerk.post(
                f"/panel/complaints/{ticket}/registry-check", form, csrf=False
            )
            assert response.status_code == 403
        complaint = await _complaint(db, ticket)
        assert complaint.registry_status == RegistryStatus.NOT_REGISTERED
        assert complaint.registry_checked_at == checked

    async def test_a_facilitator_may_not_rerun_and_sees_no_button(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        from backend.db import unit_of_work
        from tests.fixtures.factories import make_facilitator

        async with unit_of_work(db) as session:
            facilitator = await make_facilitator(session)
        account = await panel(Role.FACILITATOR, facilitator_id=facilitator.id)
        clerk = await panel(Role.FRONT_OFFICE)
        ticket = await _walk_in(clerk, made_up_people(1)[0])
        async with unit_of_work(db) as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None
            complaint.facilitator_id = facilitator.id  # set-up: the facilitator's own case
        page = await account.get(f"/panel/complaints/{ticket}")
        assert page.status_code == 200 and 'id="registry-recheck"' not in page.text
        response = await account.post(f"/panel/complaints/{ticket}/registry-check")
        assert response.status_code == 403


class TestInTheApi:
    """The REST API's complaint detail carries the same registry result."""

    async def test_detail_has_status_decile_and_programs(
        self, panel: SignIn, client: httpx.AsyncClient, tmp_path: Path, import_file: ImportFile,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        person = _registered_person()
        await import_file(write_csv(tmp_path / "dtsen.csv", [person]))
        clerk = await panel(Role.FRONT_OFFICE)
        ticket = await _walk_in(clerk, person)
        worker = await sign_in(db, Role.BACK_OFFICE)
        response = await client.get(f"/api/v1/complaints/{ticket}", headers=worker.headers)
        assert response.status_code == 200
        registry = response.json()["registry"]
        assert (registry["status"], registry["decile"], registry["programs"]) == (
            "registered",
            3,
            ["pbi_jk", "pkh"],
        )
        assert registry["checked_at"] is not None
