"""The web chat opened from a poster's QR code, in real headless Chromium at phone width."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.conversations.models import Conversation
from backend.conversations.state import open_state
from backend.security.crypto import vault_for

PHONE = {"width": 320, "height": 640}


async def _remembered_sources(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> list[object]:
    vault = vault_for(settings.data_key.get_secret_value())
    async with sessions() as session:
        rows = await session.scalars(select(Conversation).where(Conversation.channel == "web"))
        return [open_state(vault, row.data).get("_source") for row in rows]


class TestAPostersQrCode:
    """The page greets once, remembers the poster, and drops ?src= from its address."""

    async def test_the_page_sends_the_source_once_and_forgets_it_in_the_address(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
    ) -> None:  # fmt: skip
        page = await browser.new_page(viewport=PHONE, locale="id-ID")
        await page.goto(f"{served}/chat?src=3271041003")
        await expect(page.locator(".msg.out").last).to_contain_text("Silakan pilih")
        assert page.url == f"{served}/chat"
        assert await _remembered_sources(sessions, settings) == ["poster:32.71.04.1003"]
        await page.reload()
        await expect(page.locator(".msg.out").last).to_contain_text("Silakan pilih")
        await expect(page.locator(".msg.out", has_text="Selamat datang")).to_have_count(1)
