"""What a person sees of the web chat on a 360 px phone: the newest message, hints, buttons."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import utcnow
from backend.db import unit_of_work
from backend.webchat.models import WebChatMessage
from backend.webchat.repository import add_output
from bot.web.channel import WebChatDeliverer
from bot.web.wakeups import WebChatHub
from dialogs.events import Reply
from tests.browser.test_web_chat import open_chat, press, say

PHONE = {"width": 360, "height": 640}
# Long enough that fifteen screens of it are nowhere near the newest message.
OLD_NEWS = "Kabar lama pengaduan Anda. " * 12


async def the_only_chat(sessions: async_sessionmaker[AsyncSession]) -> str:
    async with sessions() as session:
        chat_ids = set((await session.execute(select(WebChatMessage.chat_id))).scalars())
    assert len(chat_ids) == 1
    return chat_ids.pop()


async def in_view(page: Page, selector: str) -> bool:
    """Whether the element lies, at least partly, inside the visible part of the page."""
    return bool(
        await page.locator(selector).evaluate(
            """(element) => {
                const box = element.getBoundingClientRect();
                const log = document.getElementById("chat").getBoundingClientRect();
                return box.bottom > log.top && box.top < log.bottom;
            }"""
        )
    )


class TestLongHistory:
    """A chat with months of messages opens where the conversation is now."""

    async def test_it_opens_at_the_newest_message(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await open_chat(browser, served, PHONE)
        chat_id = await the_only_chat(sessions)
        async with unit_of_work(sessions) as session:
            for _ in range(60):
                add_output(session, chat_id, OLD_NEWS, utcnow())
            add_output(session, chat_id, "Status terbaru: Ditangani", utcnow())

        await page.reload()
        await expect(page.locator(".msg.out").last).to_contain_text("Status terbaru")
        assert await in_view(page, ".msg.out >> nth=-1"), "the newest message is on screen"
        assert not await in_view(page, ".msg.out >> nth=0"), "the oldest is fifteen screens up"

    async def test_a_hint_shows_beside_the_box_while_reading_back(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await open_chat(browser, served, PHONE)
        greeting = await page.locator(".msg.out").count()
        chat_id = await the_only_chat(sessions)
        async with unit_of_work(sessions) as session:
            for _ in range(30):
                add_output(session, chat_id, OLD_NEWS, utcnow())
        await page.reload()
        await expect(page.locator(".msg.out")).to_have_count(greeting + 30)

        # Reading back to the top, the person presses Kirim on an empty box.
        await page.locator("#chat").evaluate("(log) => { log.scrollTop = 0; }")
        await page.get_by_role("button", name="Kirim", exact=False).last.click()
        hint = page.locator("#status")
        await expect(hint).to_contain_text("Tulis pesan dulu")
        await expect(hint).to_be_in_viewport()
        box = await page.get_by_label("Tulis pesan").bounding_box()
        hint_box = await hint.bounding_box()
        assert box is not None and hint_box is not None
        assert 0 <= box["y"] - (hint_box["y"] + hint_box["height"]) < 40, "right above the box"

    async def test_news_while_reading_back_waits_behind_a_button(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await open_chat(browser, served, PHONE)
        greeting = await page.locator(".msg.out").count()
        chat_id = await the_only_chat(sessions)
        async with unit_of_work(sessions) as session:
            for _ in range(30):
                add_output(session, chat_id, OLD_NEWS, utcnow())
        await page.reload()
        await expect(page.locator(".msg.out")).to_have_count(greeting + 30)
        await page.locator("#chat").evaluate("(log) => { log.scrollTop = 0; }")

        # A status message arrives the way the notifier delivers it.
        await WebChatDeliverer(sessions, WebChatHub()).deliver(
            chat_id, Reply("Status baru: Ditelaah")
        )
        jump = page.get_by_role("button", name="Pesan baru")
        await expect(jump).to_be_visible(timeout=20000)
        assert not await in_view(page, ".msg.out >> nth=-1"), "the reader is not pulled away"
        await jump.click()
        await expect(jump).to_be_hidden()
        assert await in_view(page, ".msg.out >> nth=-1")
        await expect(page.locator(".msg.out").last).to_contain_text("Status baru")


class TestOnlyWhatThePersonDid:
    """The transcript holds the person's own words and buttons that work."""

    async def test_no_start_bubble_the_person_never_typed(
        self, browser: Browser, served: str
    ) -> None:
        page = await open_chat(browser, served, PHONE)
        await expect(page.locator(".msg.in")).to_have_count(0)
        greeting = await page.locator(".msg").count()
        await page.reload()
        await expect(page.locator(".msg.out").last).to_contain_text("Silakan pilih")
        await expect(page.locator(".msg")).to_have_count(greeting)
        await expect(page.locator(".msg.in")).to_have_count(0)

    async def test_send_my_number_sends_the_number(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await open_chat(browser, served, PHONE)
        await press(page, "Buat pengaduan", "Sebelum mulai")
        await press(page, "Setuju", "untuk siapa")
        await press(page, "Untuk diri sendiri", "nama lengkap")
        await say(page, "Siti Aminah", "Ketik NIK")
        await say(page, "3271046501900001", "nomor KK")
        await press(page, "Lewati", "nomor HP")

        await page.get_by_role("button", name="Kirim nomor saya").click()
        number = page.get_by_label("Nomor HP")
        await expect(number).to_be_focused()
        assert await number.get_attribute("placeholder") == "0812 3456 7890"
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the number field fits at 360 px"
        # News from the office arriving meanwhile leaves the open question's field alone.
        await WebChatDeliverer(sessions, WebChatHub()).deliver(
            await the_only_chat(sessions), Reply("Kabar dari kantor.")
        )
        await expect(page.locator(".msg.out").last).to_contain_text(
            "Kabar dari kantor", timeout=20000
        )
        await expect(number).to_be_visible()
        await number.fill("0812 3456 7890")
        await number.press("Enter")
        await expect(page.locator(".msg.out").last).to_contain_text("kecamatan")
        await expect(page.locator(".msg.in").last).to_have_text("0812 3456 7890")
        await expect(page.locator(".msg.out", has_text="dicatat")).to_have_count(1)


class TestIcon:
    """The chat and the panel have an icon of their own, served from this site."""

    async def test_favicon(self, browser: Browser, served: str) -> None:
        page = await browser.new_page()
        answer = await page.request.get(f"{served}/favicon.ico")
        assert answer.status == 200
        assert answer.headers["content-type"] == "image/x-icon"
        assert (await answer.body())[:4] == b"\x00\x00\x01\x00"  # an ICO file
        for path in ("/chat", "/panel/login"):
            await page.goto(f"{served}{path}")
            await expect(page.locator("link[rel=icon]")).to_have_attribute("href", "/favicon.ico")
