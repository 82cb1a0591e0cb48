"""Issue 17 in the web chat (Chromium, phone width): typed labels and no dead ends."""

from __future__ import annotations

import asyncio

from playwright.async_api import Browser, Route, expect

from tests.browser.test_web_chat import open_chat, press, say


class TestTypedLabelsInTheWebChat:
    """What a person types instead of pressing is the button it names."""

    async def test_buat_pengaduan_setuju_and_a_number(self, browser: Browser, served: str) -> None:
        page = await open_chat(browser, served)
        await say(page, "buat pengaduan", "Sebelum mulai")
        await say(page, "setuju", "untuk siapa")
        await say(page, "1", "nama lengkap")  # Untuk diri sendiri, the first button


class TestTypingAheadInTheWebChat:
    """The next answer typed while the last one is still being sent stays in the field."""

    async def test_answer_typed_before_the_send_returns_is_kept(
        self, browser: Browser, served: str
    ) -> None:
        page = await open_chat(browser, served)
        await say(page, "buat pengaduan", "Sebelum mulai")
        # The send's own answer is held back: the long poll shows the question first, and
        # the person types the next answer before the send returns.
        release, returned = asyncio.Event(), asyncio.Event()

        async def held(route: Route) -> None:
            response = await route.fetch()
            await release.wait()
            await route.fulfill(response=response)
            returned.set()

        await page.route("**/chat/api/events*", held)
        await page.get_by_label("Tulis pesan").fill("setuju")
        await page.get_by_role("button", name="Kirim", exact=False).last.click()
        await expect(page.locator(".msg.out").last).to_contain_text("untuk siapa")
        await page.get_by_label("Tulis pesan").fill("1")
        release.set()
        await returned.wait()
        await page.unroute("**/chat/api/events*")
        await expect(page.locator(".msg.in").last).to_contain_text("setuju")
        await expect(page.get_by_label("Tulis pesan")).to_have_value("1")
        await page.get_by_role("button", name="Kirim", exact=False).last.click()
        await expect(page.locator(".msg.out").last).to_contain_text("nama lengkap")


class TestNoDeadEndsInTheWebChat:
    """Informasi → Kembali ke menu and a language chosen leave the menu's buttons on screen."""

    async def test_back_from_information_and_a_language(
        self, browser: Browser, served: str
    ) -> None:
        page = await open_chat(browser, served)
        await press(page, "Informasi", "Informasi apa")
        await press(page, "Kembali ke menu", "kembali ke menu utama")
        await expect(page.locator("#log")).not_to_contain_text("/menu")
        await press(page, "Bahasa", "Pilih bahasa")
        await press(page, "English", "The language is now English")
        await expect(page.locator("#log")).not_to_contain_text("Type /menu")
        # The menu's buttons work from there, nothing to type.
        await press(page, "File a complaint", "Before we start")
