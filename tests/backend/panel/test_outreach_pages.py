"""The outreach kit in the panel: the list of posters, a poster's download, the office's hours
and WhatsApp number, and the dashboard's complaints by source and kelurahan."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.config import Settings
from backend.db import unit_of_work
from backend.office.settings import office_settings
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.complaints.stats_world import BATU_TULIS, BUBULAK, build_world
from tests.backend.letters.world import first_page_png, qr_codes
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.tables import row_links, table_rows
from tests.backend.panel.world import office_form

Sessions = async_sessionmaker[AsyncSession]
MARCH = {"created_from": "2026-03-02", "created_to": "2026-03-29"}


@pytest.fixture
def settings(test_database_url: str, tmp_path: Path) -> Settings:
    """A deployment whose bot's name and public address are known."""
    return Settings(
        database_url=test_database_url, files_dir=tmp_path / "files", _env_file=None,
        telegram_bot_username="slrt_bogor_bot", public_url="https://slrt.kotabogor.go.id",
    )  # fmt: skip


class TestThePosterList:
    """Every kelurahan, with its poster and the links it prints."""

    async def test_every_kelurahan_has_its_poster_and_links(self, panel: SignIn) -> None:
        page = await (await panel(Role.FRONT_OFFICE)).get("/panel/outreach")
        assert page.status_code == 200
        rows = table_rows(page.text, "outreach-kelurahan")
        assert len(rows) == 68
        bubulak = next(row for row in rows if row[0] == "Bubulak")
        assert bubulak == [
            "Bubulak", "Bogor Barat", "https://t.me/slrt_bogor_bot?start=src-3271041003",
            "https://slrt.kotabogor.go.id/chat?src=3271041003",
        ]  # fmt: skip
        assert row_links(page.text, "outreach-kelurahan")["Bubulak"] == (
            "/panel/outreach/32.71.04.1003.pdf"
        )
        assert 'href="/panel/outreach"' in page.text, "in the navigation"
        assert 'id="outreach-no-hours"' in page.text

    async def test_facilitators_see_neither_the_page_nor_its_link(self, panel: SignIn) -> None:
        facilitator = await panel(Role.FACILITATOR)
        assert (await facilitator.get("/panel/outreach")).status_code == 403
        assert 'href="/panel/outreach"' not in (await facilitator.get("/panel")).text


class TestThePosterDownload:
    """GET /panel/outreach/{code}.pdf: the code as stored; its QR codes are the page's links."""

    async def test_the_poster_downloads_with_its_links(self, panel: SignIn) -> None:
        response = await (await panel(Role.BACK_OFFICE)).get("/panel/outreach/32.71.04.1003.pdf")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            'attachment; filename="poster-slrt-3271041003-bubulak.pdf"'
        )
        assert sorted(qr_codes(first_page_png(response.content))) == [
            "https://slrt.kotabogor.go.id/chat?src=3271041003",
            "https://t.me/slrt_bogor_bot?start=src-3271041003",
        ]

    @pytest.mark.parametrize("code", ["32.71.99.9999", "3271041003", "32.71.04", "x"])
    async def test_a_code_of_no_kelurahan_is_not_found(self, panel: SignIn, code: str) -> None:
        response = await (await panel(Role.FRONT_OFFICE)).get(f"/panel/outreach/{code}.pdf")
        assert response.status_code == 404
        assert "text/html" in response.headers["content-type"]


class TestTheOfficesHoursAndWhatsApp:
    """An administrator sets the hours and the WhatsApp number the posters print."""

    async def test_the_hours_and_number_are_saved_and_printed(
        self, panel: SignIn, db: Sessions
    ) -> None:
        admin = await panel(Role.ADMIN)
        form = office_form(
            office_hours="Senin–Jumat 08.00–15.00 WIB", whatsapp_number="0812 9999 0001"
        )
        assert (await admin.post("/panel/admin/office", form)).status_code == 303
        async with db() as session:
            office = await office_settings(session)
        assert office.office_hours == "Senin–Jumat 08.00–15.00 WIB"
        assert office.whatsapp_number == "+6281299990001"
        page = await admin.get("/panel/outreach")
        assert 'id="outreach-no-hours"' not in page.text and "+6281299990001" in page.text
        poster = await admin.get("/panel/outreach/32.71.04.1003.pdf")
        assert any(code.startswith("https://wa.me/6281299990001?") for code in qr_codes(
            first_page_png(poster.content)
        ))  # fmt: skip

    async def test_a_number_that_is_not_indonesian_is_refused_with_a_reason(
        self, panel: SignIn, db: Sessions
    ) -> None:
        admin = await panel(Role.ADMIN)
        response = await admin.post("/panel/admin/office", office_form(whatsapp_number="12345"))
        assert response.status_code == 422
        assert "Tulis nomor HP Indonesia" in response.text
        assert 'value="12345"' in response.text, "what was typed stays in the form"
        async with db() as session:
            assert (await office_settings(session)).whatsapp_number is None


class TestTheDashboard:
    """Complaints of the period by poster and channel, beside each kelurahan's own."""

    async def test_the_table_counts_complaints_by_source_and_kelurahan(
        self, panel: SignIn, db: Sessions, vault: Vault
    ) -> None:
        world = await build_world(db, vault)
        # a, i: Bubulak's poster by Telegram; c: Bubulak's poster by web chat; d: Batu Tulis's
        # poster; f: Bubulak's poster but after the period. The rest came from no poster.
        sources = {
            "a": (BUBULAK, Channel.TELEGRAM), "i": (BUBULAK, Channel.TELEGRAM),
            "c": (BUBULAK, Channel.WEB), "d": (BATU_TULIS, Channel.TELEGRAM),
            "f": (BUBULAK, Channel.TELEGRAM),
        }  # fmt: skip
        async with unit_of_work(db) as session:
            for name, (code, channel) in sources.items():
                complaint = await session.scalar(
                    select(Complaint).where(Complaint.ticket == world.tickets[name])
                )
                assert complaint is not None
                complaint.source, complaint.channel = f"poster:{code}", channel
        page = (await (await panel(Role.SUPERVISOR)).get("/panel/dashboard", **MARCH)).text
        # Kelurahan, Telegram, web chat, through the poster, all from the kelurahan.
        assert table_rows(page, "chart-source-table") == [
            # Telegram, web chat, WhatsApp, all, from the kelurahan's households.
            ["Bubulak", "2", "1", "0", "3", "2"],
            ["Batu Tulis", "1", "0", "0", "1", "2"],
            ["Menteng", "0", "0", "0", "0", "1"],
            ["Sukasari", "0", "0", "0", "0", "1"],
            ["Tanpa poster", "3", "0", "0", "3", "–"],
        ]
        link = row_links(page, "chart-source-table")["Bubulak"]
        assert link.startswith("/panel?") and "kelurahan=32.71.04.1003" in link
        assert "Pengaduan per sumber" in page
