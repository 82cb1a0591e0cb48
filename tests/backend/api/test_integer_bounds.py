"""Ids past what a database column holds are refused as invalid (422), never a 500.

Found by schemathesis (issue 15): a number past 64 bits reached the driver and
raised OverflowError; past 32 bits PostgreSQL's INTEGER refused it. Both are
refused now by the request's schema, before any query.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.ids import MAX_ID
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in, sign_in

# Past PostgreSQL's INTEGER, past SQLite's 64 bits, and nothing a row has.
TOO_BIG = (MAX_ID + 1, 2**63, 2**64 + 1)
NOT_AN_ID = (0, -1)


@pytest.mark.parametrize("number", TOO_BIG + NOT_AN_ID)
class TestTheRestApi:
    """The API names the field and answers 422."""

    async def test_assignee_id_in_the_body(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        number: int,
    ) -> None:  # fmt: skip
        ticket = await complaint_in(db, vault, "start_review")
        supervisor = await sign_in(db, Role.SUPERVISOR)
        response = await client.post(
            f"/api/v1/complaints/{ticket}/assignee", json={"assignee_id": number},
            headers=supervisor.headers,
        )  # fmt: skip
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["body", "assignee_id"]

    async def test_assignee_in_the_queue_query(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], number: int
    ) -> None:
        worker = await sign_in(db, Role.BACK_OFFICE)
        response = await client.get(
            "/api/v1/complaints", params={"assignee": str(number)}, headers=worker.headers
        )
        assert response.status_code == 422, response.text
        search = await client.post(
            "/api/v1/complaints/search", json={"assignee": str(number)}, headers=worker.headers
        )
        assert search.status_code == 422, search.text


class TestTheLargestIdStillWorks:
    """The bound is the column's: the largest id it holds is a valid (if unknown) one."""

    async def test_max_id_is_an_unknown_staff_member(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        supervisor = await sign_in(db, Role.SUPERVISOR)
        response = await client.post(
            f"/api/v1/complaints/{ticket}/assignee", json={"assignee_id": MAX_ID},
            headers=supervisor.headers,
        )  # fmt: skip
        assert response.status_code == 422, response.text
        assert "No active staff account" in response.text
        listed = await client.get(
            "/api/v1/complaints", params={"assignee": str(MAX_ID)}, headers=supervisor.headers
        )
        assert listed.status_code == 200 and listed.json()["items"] == []
