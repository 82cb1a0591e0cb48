"""The dashboard page: its figures match the complaints filed, as charts and as tables."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role, StaffUser
from tests.backend.complaints.stats_world import World, build_world
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.tables import row_links, table_rows

MARCH = {"created_from": "2026-03-02", "created_to": "2026-03-29"}


@pytest.fixture
async def world(db: async_sessionmaker[AsyncSession], vault: Vault) -> World:
    """The complaints of stats_world in the application's database."""
    return await build_world(db, vault)


class TestTheFigures:
    """Each chart's table holds the numbers of the complaints filed in the period."""

    async def test_tables_hold_the_periods_numbers(self, panel: SignIn, world: World) -> None:
        page = await (await panel(Role.SUPERVISOR)).get("/panel/dashboard", **MARCH)
        assert page.status_code == 200
        text = page.text
        assert re.search(r'id="tile-filed">7<', text)
        status = dict(map(tuple, table_rows(text, "chart-status-table")))
        assert status["Selesai"] == "3" and status["Ditutup"] == "1"
        assert status["Diterima"] == "1" and status["Ditolak"] == "0"
        category = dict(map(tuple, table_rows(text, "chart-category-table")))
        assert category["Program Keluarga Harapan (PKH)"] == "3"
        assert category["Program Indonesia Pintar (PIP)"] == "1"
        kecamatan = table_rows(text, "chart-kecamatan-table")
        assert kecamatan[0] == ["Bogor Barat", "3"]
        assert ["Tanpa kelurahan", "1"] in kecamatan
        weeks = [row[1] for row in table_rows(text, "chart-weekly-table")]
        assert weeks == ["2", "1", "3", "1"]
        resolution = {row[0]: row[1:] for row in table_rows(text, "chart-resolution-table")}
        assert resolution["Program Keluarga Harapan (PKH)"] == ["3", "6 hari"]
        assert re.search(r'id="tile-median">4,5 hari<', text)

    async def test_rows_lead_to_the_queue_filtered_the_same_way(
        self, panel: SignIn, world: World
    ) -> None:
        page = (await (await panel(Role.BACK_OFFICE)).get("/panel/dashboard", **MARCH)).text
        link = row_links(page, "chart-category-table")["Program Keluarga Harapan (PKH)"]
        query = parse_qs(urlsplit(link).query)
        assert urlsplit(link).path == "/panel"
        assert query == {
            "category": ["pkh"],
            "created_from": ["2026-03-02"],
            "created_to": ["2026-03-29"],
        }
        status_link = row_links(page, "chart-status-table")["Selesai"]
        assert parse_qs(urlsplit(status_link).query)["status"] == ["resolved"]

    async def test_workload_names_each_assignee_and_the_unassigned(
        self, panel: SignIn, world: World
    ) -> None:
        page = (await (await panel(Role.ADMIN)).get("/panel/dashboard")).text
        people = {row[0]: row[1] for row in table_rows(page, "chart-workload-table")}
        assert people[world.workers["w1"][1]] == "2"
        assert people[world.workers["w2"][1]] == "1"
        assert people["Belum ditugaskan"] == "1"


class TestTheCharts:
    """Charts are inline SVG named for screen readers, with no script and nothing from elsewhere."""

    async def test_each_chart_is_labelled_svg_with_its_table(
        self, panel: SignIn, world: World
    ) -> None:
        page = (await (await panel(Role.SUPERVISOR)).get("/panel/dashboard", **MARCH)).text
        for chart in ("status", "weekly", "category", "kecamatan", "workload", "resolution"):
            svg = re.search(rf'<svg class="chart" id="chart-{chart}"[^>]*>', page)
            assert svg is not None, chart
            assert 'role="img"' in svg.group(0)
            assert f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"' in svg.group(0)
            assert f'<title id="chart-{chart}-title">' in page
            assert f'<desc id="chart-{chart}-desc">' in page
            assert f'id="chart-{chart}-table"' in page
        desc = re.search(r'<desc id="chart-status-desc">([^<]*)</desc>', page)
        assert desc is not None and "Selesai: 3" in desc.group(1)
        assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
        assert 'style="' not in page  # the CSP refuses inline styles

    async def test_labels_are_escaped(
        self, panel: SignIn, world: World, db: async_sessionmaker[AsyncSession]
    ) -> None:
        async with unit_of_work(db) as session:
            worker = await session.get_one(StaffUser, world.workers["w1"][0])
            worker.full_name = "<script>alert(1)</script>"
        page = (await (await panel(Role.SUPERVISOR)).get("/panel/dashboard")).text
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    async def test_an_empty_period_says_so(self, panel: SignIn, world: World) -> None:
        page = await (await panel(Role.SUPERVISOR)).get(
            "/panel/dashboard", created_from="2020-01-01", created_to="2020-01-31"
        )
        assert page.status_code == 200
        assert re.search(r'id="tile-filed">0<', page.text)
        assert "Belum ada data untuk periode ini." in page.text  # the median chart


class TestThePeriod:
    """The period form: the last 12 weeks by default; a wrong one is said, not guessed."""

    async def test_default_is_the_last_twelve_weeks(self, panel: SignIn) -> None:
        page = await (await panel(Role.SUPERVISOR)).get("/panel/dashboard")
        assert page.status_code == 200
        assert len(table_rows(page.text, "chart-weekly-table")) == 12

    @pytest.mark.parametrize(
        "query",
        [{"created_from": "2026-03-10", "created_to": "2026-03-01"}, {"created_from": "kemarin"}],
    )
    async def test_a_wrong_period_is_refused_in_words(
        self, panel: SignIn, query: dict[str, str]
    ) -> None:
        page = await (await panel(Role.SUPERVISOR)).get("/panel/dashboard", **query)
        assert page.status_code == 422
        assert "12 minggu terakhir" in page.text
        assert 'role="alert"' in page.text

    async def test_english(self, panel: SignIn, world: World) -> None:
        user = await panel(Role.SUPERVISOR)
        await user.post("/panel/language", {"language": "en", "next": "/panel/dashboard"})
        page = (await user.get("/panel/dashboard", **MARCH)).text
        assert "Complaints by status" in page
        assert re.search(r'id="tile-median">4.5 days<', page)
