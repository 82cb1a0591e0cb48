"""GET /api/v1/reports/ikm: the contract {"ikm", "grade", "respondents", "elements": [...]}."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import sign_in
from tests.backend.panel.area_world import AREA_CODES, covers, give_areas
from tests.fixtures.surveys import FIXED_IKM, submitted_surveys

URL = "/api/v1/reports/ikm"
DECEMBER = {"from": "2026-12-01", "to": "2026-12-31"}


class TestTheReport:
    """The fixed data set through the API."""

    async def test_the_answer_holds_the_contract_and_the_hand_checked_value(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await submitted_surveys(db, vault)
        caller = await sign_in(db, Role.BACK_OFFICE)
        response = await client.get(URL, params=DECEMBER, headers=caller.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert {"ikm", "grade", "respondents", "elements"} <= set(body)
        assert (body["ikm"], body["grade"], body["respondents"]) == (FIXED_IKM, "B", 5)
        assert [e["code"] for e in body["elements"]] == [f"U{n}" for n in range(1, 10)]
        assert body["elements"][3] == {"code": "U4", "element": "cost", "answered": 4, "mean": 4.0}
        assert (body["from"], body["to"]) == ("2026-12-01", "2026-12-31")
        categories = {row["category"]: row for row in body["by_category"]}
        assert (categories["bpnt"]["ikm"], categories["bpnt"]["grade"]) == (75.0, "C")
        channels = {row["channel"]: (row["respondents"], row["ikm"]) for row in body["by_channel"]}
        # Telegram (README's example): means 11 9 8 12 10 10 11 8 10 over 3, 89/3/9*25 = 82.41.
        assert channels["telegram"] == (3, 82.41) and channels["web"][0] == 2

    async def test_a_period_without_surveys_has_no_index(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        caller = await sign_in(db, Role.BACK_OFFICE)
        response = await client.get(URL, params=DECEMBER, headers=caller.headers)
        body = response.json()
        assert (body["ikm"], body["grade"], body["respondents"]) == (None, None, 0)
        assert all(e["mean"] is None and e["answered"] == 0 for e in body["elements"])

    @pytest.mark.parametrize(
        "params",
        [
            {"from": "2026-12-31", "to": "2026-12-01"},
            {"from": "2026-13-01", "to": "2026-12-31"},
            {"from": "2026-12-01"},
            {"from": "2000-01-01", "to": "2026-12-31"},
        ],
    )
    async def test_a_bad_period_is_422(
        self,
        client: httpx.AsyncClient,
        db: async_sessionmaker[AsyncSession],
        params: dict[str, str],
    ) -> None:
        caller = await sign_in(db, Role.SUPERVISOR)
        response = await client.get(URL, params=params, headers=caller.headers)
        assert response.status_code == 422, response.text

    async def test_without_a_token_it_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(URL, params=DECEMBER)).status_code == 401


class TestAnAccountLimitedToAreas:
    """The report, like the dashboard, counts only the surveys of complaints in the areas."""

    async def test_outside_its_areas_nothing_is_counted_and_inside_everything(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await submitted_surveys(db, vault)
        async with db() as session:
            places = set(await session.scalars(select(Complaint.kelurahan_code)))
        [kelurahan] = places  # the data set's complaints are all of one kelurahan
        elsewhere = next(code for code in AREA_CODES if not covers([code], kelurahan))
        caller = await sign_in(db, Role.BACK_OFFICE)
        await give_areas(db, caller.user_id, [elsewhere])
        outside = (await client.get(URL, params=DECEMBER, headers=caller.headers)).json()
        await give_areas(db, caller.user_id, [kelurahan])
        inside = (await client.get(URL, params=DECEMBER, headers=caller.headers)).json()
        assert (outside["respondents"], outside["ikm"]) == (0, None)
        assert (inside["respondents"], inside["ikm"]) == (5, FIXED_IKM)
