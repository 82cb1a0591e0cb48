"""The IKM report in real headless Chromium: reached from the navigation, read on a phone, saved."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.async_api import Browser, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.browser.conftest import screenshot_path
from tests.browser.test_panel import PHONE, _account, sign_in
from tests.fixtures.surveys import submitted_surveys


class TestTheIkmReport:
    """A supervisor opens IKM, picks December, reads the figures and downloads the workbook."""

    async def test_read_on_desk_and_phone_and_download(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        await submitted_surveys(sessions, vault)
        page = await sign_in(browser, served, await _account(sessions, Role.SUPERVISOR))
        await page.get_by_role("link", name="IKM", exact=True).click()
        await expect(
            page.get_by_role("heading", name="Indeks Kepuasan Masyarakat (IKM)")
        ).to_be_visible()
        await page.get_by_label("Dari tanggal").fill("2026-12-01")
        await page.get_by_label("Sampai tanggal").fill("2026-12-31")
        await page.get_by_role("button", name="Terapkan").click()
        await expect(page.locator("#ikm-value")).to_have_text("80.83")
        await expect(page.locator("#ikm-grade")).to_have_text("B")
        await expect(page.locator("#ikm-respondents")).to_have_text("5")
        await expect(page.locator("#ikm-elements tbody tr")).to_have_count(9)
        await page.screenshot(path=str(screenshot_path("panel-ikm.png")), full_page=True)

        await page.set_viewport_size(PHONE)
        await page.wait_for_load_state("load")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"IKM report: {width} px wide"
        await page.screenshot(path=str(screenshot_path("panel-ikm-phone.png")), full_page=True)

        async with page.expect_download() as download_info:
            await page.locator("#ikm-xlsx").click()
        download = await download_info.value
        assert download.suggested_filename == "ikm-2026-12-01-2026-12-31.xlsx"
        sheet = load_workbook(io.BytesIO(Path(await download.path()).read_bytes())).active
        assert sheet is not None
        assert ("Nilai IKM", "80.83") in [row[:2] for row in sheet.iter_rows(values_only=True)]
