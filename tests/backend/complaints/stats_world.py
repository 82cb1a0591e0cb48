"""Complaints whose dashboard figures are known in advance: dates, categories, places, states.

The period is the four weeks of March 2026 (Monday 2 to Sunday 29, WIB). Two
complaints sit just outside it: one a minute before it starts and one half an
hour after it ends (still 29 March in UTC, so a UTC date would count it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.citizens.models import Channel
from backend.citizens.service import save_citizen
from backend.clock import LOCAL_ZONE, utcnow
from backend.complaints.service import register_complaint
from backend.complaints.stats import Period
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.fixtures.factories import category, made_up_nik, make_staff

PERIOD = Period(date(2026, 3, 2), date(2026, 3, 29))
# "Today" of the workload: after the period, so deadlines relative to it are fixed.
TODAY = date(2026, 4, 15)
BARAT, SELATAN, TIMUR = "32.71.04", "32.71.01", "32.71.02"
BUBULAK, MENTENG, BATU_TULIS, SUKASARI = (
    "32.71.04.1003", "32.71.04.1001", "32.71.01.1001", "32.71.02.1001"
)  # fmt: skip


def wib(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> datetime:
    """An instant in March 2026, WIB."""
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_ZONE)


@dataclass(frozen=True)
class Filed:
    """One complaint of the world."""

    name: str
    created: datetime
    category: str
    kelurahan: str | None
    status: S
    assignee: str | None = None
    due_in: int | None = None  # days after TODAY (negative: overdue)
    resolved_after: float | None = None  # days after filing


FILED = (
    Filed("a", wib(2, 8), "pkh", BUBULAK, S.RESOLVED, resolved_after=2),
    Filed("b", wib(3, 10), "pkh", MENTENG, S.CLOSED, resolved_after=6),
    Filed("c", wib(10), "bpnt", BATU_TULIS, S.IN_REVIEW, "w1", due_in=-1),
    Filed("d", wib(16), "bpnt", SUKASARI, S.RECEIVED, "w1", due_in=3),
    Filed("e", wib(29, 23, 30), "pip", None, S.REFERRED, "w2", due_in=-5),
    Filed("f", wib(30, 0, 30), "pkh", BUBULAK, S.RECEIVED, due_in=-1),
    Filed("g", wib(1, 23, 59), "pkh", BUBULAK, S.RESOLVED, resolved_after=1),
    Filed("h", wib(20), "pkh", BUBULAK, S.RESOLVED, resolved_after=10),
    Filed("i", wib(21), "bpnt", BATU_TULIS, S.RESOLVED, resolved_after=3),
)


@dataclass(frozen=True)
class World:
    """The tickets of the world by name, and the two assignees' ids and names."""

    tickets: dict[str, str]
    workers: dict[str, tuple[int, str]]


async def build_world(sessions: async_sessionmaker[AsyncSession], vault: Vault) -> World:
    """Files every complaint of FILED and puts it in its state (test set-up only)."""
    async with unit_of_work(sessions) as session:
        workers = {}
        for key in ("w1", "w2"):
            user = await make_staff(session, Role.BACK_OFFICE)
            workers[key] = (user.id, user.full_name)
        tickets = {}
        for spec in FILED:
            tickets[spec.name] = await _file(session, vault, spec, workers)
    return World(tickets, workers)


async def _file(
    session: AsyncSession, vault: Vault, spec: Filed, workers: dict[str, tuple[int, str]]
) -> str:
    citizen = await save_citizen(
        session, vault, full_name=f"Warga {spec.name.upper()}", nik=made_up_nik(),
        kelurahan_code=spec.kelurahan, consent_method="chat", now=spec.created,
    )  # fmt: skip
    complaint = await register_complaint(
        session, citizen=citizen, category=await category(session, spec.category),
        description="Bantuan belum diterima.", channel=Channel.TELEGRAM,
        actor=Actor(ActorRole.CITIZEN, citizen_id=citizen.id), kelurahan_code=spec.kelurahan,
        now=spec.created,
    )  # fmt: skip
    complaint.status = spec.status
    complaint.assignee_id = workers[spec.assignee][0] if spec.assignee else None
    complaint.due_on = TODAY + timedelta(days=spec.due_in) if spec.due_in is not None else None
    if spec.resolved_after is not None:
        complaint.resolved_at = min(spec.created + timedelta(days=spec.resolved_after), utcnow())
    await session.flush()
    return complaint.ticket


async def fill_recent(sessions: async_sessionmaker[AsyncSession], vault: Vault) -> int:
    """A lived-in office for screenshots: 60 complaints of the last 11 weeks in every state.

    Deterministic (no randomness): the n-th complaint's day, category, place, state and
    assignee follow from n. Answers how many were filed.
    """
    categories = ("pkh", "bpnt", "pbi_jk", "registry_inclusion", "pip", "civil_documents")
    places = (BUBULAK, MENTENG, BATU_TULIS, SUKASARI, "32.71.05.1001", "32.71.06.1001", None)
    states = (S.RECEIVED, S.IN_REVIEW, S.NEEDS_INFO, S.IN_PROGRESS, S.REFERRED, S.RESOLVED,
              S.CLOSED, S.RESOLVED, S.REJECTED, S.IN_REVIEW)  # fmt: skip
    now = utcnow()
    today = now.astimezone(LOCAL_ZONE).date()
    count = 60
    async with unit_of_work(sessions) as session:
        workers = [await make_staff(session, Role.BACK_OFFICE) for _ in range(3)]
        for worker, name in zip(
            workers, ("Rina Wulandari", "Agus Setiawan", "Siti Nurhaliza"), strict=True
        ):
            worker.full_name = name
        for n in range(count):
            created = now - timedelta(days=(n * 37) % 77, hours=n % 9)
            status = states[n % len(states)]
            resolved_after = 1 + (n * 7) % 20 if status in (S.RESOLVED, S.CLOSED) else None
            spec = Filed(
                f"r{n}", created, categories[(n * n) % len(categories)], places[n % len(places)],
                status, resolved_after=resolved_after,
            )  # fmt: skip
            ticket = await _file(session, vault, spec, {})
            complaint = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
            assert complaint is not None
            if status in (S.IN_REVIEW, S.IN_PROGRESS, S.REFERRED, S.NEEDS_INFO) and n % 4:
                complaint.assignee_id = workers[n % 3].id
            if status in (S.RECEIVED, S.IN_REVIEW, S.IN_PROGRESS, S.REFERRED):
                complaint.due_on = today + timedelta(days=(n % 11) - 4)
            else:
                complaint.due_on = None
        await session.flush()
    return count
