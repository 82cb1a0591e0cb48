"""Issue 21: a complaint registered from LAPOR!-SP4N carries its tracking number, shown and searchable."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.lapor import normalise_lapor_number
from backend.complaints.queue_filters import Search, SearchKind
from backend.staff.models import Role
from tests.backend.api.helpers import sign_in
from tests.backend.open311.helpers import queue_tickets
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import walk_in_form


class TestReadingANumber:
    """What staff type as LAPOR! shows it is kept as its digits; anything else is refused."""

    @pytest.mark.parametrize(
        ("typed", "kept"),
        [("#1916449", "1916449"), ("LAPOR! 1916449", "1916449"), ("lapor#1916449", "1916449"),
         (" 1916449 ", "1916449"), ("1916-449", "1916449"), ("12345", "12345"),
         ("123456789012", "123456789012")],
    )  # fmt: skip
    def test_accepted(self, typed: str, kept: str) -> None:
        assert normalise_lapor_number(typed) == kept

    @pytest.mark.parametrize(
        "typed", ["1234", "1234567890123", "3271046501900001", "#abc1234", "LAPOR!", "١٩١٦٤٤٩"]
    )
    def test_refused(self, typed: str) -> None:
        assert normalise_lapor_number(typed) is None


class TestTheSearchBox:
    """A LAPOR! number is read as one when it says so, or when it is no phone number."""

    @pytest.mark.parametrize("typed", ["#1916449", "LAPOR 1916449", "1916449"])
    def test_read_as_a_lapor_number(self, typed: str) -> None:
        assert Search.read(typed) == Search(SearchKind.LAPOR, "1916449")

    def test_a_phone_number_stays_a_phone_number(self) -> None:
        assert Search.read("0812 3456 7890").kind == SearchKind.PHONE

    def test_a_nik_stays_an_identity_number(self) -> None:
        assert Search.read("3271046501900001").kind == SearchKind.IDENTITY


class TestOnTheWalkInForm:
    """Front office types the number; the complaint page, the queue and the API show and find it."""

    async def test_registered_shown_and_found(
        self, panel: SignIn, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        registered = await clerk.post("/panel/walk-in", walk_in_form(lapor_number="#1916449"))
        assert registered.status_code == 303, registered.text[:2000]
        ticket = registered.headers["location"].split("/")[-1].split("?")[0]
        other = await clerk.post("/panel/walk-in", walk_in_form())
        assert other.status_code == 303

        page = await clerk.get(f"/panel/complaints/{ticket}")
        assert 'id="lapor-number">#1916449<' in page.text
        for typed in ("#1916449", "LAPOR! 1916449", "1916449"):
            assert queue_tickets((await clerk.post("/panel", {"q": typed})).text) == [ticket]

        worker = await sign_in(db, Role.BACK_OFFICE)
        detail = await client.get(f"/api/v1/complaints/{ticket}", headers=worker.headers)
        assert detail.json()["lapor_number"] == "1916449"
        found = await client.get(
            "/api/v1/complaints", params={"q": "#1916449"}, headers=worker.headers
        )
        assert [item["ticket"] for item in found.json()["items"]] == [ticket]

    async def test_a_number_that_is_not_one_is_refused_and_nothing_is_lost(
        self, panel: SignIn
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post("/panel/walk-in", walk_in_form(lapor_number="LAPOR abc"))
        assert response.status_code == 422
        assert "Nomor tracking LAPOR! berisi 5 sampai 12 angka" in response.text
        assert "Kartu sembako tidak bisa dipakai" in response.text

    async def test_left_empty_it_is_none(
        self, panel: SignIn, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        registered = await clerk.post("/panel/walk-in", walk_in_form(lapor_number=""))
        ticket = registered.headers["location"].split("/")[-1].split("?")[0]
        worker = await sign_in(db, Role.BACK_OFFICE)
        detail = await client.get(f"/api/v1/complaints/{ticket}", headers=worker.headers)
        assert detail.json()["lapor_number"] is None
