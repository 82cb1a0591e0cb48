"""The web chat page in real headless Chromium at phone width."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect

from backend.casefiles.models import ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.staff.models import Role
from tests.browser.conftest import screenshot_path
from tests.browser.test_panel import _account, fire, sign_in

PHONE = {"width": 320, "height": 640}


async def open_chat(browser: Browser, served: str, viewport: dict[str, int] = PHONE) -> Page:
    """The web chat in a new phone-sized page, once its greeting is shown."""
    page = await browser.new_page(viewport=viewport, locale="id-ID")
    await page.goto(f"{served}/chat")
    await expect(page.locator(".msg.out").last).to_contain_text("Silakan pilih")
    return page


async def say(page: Page, text: str, expect_text: str) -> None:
    await page.get_by_label("Tulis pesan").fill(text)
    await page.get_by_role("button", name="Kirim", exact=False).last.click()
    await expect(page.locator(".msg.out").last).to_contain_text(expect_text)


async def press(page: Page, label: str, expect_text: str) -> None:
    await page.locator(".msg.out").last.get_by_role("button", name=label).first.click()
    await expect(page.locator(".msg.out").last).to_contain_text(expect_text)


class TestWebChatInChromium:
    """File a complaint on a small screen, reload mid-way, then see a status message arrive."""

    async def test_file_reload_and_receive_a_status_message(
        self, browser: Browser, served: str, sessions
    ) -> None:
        page = await open_chat(browser, served)
        await expect(page.locator(".msg.out").last).to_contain_text("Silakan pilih")
        await press(page, "Buat pengaduan", "Sebelum mulai")
        await press(page, "Setuju", "untuk siapa")
        await press(page, "Untuk diri sendiri", "nama lengkap")
        await say(page, "Siti Aminah", "Ketik NIK")

        # A reload in the middle of the dialog keeps the conversation where it was.
        await page.reload()
        await expect(page.locator(".msg.out").last).to_contain_text("Ketik NIK")
        await say(page, "3271046501900001", "nomor KK")
        await press(page, "Lewati", "nomor HP")
        await say(page, "081234567890", "kecamatan")
        await press(page, "Bogor Barat", "Pilih kelurahan")
        await press(page, "Bubulak", "alamat lengkap")
        await say(page, "Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
        await press(page, "Keluarga Harapan", "Ceritakan masalahnya")
        await say(
            page, "Bantuan PKH ibu saya tidak cair <b>sejak</b> Agustus.", "foto atau dokumen"
        )
        await press(page, "Lewati", "Periksa kembali")
        # Markup typed by the person is shown as text, never as HTML.
        await expect(page.locator(".msg.in", has_text="<b>sejak</b>")).to_have_count(1)
        await expect(page.locator("#log b")).to_have_count(0)
        await press(page, "Kirim pengaduan", "Nomor tiket")
        text = await page.locator(".msg.out").last.inner_text()
        ticket = text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()
        # Focus moves to the newest message, for screen readers.
        assert await page.evaluate("document.activeElement.classList.contains('msg')")

        # Staff start the review in the panel, in another window.
        staff = await sign_in(browser, served, await _account(sessions, Role.BACK_OFFICE))
        await staff.get_by_role("link", name=ticket).click()
        await fire(staff, "start_review", {"note": "Sedang kami periksa."})
        await expect(staff.locator(".status-line")).to_contain_text("Ditelaah")
        async with sessions() as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None and complaint.status == ComplaintStatus.IN_REVIEW
        # `slrt run` runs the notifier in process; the page's long poll shows the message.
        await expect(page.locator(".msg.out").last).to_contain_text(
            "Sedang kami periksa.", timeout=15000
        )
        await expect(page.locator(".msg.out").last).to_contain_text(ticket)

        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the page must not scroll sideways at 320 px"
        await page.screenshot(path=str(screenshot_path("web-chat-phone.png")), full_page=False)

    async def test_a_message_that_cannot_be_sent_stays_in_the_box(
        self, browser: Browser, served: str
    ) -> None:
        page = await open_chat(browser, served)
        await press(page, "Buat pengaduan", "Sebelum mulai")
        await press(page, "Setuju", "untuk siapa")
        await press(page, "Untuk diri sendiri", "nama lengkap")

        # The network drops every send: the person is told, and what they typed stays.
        await page.route("**/chat/api/events*", lambda route: route.abort())
        box = page.get_by_label("Tulis pesan")
        await box.fill("Siti Aminah")
        await page.get_by_role("button", name="Kirim", exact=False).last.click()
        await expect(page.locator("#status")).to_contain_text("periksa sambungan", timeout=15000)
        await expect(box).to_have_value("Siti Aminah")

        # Back online, the same text goes once and the box empties.
        await page.unroute("**/chat/api/events*")
        await page.get_by_role("button", name="Kirim", exact=False).last.click()
        await expect(page.locator(".msg.out").last).to_contain_text("Ketik NIK")
        await expect(box).to_have_value("")
        await expect(page.locator(".msg.in", has_text="Siti Aminah")).to_have_count(1)
