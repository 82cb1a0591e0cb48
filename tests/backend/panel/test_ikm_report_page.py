"""The IKM report page and its XLSX and PDF: the fixed data set's hand-checked figures."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.tables import table_rows
from tests.fixtures.surveys import submitted_surveys

DECEMBER = {"from": "2026-12-01", "to": "2026-12-31"}
NIK = "3271046501900001"


@pytest.fixture
async def surveys(db: async_sessionmaker[AsyncSession], vault: Vault) -> list[str]:
    """The fixed data set of tests/fixtures/surveys.py in the application's database."""
    return await submitted_surveys(db, vault, comment=f"Antrean panjang. NIK saya {NIK}")


class TestThePage:
    """The overall index with its grade and respondents, the elements, categories, channels."""

    async def test_the_figures_are_the_hand_checked_ones(
        self, panel: SignIn, surveys: list[str]
    ) -> None:
        page = await (await panel(Role.SUPERVISOR)).get("/panel/reports/ikm", **DECEMBER)
        assert page.status_code == 200
        assert re.search(r'id="ikm-value">80.83<', page.text)
        assert re.search(r'id="ikm-grade">B<', page.text)
        assert re.search(r'id="ikm-respondents">5<', page.text)
        elements = table_rows(page.text, "ikm-elements")
        assert elements[0] == ["U1", "Persyaratan", "5", "3.40"]
        assert elements[3] == ["U4", "Biaya/tarif", "4", "4.00"]
        categories = {row[0]: row[1:] for row in table_rows(page.text, "ikm-categories")}
        assert categories["Program Keluarga Harapan (PKH)"] == ["3", "84.26", "B (baik)"]
        assert categories["Program Sembako / BPNT"] == ["2", "75.00", "C (kurang baik)"]
        channels = {row[0]: row[1] for row in table_rows(page.text, "ikm-channels")}
        assert channels == {"Telegram": "3", "Chat web": "2"}

    async def test_comments_are_shown_with_the_nik_masked(
        self, panel: SignIn, surveys: list[str]
    ) -> None:
        page = await (await panel(Role.BACK_OFFICE)).get("/panel/reports/ikm", **DECEMBER)
        assert "Antrean panjang." in page.text and NIK not in page.text

    async def test_an_empty_period_says_so(self, panel: SignIn) -> None:
        page = await (await panel(Role.ADMIN)).get("/panel/reports/ikm", **DECEMBER)
        assert "Belum ada survei" in page.text and re.search(r'id="ikm-value">–<', page.text)

    async def test_a_backwards_period_is_explained(self, panel: SignIn) -> None:
        page = await (await panel(Role.SUPERVISOR)).get(
            "/panel/reports/ikm", **{"from": "2026-12-31", "to": "2026-12-01"}
        )
        assert page.status_code == 422

    async def test_the_navigation_leads_here_for_the_dashboards_roles(self, panel: SignIn) -> None:
        page = await (await panel(Role.BACK_OFFICE)).get("/panel")
        assert 'href="/panel/reports/ikm"' in page.text
        front = await (await panel(Role.FRONT_OFFICE)).get("/panel")
        assert 'href="/panel/reports/ikm"' not in front.text


class TestTheFiles:
    """The XLSX and the PDF hold the same figures, without the comments."""

    async def test_the_workbook(self, panel: SignIn, surveys: list[str]) -> None:
        response = await (await panel(Role.SUPERVISOR)).get("/panel/reports/ikm.xlsx", **DECEMBER)
        assert response.status_code == 200
        assert "ikm-2026-12-01-2026-12-31.xlsx" in response.headers["content-disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = [
            [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
        ]
        assert ["Nilai IKM", "80.83"] in rows and ["Mutu pelayanan", "B (baik)"] in rows
        assert ["Responden", "5"] in rows
        assert ["U7", "Perilaku pelaksana", "4", "3.50"] in rows
        assert ["Program Sembako / BPNT", "2", "75.00", "C (kurang baik)"] in rows
        assert not any("Antrean" in str(cell) for row in rows for cell in row)

    async def test_the_pdf(self, panel: SignIn, surveys: list[str]) -> None:
        response = await (await panel(Role.ADMIN)).get("/panel/reports/ikm.pdf", **DECEMBER)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        text = " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert "Indeks Kepuasan Masyarakat" in text and "DINAS SOSIAL" in text
        assert "80.83" in text and "B (baik)" in text and "84.26" in text
        assert "Penanganan pengaduan, saran dan masukan" in text
        assert "Antrean" not in text

    async def test_an_empty_period_still_gives_both_files(self, panel: SignIn) -> None:
        user = await panel(Role.SUPERVISOR)
        workbook = await user.get("/panel/reports/ikm.xlsx", **DECEMBER)
        sheet = load_workbook(io.BytesIO(workbook.content)).active
        assert sheet is not None
        assert ("Responden", "0") in [row[:2] for row in sheet.iter_rows(values_only=True)]
        pdf = await user.get("/panel/reports/ikm.pdf", **DECEMBER)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    async def test_a_bad_period_gives_no_file(self, panel: SignIn) -> None:
        user = await panel(Role.BACK_OFFICE)
        response = await user.get("/panel/reports/ikm.pdf", **{"from": "2026-12-31", "to": "x"})
        assert response.status_code == 422
