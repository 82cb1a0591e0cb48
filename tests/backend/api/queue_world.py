"""The queue the queue tests read: five complaints that differ in every filtered attribute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import ComplaintStatus as S
from backend.citizens.models import Channel
from backend.citizens.service import save_citizen
from backend.clock import local_date, utcnow
from backend.complaints.service import register_complaint
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import SignedIn, sign_in
from tests.fixtures.factories import category

QUEUE = "/api/v1/complaints"
TODAY = local_date(utcnow())
NOW = utcnow()


@dataclass(frozen=True)
class Spec:
    """One complaint of the test queue."""

    name: str
    nik: str
    status: S
    category: str
    kelurahan: str
    channel: Channel
    phone: str
    assigned: bool
    created: datetime
    due: date | None
    kk: str | None = None


# Due dates relative to today, so "overdue" means what it says whenever the test runs.
SPECS = {
    "ani": Spec("Ani Suryani", "3271045001900011", S.RECEIVED, "pkh", "32.71.04.1003",
                Channel.TELEGRAM, "+6281211110001", True, NOW - timedelta(days=20),
                TODAY - timedelta(days=2), kk="3271040101090001"),
    "budi": Spec("Budi Santoso", "3271011501850022", S.IN_REVIEW, "bpnt", "32.71.01.1001",
                 Channel.WALK_IN, "+6281211110002", False, NOW - timedelta(days=10),
                 TODAY + timedelta(days=5)),
    "citra": Spec("Citra Lestari", "3271044505920033", S.NEEDS_INFO, "pkh", "32.71.04.1001",
                  Channel.WEB, "+6281211110003", True, NOW - timedelta(days=5), None),
    "dedi": Spec("Dedi Kurniawan", "3271021203800044", S.IN_PROGRESS, "pip", "32.71.02.1001",
                 Channel.TELEGRAM, "+6281211110004", False, NOW - timedelta(days=3),
                 TODAY + timedelta(days=1)),
    "euis": Spec("Euis Aminah", "3271034807750055", S.CLOSED, "pkh", "32.71.03.1001",
                 Channel.TELEGRAM, "+6281211110005", False, NOW - timedelta(days=40), None),
}  # fmt: skip


@dataclass
class Queue:
    """The test queue: tickets by short name, the assignee, and who asks."""

    tickets: dict[str, str]
    worker: SignedIn
    admin: SignedIn

    def names(self, response: httpx.Response) -> list[str]:
        """The short names of the complaints in a page, in order."""
        by_ticket = {ticket: name for name, ticket in self.tickets.items()}
        assert response.status_code == 200, response.text
        return [by_ticket[item["ticket"]] for item in response.json()["items"]]


async def _file(session: AsyncSession, vault: Vault, spec: Spec, assignee_id: int) -> str:
    citizen = await save_citizen(
        session, vault, full_name=spec.name, nik=spec.nik, kk=spec.kk, phone=spec.phone,
        kelurahan_code=spec.kelurahan, consent_method="chat", now=spec.created,
    )  # fmt: skip
    complaint = await register_complaint(
        session, citizen=citizen, category=await category(session, spec.category),
        description="Keluhan bantuan sosial.", channel=spec.channel,
        actor=Actor(ActorRole.FRONT_OFFICE), kelurahan_code=spec.kelurahan, now=spec.created,
    )  # fmt: skip
    # Test set-up only: the service never puts a complaint straight into a status.
    complaint.status, complaint.due_on = spec.status, spec.due
    complaint.assignee_id = assignee_id if spec.assigned else None
    await session.flush()
    return complaint.ticket


@pytest.fixture
async def queue(db: async_sessionmaker[AsyncSession], vault: Vault) -> Queue:
    """Five complaints that differ in every filtered attribute."""
    worker = await sign_in(db, Role.BACK_OFFICE)
    admin = await sign_in(db, Role.ADMIN)
    async with unit_of_work(db) as session:
        tickets = {
            name: await _file(session, vault, spec, worker.user_id) for name, spec in SPECS.items()
        }
    return Queue(tickets, worker, admin)


async def get_queue(client: httpx.AsyncClient, caller: SignedIn, **params: Any) -> httpx.Response:
    """GET /api/v1/complaints with these query parameters."""
    return await client.get(QUEUE, params=params, headers=caller.headers)


async def search_queue(client: httpx.AsyncClient, caller: SignedIn, q: str) -> httpx.Response:
    """POST /api/v1/complaints/search: how a NIK or KK is searched (never in the address)."""
    return await client.post(QUEUE + "/search", json={"q": q}, headers=caller.headers)
