"""Home visits as a service: asking, telling the kelurahan, taking (first wins), recording,
calling off, overdue, the timeline and the office's list and counts (both databases)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.access import visible_to
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus
from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import local_date, utcnow
from backend.complaints.timeline import build_timeline
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.facilitators.models import Facilitator
from backend.notifications.models import OutboxMessage, Recipient
from backend.security.crypto import Vault
from backend.staff.models import Role
from backend.visits.models import HomeVisit, VisitState
from backend.visits.repository import VisitFilters, list_visits, visit_counts
from backend.visits.service import (
    VISIT_REQUESTED_TEMPLATE,
    VisitRecord,
    cancel_visit,
    is_overdue,
    record_visit,
    request_visit,
    take_visit,
)
from tests.fixtures.factories import BUBULAK, made_up_nik, make_complaint, make_staff

OTHER_KELURAHAN = "32.71.04.1004"


@dataclass(frozen=True, slots=True)
class VisitFile:
    """A photo or voice note as a channel hands it over."""

    kind: str
    channel_file_id: str | None
    mime_type: str | None = "image/jpeg"
    size_bytes: int | None = 1000
    original_name: str | None = None
    stored_path: str | None = None
    sha256: str | None = None


async def facilitator(
    session: AsyncSession, name: str, chat_id: str | None, kelurahan: str = BUBULAK
) -> Facilitator:
    """An active facilitator of the kelurahan, with a bound chat when `chat_id` is given."""
    person = Facilitator(full_name=name, phone=f"+62812{abs(hash(name)) % 10**7:07d}",
                         kelurahan_code=kelurahan)  # fmt: skip
    session.add(person)
    await session.flush()
    if chat_id is not None:
        session.add(
            ChannelIdentity(channel=Channel.TELEGRAM, chat_id=chat_id, facilitator_id=person.id)
        )
        await session.flush()
    return person


async def staff_actor(session: AsyncSession, role: Role = Role.BACK_OFFICE) -> Actor:
    """A staff member of the role, as the services know them."""
    user = await make_staff(session, role)
    return Actor(ActorRole(role.value), staff_id=user.id)


async def asked(
    session: AsyncSession, vault: Vault, *, due_in: int = 3, now: datetime | None = None
) -> tuple[Complaint, HomeVisit, Actor]:
    """A complaint of Bubulak with a visit asked for by the back office."""
    now = now or utcnow()
    complaint = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW)
    actor = await staff_actor(session)
    visit = await request_visit(
        session, complaint, actor, reason="Periksa kondisi rumah warga.",
        due_on=local_date(now) + timedelta(days=due_in), now=now,
    )  # fmt: skip
    return complaint, visit, actor


class TestAskingForAVisit:
    """Staff ask with a reason and a due day; the kelurahan's facilitators are told."""

    async def test_each_facilitator_of_the_kelurahan_gets_a_message(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        dewi = await facilitator(session, "Dewi Lestari", "9100002")
        await facilitator(session, "Ani Suryani", "9100003", kelurahan=OTHER_KELURAHAN)
        await facilitator(session, "Tanpa Chat", None)
        complaint, visit, _ = await asked(session, vault)
        messages = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.template == VISIT_REQUESTED_TEMPLATE)
            )
        )
        told = set()
        for message in messages:
            identity = await session.get_one(ChannelIdentity, message.identity_id)
            told.add(identity.facilitator_id)
            assert message.recipient == Recipient.FACILITATOR
            assert message.params["visit_id"] == visit.id
            assert message.params["ticket"] == complaint.ticket
        assert told == {rina.id, dewi.id}
        assert (visit.state, visit.kelurahan_code) == (VisitState.REQUESTED, BUBULAK)

    async def test_a_complaint_has_one_open_visit_at_most(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint, _, actor = await asked(session, vault)
        with pytest.raises(Conflict):
            await request_visit(
                session, complaint, actor, reason="Lagi", due_on=local_date(utcnow()), now=utcnow()
            )

    @pytest.mark.parametrize(
        ("reason", "days", "field"),
        [("", 3, "reason"), ("x" * 1001, 3, "reason"), ("Periksa", -1, "due_on"),
         ("Periksa", 91, "due_on")],
    )  # fmt: skip
    async def test_bad_fields_are_refused_by_name(
        self, session: AsyncSession, vault: Vault, reason: str, days: int, field: str
    ) -> None:
        complaint = await make_complaint(session, vault)
        actor = await staff_actor(session)
        with pytest.raises(InvalidInput) as refused:
            await request_visit(
                session, complaint, actor, reason=reason,
                due_on=local_date(utcnow()) + timedelta(days=days), now=utcnow(),
            )  # fmt: skip
        assert refused.value.field == field

    @pytest.mark.parametrize("role", [ActorRole.FRONT_OFFICE, ActorRole.FACILITATOR])
    async def test_other_roles_may_not_ask(
        self, session: AsyncSession, vault: Vault, role: ActorRole
    ) -> None:
        complaint = await make_complaint(session, vault)
        with pytest.raises(Forbidden):
            await request_visit(
                session, complaint, Actor(role), reason="Periksa",
                due_on=local_date(utcnow()), now=utcnow(),
            )  # fmt: skip

    async def test_a_finished_complaint_gets_no_visit(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.CLOSED)
        with pytest.raises(Conflict):
            await request_visit(
                session, complaint, await staff_actor(session), reason="Periksa",
                due_on=local_date(utcnow()), now=utcnow(),
            )  # fmt: skip

    async def test_a_nik_typed_in_the_reason_is_not_stored_in_clear(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        complaint = await make_complaint(session, vault)
        visit = await request_visit(
            session, complaint, await staff_actor(session), reason=f"Cek NIK {nik} di rumah",
            due_on=local_date(utcnow()), now=utcnow(),
        )  # fmt: skip
        await session.flush()
        stored = (
            await session.execute(select(HomeVisit.reason).where(HomeVisit.id == visit.id))
        ).scalar_one()
        assert nik not in stored and nik[:4] in stored


class TestTakingAVisit:
    """The first facilitator of the kelurahan to press takes it."""

    async def test_the_first_takes_it_and_the_second_learns_who(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        dewi = await facilitator(session, "Dewi Lestari", "9100002")
        _, visit, _ = await asked(session, vault)
        first = await take_visit(session, visit.id, rina, utcnow())
        second = await take_visit(session, visit.id, dewi, utcnow())
        again = await take_visit(session, visit.id, rina, utcnow())
        assert first.taken and not second.taken and not again.taken
        assert second.taker_name == "Rina Marlina"
        assert (visit.state, visit.taken_by_facilitator_id) == (VisitState.TAKEN, rina.id)

    async def test_another_kelurahan_is_answered_as_not_found(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        elsewhere = await facilitator(session, "Ani Suryani", "9100003", OTHER_KELURAHAN)
        _, visit, _ = await asked(session, vault)
        with pytest.raises(NotFound):
            await take_visit(session, visit.id, elsewhere, utcnow())
        with pytest.raises(NotFound):
            await take_visit(session, 999999, elsewhere, utcnow())

    @pytest.mark.own_database  # two connections racing for one row
    async def test_two_pressing_at_once_one_wins(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with sessions() as session:
            ids = [
                (await facilitator(session, name, chat)).id
                for name, chat in (("Rina Marlina", "9100001"), ("Dewi Lestari", "9100002"))
            ]
            _, visit, _ = await asked(session, vault)
            visit_id = visit.id
            await session.commit()

        async def press(facilitator_id: int) -> bool:
            async with sessions() as session:
                person = await session.get_one(Facilitator, facilitator_id)
                result = await take_visit(session, visit_id, person, utcnow())
                await session.commit()
                return result.taken

        outcomes = await asyncio.gather(*(press(i) for i in ids))
        assert sorted(outcomes) == [False, True]
        async with sessions() as session:
            stored = await session.get_one(HomeVisit, visit_id)
            winner = ids[outcomes.index(True)]
            assert (stored.state, stored.taken_by_facilitator_id) == (VisitState.TAKEN, winner)
            audits = await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "visit.taken")
            )
            assert len(list(audits)) == 1


class TestRecordingAVisit:
    """Only the one who took it records it, once; the timeline shows it by name."""

    async def test_recorded_with_photos_voice_and_location_shows_in_the_timeline(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        complaint, visit, _ = await asked(session, vault)
        await take_visit(session, visit.id, rina, utcnow())
        files = (
            VisitFile("photo", "photo-1"),
            VisitFile("voice", "voice-1", mime_type="audio/ogg"),
        )
        record = VisitRecord(
            visited_on=local_date(utcnow()), met="Ibu Siti, kepala keluarga", findings=None,
            latitude=-6.595, longitude=106.793, files=files,
        )  # fmt: skip
        await record_visit(session, visit.id, rina, record, utcnow())
        assert visit.state == VisitState.DONE and visit.findings is None
        attachments = list(
            await session.scalars(select(Attachment).where(Attachment.home_visit_id == visit.id))
        )
        assert [a.kind for a in attachments] == ["photo", "voice"]
        assert all(a.complaint_id == complaint.id for a in attachments)

        timeline = await build_timeline(session, complaint.id, with_internal=True)
        kinds = [entry.kind for entry in timeline if entry.kind.startswith("visit_")]
        assert kinds == ["visit_requested", "visit_taken", "visit_done"]
        done = next(entry for entry in timeline if entry.kind == "visit_done")
        assert done.actor_name == "Rina Marlina" and done.visit is not None
        assert done.visit.met == "Ibu Siti, kepala keluarga"
        assert [kind for _, kind in done.visit.files] == ["photo", "voice"]
        assert (done.visit.latitude, done.visit.longitude) == (-6.595, 106.793)

    async def test_someone_else_or_twice_is_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        dewi = await facilitator(session, "Dewi Lestari", "9100002")
        _, visit, _ = await asked(session, vault)
        await take_visit(session, visit.id, rina, utcnow())
        record = VisitRecord(
            visited_on=local_date(utcnow()), met="Ibu Siti", findings="Rumah rusak"
        )
        with pytest.raises(NotFound):
            await record_visit(session, visit.id, dewi, record, utcnow())
        await record_visit(session, visit.id, rina, record, utcnow())
        with pytest.raises(Conflict):
            await record_visit(session, visit.id, rina, record, utcnow())

    @pytest.mark.parametrize(
        ("changes", "field"),
        [({"met": " "}, "met"), ({"findings": ""}, "findings"),
         ({"visited_on": date(2000, 1, 1)}, "visited_on"),
         ({"latitude": 1.0}, "location"), ({"latitude": 100.0, "longitude": 1.0}, "location")],
    )  # fmt: skip
    async def test_bad_records_are_refused_by_field(
        self, session: AsyncSession, vault: Vault, changes: dict[str, object], field: str
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        _, visit, _ = await asked(session, vault)
        await take_visit(session, visit.id, rina, utcnow())
        values: dict[str, object] = {
            "visited_on": local_date(utcnow()), "met": "Ibu Siti", "findings": "Rumah rusak",
        }  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            await record_visit(
                session,
                visit.id,
                rina,
                VisitRecord(**(values | changes)),
                utcnow(),  # type: ignore[arg-type]
            )
        assert refused.value.field == field
        assert visit.state == VisitState.TAKEN


class TestCallingOffAndOverdue:
    """Staff call off an open visit; one not done by its day (WIB) is overdue."""

    async def test_a_cancelled_visit_cannot_be_taken_and_a_new_one_may_be_asked(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        complaint, visit, actor = await asked(session, vault)
        await cancel_visit(session, visit.id, actor, now=utcnow())
        result = await take_visit(session, visit.id, rina, utcnow())
        assert not result.taken and visit.state == VisitState.CANCELLED
        with pytest.raises(Conflict):
            await cancel_visit(session, visit.id, actor, now=utcnow())
        again = await request_visit(
            session, complaint, actor, reason="Lagi", due_on=local_date(utcnow()), now=utcnow()
        )
        assert again.state == VisitState.REQUESTED

    async def test_overdue_after_the_due_day_until_done(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        _, visit, _ = await asked(session, vault, due_in=0)
        today_late = utcnow()
        assert not is_overdue(visit, today_late)
        tomorrow = today_late + timedelta(days=1)
        assert is_overdue(visit, tomorrow)
        await take_visit(session, visit.id, rina, utcnow())
        assert is_overdue(visit, tomorrow)
        record = VisitRecord(visited_on=local_date(utcnow()), met="Ibu Siti", findings="Baik")
        await record_visit(session, visit.id, rina, record, utcnow())
        assert not is_overdue(visit, tomorrow)


class TestTheOfficesList:
    """One query with the complaint filter; counts per facilitator and per kelurahan."""

    async def test_filters_and_counts(self, session: AsyncSession, vault: Vault) -> None:
        rina = await facilitator(session, "Rina Marlina", "9100001")
        _, done, _ = await asked(session, vault)
        await take_visit(session, done.id, rina, utcnow())
        record = VisitRecord(visited_on=local_date(utcnow()), met="Ibu Siti", findings="Baik")
        await record_visit(session, done.id, rina, record, utcnow())
        _, late, _ = await asked(session, vault, due_in=0)
        await take_visit(session, late.id, rina, utcnow())
        _, waiting, _ = await asked(session, vault, due_in=5)
        tomorrow = local_date(utcnow()) + timedelta(days=1)
        office = visible_to(Actor(ActorRole.SUPERVISOR))

        rows = await list_visits(session, VisitFilters(), complaint_filter=office, today=tomorrow)
        ours = [row.visit.id for row in rows if row.visit.id in {done.id, late.id, waiting.id}]
        assert ours == [late.id, waiting.id, done.id]  # open ones by due day, then the rest
        overdue = await list_visits(
            session, VisitFilters(overdue=True), complaint_filter=office, today=tomorrow
        )
        assert late.id in {row.visit.id for row in overdue}
        assert not {done.id, waiting.id} & {row.visit.id for row in overdue}
        mine = await list_visits(
            session, VisitFilters(facilitator_id=rina.id), complaint_filter=office, today=tomorrow
        )
        assert {row.visit.id for row in mine} == {done.id, late.id}

        by_facilitator, by_kelurahan = await visit_counts(
            session, VisitFilters(facilitator_id=rina.id), complaint_filter=office, today=tomorrow
        )
        [count] = by_facilitator
        assert (count.name, count.taken, count.done, count.overdue, count.total) == (
            "Rina Marlina",
            1,
            1,
            1,
            2,
        )
        assert [(c.key, c.total) for c in by_kelurahan] == [(BUBULAK, 2)]

    async def test_the_complaint_filter_hides_what_the_account_may_not_see(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        await asked(session, vault)
        nobody = visible_to(Actor(ActorRole.FACILITATOR))  # an account linked to no facilitator
        today = local_date(utcnow())
        assert (
            await list_visits(session, VisitFilters(), complaint_filter=nobody, today=today) == []
        )
        assert await visit_counts(
            session, VisitFilters(), complaint_filter=nobody, today=today
        ) == ([], [])
