"""The complaint page: what it shows, the actions it offers, and how refusals read."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import ComplaintStatus
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from backend.notifications.models import (
    OutboxMessage,
)
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import REFERRED, complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import stored
from tests.fixtures.factories import make_complaint, make_facilitator

FO, BO, SUP, ADM = Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN
NEEDS_INFO = ("start_review", ("request_info", EventDetails(note="Mohon kirim foto KK.")))
RESOLVED = ("start_review", "handle", ("resolve", EventDetails(resolution="PKH sudah cair.")))


def offered(html: str) -> set[str]:
    """The lifecycle events the page offers a form for."""
    return set(re.findall(r'<details class="action" id="form-(\w+)"', html))


async def _pending_approval(db: async_sessionmaker[AsyncSession], vault: Vault) -> str:
    async with unit_of_work(db) as session:
        facilitator = await make_facilitator(session)
        return (await make_complaint(session, vault, facilitator=facilitator)).ticket


class TestTheActionsOffered:
    """Exactly the events the role may fire from the status, each with the fields it needs."""

    @pytest.mark.parametrize(
        ("events", "role", "expected"),
        [
            ((), BO, {"start_review", "reject"}),
            ((), FO, set()),
            ((), SUP, {"start_review", "reject"}),
            (NEEDS_INFO, FO, {"provide_info"}),
            (NEEDS_INFO, BO, {"provide_info", "reject"}),
            (("start_review",), ADM, {"request_info", "handle", "refer", "reject"}),
            (REFERRED, BO, {"record_outcome"}),
            (RESOLVED, FO, {"appeal"}),
            (RESOLVED, BO, {"close"}),
            (RESOLVED, SUP, {"close"}),
        ],
        ids=lambda value: value.value if isinstance(value, Role) else None,
    )
    async def test_offers_the_lifecycle_events_of_the_role(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault,
        events: tuple, role: Role, expected: set[str],
    ) -> None:  # fmt: skip
        ticket = await complaint_in(db, vault, *events)
        page = await (await panel(role)).get(f"/panel/complaints/{ticket}")
        assert page.status_code == 200
        assert offered(page.text) == expected

    async def test_a_facilitators_filing_awaits_a_supervisor(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await _pending_approval(db, vault)
        assert offered((await (await panel(SUP)).get(f"/panel/complaints/{ticket}")).text) == {
            "approve",
            "reject",
        }
        assert offered((await (await panel(BO)).get(f"/panel/complaints/{ticket}")).text) == set()

    async def test_each_form_has_the_fields_its_event_needs(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        page = (await (await panel(BO)).get(f"/panel/complaints/{ticket}")).text
        refer = page.split('id="form-refer"')[1].split("</details>")[0]
        assert '<select id="f-refer-agency" name="agency" required>' in refer
        assert 'value="pkh"' in refer and 'name="note"' in refer and 'name="internal_note"' in refer
        ask = page.split('id="form-request_info"')[1].split("</details>")[0]
        assert re.search(r'<textarea id="f-request_info-note" name="note" rows="3" required>', ask)
        reject = page.split('id="form-reject"')[1].split("</details>")[0]
        assert 'name="reason"' in reject
        referred = await complaint_in(db, vault, *REFERRED)
        outcome = (await (await panel(BO)).get(f"/panel/complaints/{referred}")).text
        form = outcome.split('id="form-record_outcome"')[1].split("</details>")[0]
        assert 'action="/panel/complaints/' + referred + '/referral-answer"' in form
        assert 'value="in_progress"' in form and 'value="resolved"' in form
        assert 'name="answer"' in form and 'name="resolution"' in form


class TestMovingTheComplaint:
    """A back-office worker takes a complaint from received to resolved through a referral."""

    async def test_review_refer_and_record_the_agencys_answer(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        worker = await panel(BO)
        path = f"/panel/complaints/{ticket}"
        response = await worker.post(
            path + "/events", {"event": "start_review", "note": "Sedang kami periksa."}
        )
        assert response.status_code == 303
        assert response.headers["location"].startswith(
            f"{path}?notice=event-done&event=start_review"
        )
        shown = await worker.client.get(response.headers["location"])
        assert "Mulai telaah: status sekarang Ditelaah." in shown.text
        response = await worker.post(
            path + "/events", {"event": "refer", "agency": "pkh", "note": "Kami teruskan ke PKH."}
        )
        assert response.status_code == 303
        assert (await stored(db, ticket)).status == ComplaintStatus.REFERRED
        response = await worker.post(path + "/referral-answer", {
            "answer": "Bantuan tahap 4 sudah dicairkan 12 Nov.", "outcome": "resolved",
            "resolution": "Bantuan PKH Anda sudah cair; silakan cek rekening.",
        })  # fmt: skip
        assert response.status_code == 303
        complaint = await stored(db, ticket)
        assert complaint.status == ComplaintStatus.RESOLVED
        page = (await worker.get(path)).text
        assert "Dirujuk ke Koordinator PKH Kota Bogor" in page
        assert "Bantuan tahap 4 sudah dicairkan 12 Nov." in page
        assert "Bantuan PKH Anda sudah cair; silakan cek rekening." in page
        # The citizen's chat is to hear of each step: the notifier finds the rows waiting.
        async with db() as session:
            templates = list(await session.scalars(
                select(OutboxMessage.template).where(OutboxMessage.complaint_id == complaint.id)
                .order_by(OutboxMessage.id)
            ))  # fmt: skip
        assert templates == [
            "complaint.start_review",
            "complaint.refer",
            "complaint.record_outcome",
        ]
        assert page.count('class="delivery-pending"') == 3

    async def test_message_note_and_assignment(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        path = f"/panel/complaints/{ticket}"
        manager, worker = await panel(SUP), await panel(BO)
        assert (
            await manager.post(path + "/messages", {"text": "Mohon datang hari Senin."})
        ).status_code == 303
        assert (
            await manager.post(path + "/notes", {"text": "Keluarga ini dikenal RT."})
        ).status_code == 303
        assert (
            await manager.post(path + "/assignee", {"assignee_id": str(worker.user_id)})
        ).status_code == 303
        assert (await stored(db, ticket)).assignee_id == worker.user_id
        page = (await worker.get(path)).text
        assert "Mohon datang hari Senin." in page and "Keluarga ini dikenal RT." in page
        assert "Pesan petugas" in page  # its delivery to the citizen is listed
        # Assigned to this worker already: nothing to take.
        assert "Ambil pengaduan ini" not in page

    async def test_back_office_takes_an_unassigned_complaint(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        worker = await panel(BO)
        page = (await worker.get(f"/panel/complaints/{ticket}")).text
        assert 'name="assignee_id" value="me"' in page
        response = await worker.post(f"/panel/complaints/{ticket}/assignee", {"assignee_id": "me"})
        assert response.status_code == 303
        assert (await stored(db, ticket)).assignee_id == worker.user_id


class TestRefusals:
    """A refused action comes back on the page, said plainly, with what was typed kept."""

    async def test_a_missing_field_names_it_and_keeps_the_other_values(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        response = await (await panel(BO)).post(
            f"/panel/complaints/{ticket}/events",
            {"event": "refer", "agency": "", "note": "Catatan <penting> untuk warga"},
        )
        assert response.status_code == 422
        assert "«Rujuk ke instansi» memerlukan isian berikut: Instansi tujuan." in response.text
        assert '<details class="action" id="form-refer" open>' in response.text
        assert "Catatan &lt;penting&gt; untuk warga</textarea>" in response.text
        assert (await stored(db, ticket)).status == ComplaintStatus.IN_REVIEW

    async def test_an_event_the_status_does_not_allow_is_a_409(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        response = await (await panel(BO)).post(
            f"/panel/complaints/{ticket}/events", {"event": "resolve", "resolution": "Selesai."}
        )
        assert response.status_code == 409
        assert (
            "«Selesaikan» tidak dapat dilakukan karena status pengaduan sekarang «Diterima»"
            in response.text
        )

    async def test_a_role_that_may_not_is_a_403_on_the_page(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        response = await (await panel(FO)).post(
            f"/panel/complaints/{ticket}/events", {"event": "start_review"}
        )
        assert response.status_code == 403
        assert "Peran Anda tidak boleh melakukan «Mulai telaah»" in response.text
        assert "Cannot start_review a complaint that is received" in response.text

    async def test_an_answer_resolving_the_referral_needs_a_resolution(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, *REFERRED)
        response = await (await panel(BO)).post(
            f"/panel/complaints/{ticket}/referral-answer",
            {"answer": "Sudah kami proses.", "outcome": "resolved"},
        )
        assert response.status_code == 422
        assert "memerlukan isian berikut: Hasil penanganan" in response.text
        assert "Sudah kami proses.</textarea>" in response.text
        assert (await stored(db, ticket)).status == ComplaintStatus.REFERRED

    async def test_an_empty_message_is_refused(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        response = await (await panel(FO)).post(
            f"/panel/complaints/{ticket}/messages", {"text": "  "}
        )
        assert response.status_code == 422
        assert "The message is empty" in response.text

    async def test_an_unknown_ticket_is_a_404_page(self, panel: SignIn) -> None:
        response = await (await panel(BO)).get("/panel/complaints/261128-00A7")
        assert response.status_code == 404
        assert "Tidak ditemukan" in response.text
