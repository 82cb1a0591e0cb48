"""Issue 21: the email an Open311 filer gave is the person's data: exported with it, removed with it."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.open311.models import Open311Request
from backend.privacy.pseudonymise import pseudonymise_complaints
from backend.staff.models import Role
from tests.backend.open311.helpers import BASE, IssuedForTest, filing_form
from tests.backend.panel.conftest import SignIn

FILER = "siti.rahayu@contoh.example"


async def _filed(client: httpx.AsyncClient, key: str) -> str:
    response = await client.post(f"{BASE}/requests.json", data=filing_form(key))
    assert response.status_code == 200, response.text
    return str(response.json()[0]["service_request_id"])


async def test_the_persons_data_export_carries_the_email(
    client: httpx.AsyncClient, panel: SignIn, api_key: IssuedForTest
) -> None:
    ticket = await _filed(client, api_key.key)
    clerk = await panel(Role.FRONT_OFFICE)
    exported = (await clerk.post(f"/panel/complaints/{ticket}/subject-export.json")).json()
    [complaint] = exported["complaints"]
    assert complaint["channel"] == "open311" and complaint["open311_email"] == FILER
    assert exported["citizen"]["consent_method"] == "open311"


async def test_the_retention_policy_removes_the_email(
    client: httpx.AsyncClient, api_key: IssuedForTest, db: async_sessionmaker[AsyncSession]
) -> None:
    ticket = await _filed(client, api_key.key)
    async with unit_of_work(db) as session:
        complaint = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
        assert complaint is not None
        await pseudonymise_complaints(session, [complaint.id], utcnow())
    async with db() as session:
        row = await session.scalar(select(Open311Request))
        assert row is not None and row.email is None
