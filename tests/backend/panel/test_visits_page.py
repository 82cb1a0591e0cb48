"""Home visits in the panel: the form on the complaint page (with its CSRF token), the visit on
the timeline with what was found, calling it off, and /panel/visits with its filters, overdue
marks and counts per facilitator and per kelurahan (both databases)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment, Complaint, ComplaintStatus
from backend.clock import local_date, utcnow
from backend.complaints.filing import AttachmentFile
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.notifications.models import OutboxMessage
from backend.security.crypto import Vault
from backend.staff.models import Role
from backend.visits.models import HomeVisit, VisitState
from backend.visits.service import VisitRecord, record_visit, take_visit
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.fixtures.factories import BUBULAK, make_complaint, make_facilitator


def _due(days: int) -> str:
    return (local_date(utcnow()) + timedelta(days=days)).isoformat()


async def _visit_of(db: async_sessionmaker[AsyncSession], ticket: str) -> HomeVisit:
    async with db() as session:
        statement = (
            select(HomeVisit)
            .join(Complaint, Complaint.id == HomeVisit.complaint_id)
            .where(Complaint.ticket == ticket)
            .order_by(HomeVisit.id.desc())
        )
        return (await session.execute(statement)).scalars().first()  # type: ignore[return-value]


async def _facilitator(db: async_sessionmaker[AsyncSession], name: str, chat: str) -> int:
    async with unit_of_work(db) as session:
        person = await make_facilitator(session, chat_id=chat)
        person.full_name = name
        return person.id


async def _take_and_record(
    db: async_sessionmaker[AsyncSession], visit_id: int, facilitator_id: int, *, record: bool
) -> None:
    async with unit_of_work(db) as session:
        person = await session.get_one(Facilitator, facilitator_id)
        await take_visit(session, visit_id, person, utcnow())
        if record:
            photo = AttachmentFile("photo", "photo-1", mime_type="image/jpeg", size_bytes=900)
            await record_visit(
                session, visit_id, person,
                VisitRecord(visited_on=local_date(utcnow()), met="Ibu Siti, istri",
                            findings="Atap bocor, anak tiga sekolah.", latitude=-6.595,
                            longitude=106.793, files=(photo,)),
                utcnow(),
            )  # fmt: skip


class TestTheFormOnTheComplaintPage:
    """Back office asks for a visit; the facilitators are told; the page says it is open."""

    async def test_asked_told_shown_and_called_off(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await _facilitator(db, "Rina Marlina", "9200001")
        ticket = await complaint_in(db, vault, "start_review")
        worker = await panel(Role.BACK_OFFICE)
        page = (await worker.get(f"/panel/complaints/{ticket}")).text
        assert "Perlu kunjungan rumah" in page and f"/panel/complaints/{ticket}/visits" in page

        answer = await worker.post(
            f"/panel/complaints/{ticket}/visits",
            {"reason": "Periksa kondisi atap rumah.", "due_on": _due(3)},
        )
        assert answer.status_code == 303
        assert answer.headers["location"].endswith("notice=visit-requested")
        page = (await worker.get(answer.headers["location"])).text
        assert "Kunjungan rumah diminta; fasilitator kelurahan diberi tahu" in page
        assert "Periksa kondisi atap rumah." in page  # on the timeline
        assert "belum diambil fasilitator" in page
        visit = await _visit_of(db, ticket)
        async with db() as session:
            told = await session.scalar(
                select(OutboxMessage).where(OutboxMessage.template == "visit.requested")
            )
        assert told is not None and told.params["visit_id"] == visit.id

        cancelled = await worker.post(f"/panel/complaints/{ticket}/visits/{visit.id}/cancel", {})
        assert cancelled.status_code == 303
        page = (await worker.get(cancelled.headers["location"])).text
        assert "Kunjungan rumah dibatalkan" in page
        assert (await _visit_of(db, ticket)).state == VisitState.CANCELLED

    async def test_a_refusal_comes_back_beside_the_form_with_the_words_kept(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        worker = await panel(Role.BACK_OFFICE)
        past = await worker.post(
            f"/panel/complaints/{ticket}/visits", {"reason": "Cek rumah.", "due_on": _due(-2)}
        )
        assert past.status_code == 422
        assert "Cek rumah." in past.text and "The due date is in the past" in past.text
        typo = await worker.post(
            f"/panel/complaints/{ticket}/visits", {"reason": "Cek rumah.", "due_on": "besok"}
        )
        assert typo.status_code == 422
        assert await _visit_of(db, ticket) is None

    async def test_without_the_csrf_token_nothing_is_asked(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        worker = await panel(Role.BACK_OFFICE)
        answer = await worker.post(
            f"/panel/complaints/{ticket}/visits",
            {"reason": "Cek rumah.", "due_on": _due(3)}, csrf=False,
        )  # fmt: skip
        assert answer.status_code == 403
        assert await _visit_of(db, ticket) is None

    async def test_front_office_sees_no_form(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        desk = await panel(Role.FRONT_OFFICE)
        assert "Perlu kunjungan rumah" not in (await desk.get(f"/panel/complaints/{ticket}")).text

    async def test_a_finished_complaint_offers_no_form(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(db) as session:
            closed = await make_complaint(session, vault, status=ComplaintStatus.CLOSED)
            ticket = closed.ticket
        worker = await panel(Role.BACK_OFFICE)
        assert "Perlu kunjungan rumah" not in (await worker.get(f"/panel/complaints/{ticket}")).text


class TestTheTimeline:
    """The supervisor sees who took the visit, when, and what was found, by name."""

    async def test_findings_met_location_and_the_facilitators_name(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        rina = await _facilitator(db, "Rina Marlina", "9200001")
        ticket = await complaint_in(db, vault, "start_review")
        supervisor = await panel(Role.SUPERVISOR)
        await supervisor.post(
            f"/panel/complaints/{ticket}/visits", {"reason": "Cek atap.", "due_on": _due(2)}
        )
        visit = await _visit_of(db, ticket)
        await _take_and_record(db, visit.id, rina, record=True)
        page = (await supervisor.get(f"/panel/complaints/{ticket}")).text
        for phrase in (
            "Kunjungan rumah diambil fasilitator",
            "Hasil kunjungan rumah",
            "Rina Marlina (Fasilitator)",
            "Ibu Siti, istri",
            "Atap bocor, anak tiga sekolah.",
            'href="geo:-6.595000,106.793000"',
        ):
            assert phrase in page, phrase
        assert "Perlu kunjungan rumah" in page and "belum diambil" not in page
        async with db() as session:
            photo = await session.scalar(
                select(Attachment).where(Attachment.home_visit_id == visit.id)
            )
        assert photo is not None
        record = page.split('class="visit-record"', 1)[1].split("</li>", 1)[0]
        assert f'src="/panel/complaints/{ticket}/attachments/{photo.id}"' in record


class TestTheVisitsList:
    """Filtered by state, overdue, kelurahan and facilitator; counted per facilitator and kelurahan."""

    async def test_overdue_marked_filtered_and_counted(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        rina = await _facilitator(db, "Rina Marlina", "9200001")
        supervisor = await panel(Role.SUPERVISOR)
        tickets = [await complaint_in(db, vault, "start_review") for _ in range(3)]
        for ticket, days in zip(tickets, (1, 2, 5), strict=True):
            await supervisor.post(
                f"/panel/complaints/{ticket}/visits", {"reason": "Cek rumah.", "due_on": _due(days)}
            )
        visits = [await _visit_of(db, ticket) for ticket in tickets]
        await _take_and_record(db, visits[0].id, rina, record=True)
        await _take_and_record(db, visits[1].id, rina, record=False)
        async with unit_of_work(db) as session:  # the taken one was due yesterday
            late = await session.get_one(HomeVisit, visits[1].id)
            late.due_on = local_date(utcnow()) - timedelta(days=1)

        page = (await supervisor.get("/panel/visits")).text
        assert page.index(tickets[1]) < page.index(tickets[2]) < page.index(tickets[0])
        assert f'id="visit-{visits[1].id}" class="overdue"' in page
        assert page.count('class="overdue"') == 1

        overdue = (await supervisor.get("/panel/visits", overdue="1")).text
        assert tickets[1] in overdue and tickets[0] not in overdue and tickets[2] not in overdue
        done = (await supervisor.get("/panel/visits", state="done")).text
        assert tickets[0] in done and tickets[1] not in done
        theirs = (await supervisor.get("/panel/visits", facilitator=str(rina))).text
        assert tickets[2] not in theirs and tickets[0] in theirs
        here = (await supervisor.get("/panel/visits", kelurahan=BUBULAK)).text
        assert all(ticket in here for ticket in tickets)

        # Counts: Rina took two (one taken and overdue, one done); Bubulak has all three.
        assert f'id="count-facilitator-{rina}"' in page
        facilitator_row = page.split(f'id="count-facilitator-{rina}"', 1)[1].split("</tr>", 1)[0]
        cells = [
            cell.split(">", 1)[1].split("<", 1)[0] for cell in facilitator_row.split("<td")[1:]
        ]
        assert cells == ["0", "1", "1", "0", "1", "2"]
        kelurahan_row = page.split(f'id="count-kelurahan-{BUBULAK}"', 1)[1].split("</tr>", 1)[0]
        cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in kelurahan_row.split("<td")[1:]]
        assert cells == ["1", "1", "1", "0", "1", "3"]

    async def test_an_unknown_filter_value_is_ignored(self, panel: SignIn) -> None:
        supervisor = await panel(Role.SUPERVISOR)
        page = await supervisor.get("/panel/visits", state="nonsense", facilitator="abc")
        assert page.status_code == 200 and "Belum ada kunjungan rumah." in page.text
