"""The outreach page in real headless Chromium: it fits a phone, and a poster downloads."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.staff.models import Role
from tests.backend.letters.world import first_page_png, qr_codes
from tests.browser.test_panel import PHONE, _account, sign_in


class TestTheOutreachPage:
    """Front office opens the page from the menu and downloads Bubulak's poster."""

    async def test_it_fits_a_phone_and_the_poster_downloads(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path,
    ) -> None:  # fmt: skip
        page = await sign_in(browser, served, await _account(sessions, Role.FRONT_OFFICE))
        await page.get_by_role("link", name="Poster sosialisasi").first.click()
        await expect(
            page.get_by_role("heading", name="Poster sosialisasi per kelurahan")
        ).to_be_visible()
        async with page.expect_download() as waiting:
            await page.get_by_role("link", name="Bubulak", exact=True).click()
        download = await waiting.value
        assert download.suggested_filename == "poster-slrt-3271041003-bubulak.pdf"
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        codes = qr_codes(first_page_png(saved.read_bytes()))
        assert any(code.endswith("/chat?src=3271041003") for code in codes)
        await page.set_viewport_size(PHONE)
        await page.reload()
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"outreach page: {width} px wide"
