"""The world of the area tests: complaints in kelurahan of three kecamatan and in none,
office accounts of every role in the panel and the API, and their areas set per example."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint, ComplaintMessage, StatusEvent
from backend.clock import local_date, utcnow
from backend.complaints.service import EventDetails, fire_event
from backend.db import unit_of_work
from backend.letters.models import ReferralLetter
from backend.security.crypto import Vault
from backend.staff.areas import set_areas
from backend.staff.models import Role, StaffUser
from backend.visits.service import request_visit
from tests.backend.api.helpers import REFERRED, SignedIn, sign_in
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel
from tests.backend.panel.world import attach_file
from tests.fixtures.factories import make_complaint

ADMIN = Actor(ActorRole.ADMIN)
OFFICE_ROLES = (Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN)
# Where the world's complaints are: two kelurahan of Bogor Barat, one each of Bogor
# Selatan and Bogor Timur, and none at all.
PLACES: tuple[str | None, ...] = (
    "32.71.04.1003", "32.71.04.1001", "32.71.01.1001", "32.71.02.1001", None,
)  # fmt: skip
# The areas an account may be given: kecamatan with and without complaints, and kelurahan.
AREA_CODES = (
    "32.71.04", "32.71.01", "32.71.03", "32.71.04.1003", "32.71.01.1001", "32.71.02.1001",
)  # fmt: skip


def covers(areas: Iterable[str], kelurahan: str | None) -> bool:
    """The area rule as docs/areas.md states it, written apart from the code under test:
    no areas is the whole city; a kelurahan lies in its own code and its kecamatan's
    (the first eight characters of a Kemendagri kelurahan code); no kelurahan lies in none."""
    codes = set(areas)
    if not codes:
        return True
    return kelurahan is not None and (kelurahan in codes or kelurahan[:8] in codes)


@dataclass(frozen=True)
class WorldComplaint:
    """One complaint of the world: where it is, and what its pages need."""

    ticket: str
    complaint_id: int
    kelurahan: str | None
    referred: bool
    attachment_id: int
    letter_id: int


@dataclass
class AreaWorld:
    """The complaints, an account per role in each surface, and a worker to assign to."""

    complaints: list[WorldComplaint]
    panel: dict[Role, PanelUser]
    api: dict[Role, SignedIn]
    worker_id: int

    def of_state(self, referred: bool) -> list[WorldComplaint]:
        """The complaints that are (or are not) referred to an agency."""
        return [c for c in self.complaints if c.referred == referred]


async def _complaint(
    db: async_sessionmaker[AsyncSession], vault: Vault, files_dir: Path,
    kelurahan: str | None, referred: bool,
) -> WorldComplaint:  # fmt: skip
    async with unit_of_work(db) as session:
        complaint = await make_complaint(session, vault)
        # Test set-up only: the place is what the filing recorded.
        complaint.kelurahan_code = kelurahan
        await session.flush()
        for step in REFERRED if referred else ():
            name, details = (step, EventDetails()) if isinstance(step, str) else step
            await fire_event(session, complaint, name, ADMIN, details)
        ticket, complaint_id = complaint.ticket, complaint.id
        letter = await session.scalar(
            select(func.max(ReferralLetter.id)).where(ReferralLetter.complaint_id == complaint_id)
        )
    attachment = await attach_file(db, files_dir, ticket)
    return WorldComplaint(ticket, complaint_id, kelurahan, referred, attachment, letter or 0)


async def build_world(
    app: FastAPI, db: async_sessionmaker[AsyncSession], vault: Vault, files_dir: Path
) -> AreaWorld:
    """Ten complaints (each place, received and referred), and the accounts."""
    complaints = [
        await _complaint(db, vault, files_dir, place, referred)
        for place in PLACES
        for referred in (False, True)
    ]
    panel = {role: await sign_in_to_panel(app, db, role) for role in OFFICE_ROLES}
    api = {role: await sign_in(db, role) for role in OFFICE_ROLES}
    worker = await sign_in(db, Role.BACK_OFFICE)
    return AreaWorld(complaints, panel, api, worker.user_id)


async def visit_on(db: async_sessionmaker[AsyncSession], c: WorldComplaint, worker: int) -> int:
    """A home visit asked for on the complaint by the world's worker; its id."""
    async with unit_of_work(db) as session:
        complaint = await session.get_one(Complaint, c.complaint_id)
        visit = await request_visit(
            session, complaint, Actor(ActorRole.BACK_OFFICE, staff_id=worker),
            reason="Periksa rumah.",
            due_on=local_date(utcnow()) + timedelta(days=3), now=utcnow(),
        )  # fmt: skip
        return visit.id


async def give_areas(
    db: async_sessionmaker[AsyncSession], user_id: int, areas: Iterable[str]
) -> None:
    """Sets an account's areas as an administrator would."""
    async with unit_of_work(db) as session:
        await set_areas(session, await session.get_one(StaffUser, user_id), list(areas), ADMIN)


async def fingerprint(db: async_sessionmaker[AsyncSession], complaint_id: int) -> tuple:
    """What a change to a complaint would move: its row, its events and messages, the audit."""
    async with db() as session:
        complaint = await session.get_one(Complaint, complaint_id)

        async def count(model: type, *where: object) -> int:
            statement = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
            return int(await session.scalar(statement) or 0)

        return (
            complaint.status, complaint.assignee_id, complaint.registry_status,
            await count(StatusEvent, StatusEvent.complaint_id == complaint_id),
            await count(ComplaintMessage, ComplaintMessage.complaint_id == complaint_id),
            await count(AuditRecord),
        )  # fmt: skip
