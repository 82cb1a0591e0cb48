"""A NIK or KK in an address (path or query string) is refused: addresses end up in logs."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in, sign_in

Sessions = async_sessionmaker[AsyncSession]

SPELLINGS = ["3271046501900001", "3271+0465+0190+0001", "3271-0465-0190-0001", "%33271046501900001"]


class TestRefused:
    """400 with the POST route to use, before any route (or sign-in) sees the request."""

    @pytest.mark.parametrize("typed", SPELLINGS)
    async def test_the_api_queue(self, client: httpx.AsyncClient, typed: str) -> None:
        response = await client.get(f"/api/v1/complaints?q={typed}")
        assert response.status_code == 400
        assert "POST /api/v1/complaints/search" in response.json()["detail"]
        assert response.headers["cache-control"] == "no-store"

    @pytest.mark.parametrize(
        ("path", "route"),
        [("/panel", "POST /panel"), ("/panel/export", "POST /panel/export"),
         ("/panel/export.csv", "POST /panel/export.csv"), ("/panel/export.xlsx", "POST /panel/export.xlsx")],
    )  # fmt: skip
    async def test_the_panel(self, client: httpx.AsyncClient, path: str, route: str) -> None:
        response = await client.get(f"{path}?status=received&q=3271%200465%200190%200001")
        assert response.status_code == 400
        assert route in response.text
        assert "NIK atau KK tidak boleh ada di alamat" in response.text

    async def test_in_the_path(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/complaints/3271046501900001")
        assert response.status_code == 400


class TestLetThrough:
    """Tickets, phone numbers and dates in an address are ordinary requests."""

    @pytest.mark.parametrize("q", ["261203-0042", "081234567890", "2026-12-03", "Siti"])
    async def test_other_searches(self, client: httpx.AsyncClient, q: str) -> None:
        response = await client.get("/api/v1/complaints", params={"q": q})
        assert response.status_code == 401  # reached the route, which asks for a token

    async def test_the_post_route_finds_by_nik(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, Role.BACK_OFFICE)
        detail = await client.get(f"/api/v1/complaints/{ticket}/nik", headers=caller.headers)
        nik = detail.json()["nik"]
        found = await client.post(
            "/api/v1/complaints/search", json={"q": nik}, headers=caller.headers
        )
        assert [item["ticket"] for item in found.json()["items"]] == [ticket]
