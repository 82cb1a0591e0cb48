"""The staff panel in real headless Chromium, against the whole service served by uvicorn.

The main walk signs in, filters the queue, opens a complaint and moves it from
received through in review and referred to resolved, while the notifier running
inside the service sends each status message to the citizen's chat on the local
Bot API server.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pyotp
import pytest
from playwright.async_api import Browser, Page, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Citizen
from backend.config import Settings
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import PASSWORD, make_account, totp_code
from tests.backend.complaints.stats_world import fill_recent
from tests.backend.panel.world import attach_file
from tests.bot.conftest import bot_settings, free_port, local_api
from tests.bot.notifier.conftest import file_for_chat
from tests.browser.conftest import screenshot_path, serve
from tests.fixtures.factories import make_complaint
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.upload_files import ogg_opus_voice

__all__ = ["local_api"]  # the fixture, used by name
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
IPHONE = {"width": 390, "height": 844}
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
async def served_with_telegram(
    local_api: LocalBotApi, database_url: str, tmp_path: Path
) -> AsyncIterator[str]:
    """The service with its bot and notifier talking to the local Bot API server."""
    settings = bot_settings(database_url, local_api, tmp_path, "ptb", "polling", free_port())
    async with serve(settings) as url:
        yield url


async def _account(
    sessions: async_sessionmaker[AsyncSession], role: Role, *, two_factor: bool | None = None
) -> str:
    async with unit_of_work(sessions) as session:
        user, _ = await make_account(session, role, two_factor=two_factor)
        return user.email


async def sign_in(
    browser: Browser, served: str, email: str, *, path: str = "/panel", step_offset: int = 0
) -> Page:
    """A new browser page signed in through the login form; it ends on `path`.

    Supervisors and admins (and any account with two factors) then type the code the
    tests' authenticator app shows (`step_offset` steps of 30 s away from now).
    """
    page = await browser.new_page(viewport=DESK, locale="id-ID")
    await page.goto(served + path)
    await expect(page.get_by_role("heading", name="Masuk ke panel petugas")).to_be_visible()
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Kata sandi").fill(PASSWORD)
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url(re.compile(r"/panel/login/code|" + re.escape(path) + r"$"))
    if "/panel/login/code" in page.url:
        await expect(page.get_by_role("heading", name="Kode verifikasi")).to_be_visible()
        await page.get_by_label("Kode", exact=True).fill(totp_code(step_offset=step_offset))
        await page.get_by_role("button", name="Verifikasi").click()
        await page.wait_for_url(re.compile(re.escape(path) + r"$"))
    return page


async def fire(page: Page, event: str, fields: dict[str, str]) -> None:
    """Opens an action's form on the complaint page, fills it and sends it."""
    form = page.locator(f"#form-{event}")
    await form.locator("summary").click()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if name == "outcome":
            await form.locator(f"input[name=outcome][value={value}]").check()
        elif await field.evaluate("element => element.tagName") == "SELECT":
            await field.select_option(value)
        else:
            await field.fill(value)
    await form.locator("button[type=submit]").click()


async def citizen_hears(api: LocalBotApi, chat_id: int, text: str) -> None:
    """Waits for the bot's message to the citizen's chat containing `text`."""
    await api.wait_for_message(chat_id, text, timeout=20)


class TestWorkingAComplaint:
    """From received to resolved through a referral, the citizen told at every step."""

    async def test_sign_in_filter_open_and_move_it_to_resolved(
        self, browser: Browser, served_with_telegram: str, local_api: LocalBotApi,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # fmt: skip
        household = await file_for_chat(sessions, vault, local_api)
        ticket, chat = household.ticket, household.chat_id
        # Another complaint that the status filter must leave out.
        await file_for_chat(sessions, vault, local_api, status=ComplaintStatus.IN_REVIEW)
        page = await sign_in(
            browser, served_with_telegram, await _account(sessions, Role.BACK_OFFICE)
        )
        await expect(page.get_by_role("heading", name="Antrean pengaduan")).to_be_visible()

        await page.get_by_text("Saring dan cari").click()
        await page.get_by_label("Diterima", exact=True).check()
        await page.get_by_role("button", name="Terapkan").click()
        await page.wait_for_url(re.compile(r"status=received"))
        await expect(page.locator("tr.row")).to_have_count(1)
        await expect(page.locator(f'tr[data-ticket="{ticket}"]')).to_be_visible()
        await expect(page.locator(".chip[aria-current=true]")).to_contain_text("Diterima · 1")
        await page.screenshot(path=str(screenshot_path("panel-queue.png")), full_page=True)

        await page.get_by_role("link", name=ticket).click()
        await expect(page.locator("#ticket")).to_have_text(ticket)
        await expect(page.locator(".status-line")).to_contain_text("Diterima")

        await fire(page, "start_review", {"note": "Sedang kami periksa."})
        await expect(page.locator(".status-line")).to_contain_text("Ditelaah")
        await citizen_hears(local_api, chat, f"{ticket} · Ditelaah")

        await fire(page, "refer", {"agency": "pkh", "note": "Kami teruskan ke koordinator PKH."})
        await expect(page.locator(".status-line")).to_contain_text("Dirujuk")
        await citizen_hears(local_api, chat, f"{ticket} · Dirujuk")

        await fire(page, "record_outcome", {
            "answer": "Bantuan tahap 4 sudah dicairkan.", "outcome": "resolved",
            "resolution": "Bantuan PKH Anda sudah cair; silakan cek rekening KKS.",
        })  # fmt: skip
        await expect(page.locator(".status-line")).to_contain_text("Selesai")
        await citizen_hears(local_api, chat, "silakan cek rekening KKS")
        await citizen_hears(local_api, chat, f"{ticket} · Selesai")

        # The page tells what reached the citizen: three status messages, each sent.
        sent = page.locator("#deliveries tr.delivery-sent")
        for _ in range(40):
            if await sent.count() == 3:
                break
            await asyncio.sleep(0.25)
            await page.reload()
        await expect(sent).to_have_count(3)
        await expect(page.locator("#timeline")).to_contain_text(
            "Dirujuk ke Koordinator PKH Kota Bogor"
        )
        await page.screenshot(path=str(screenshot_path("panel-complaint.png")), full_page=True)

        # On a phone both pages fit the width: no scrolling sideways.
        await page.set_viewport_size(PHONE)
        for name in ("panel-complaint-phone.png", "panel-queue-phone.png"):
            if name == "panel-queue-phone.png":
                await page.get_by_text("Menu", exact=True).click()
                await page.get_by_role("link", name="Antrean").click()
            await page.wait_for_load_state("load")
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name}: {width} px wide"
            await page.screenshot(path=str(screenshot_path(name)), full_page=True)
        async with sessions() as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None and complaint.status == ComplaintStatus.RESOLVED


class TestRefusals:
    """What the panel refuses, a browser sees refused."""

    async def test_a_form_without_its_csrf_token_is_refused(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        async with unit_of_work(sessions) as session:
            ticket = (await make_complaint(session, vault)).ticket
        page = await sign_in(browser, served, await _account(sessions, Role.BACK_OFFICE))
        await page.goto(f"{served}/panel/complaints/{ticket}")
        form = page.locator("#form-start_review")
        await form.locator("summary").click()
        await form.locator("input[name=csrf_token]").evaluate("input => input.remove()")
        async with page.expect_response(f"**/panel/complaints/{ticket}/events") as answer:
            await form.locator("button[type=submit]").click()
        assert (await answer.value).status == 403
        await expect(page.get_by_role("heading", name="Formulir ditolak")).to_be_visible()
        await expect(page.locator("main")).to_contain_text("token keamanan")
        async with sessions() as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None and complaint.status == ComplaintStatus.RECEIVED

    async def test_back_office_cannot_open_the_admin_pages(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await sign_in(browser, served, await _account(sessions, Role.BACK_OFFICE))
        await expect(page.get_by_role("navigation", name="Menu utama")).not_to_contain_text("Admin")
        answer = await page.goto(f"{served}/panel/admin")
        assert answer is not None and answer.status == 403
        await expect(page.get_by_role("heading", name="Akses ditolak")).to_be_visible()
        await expect(page.locator("main")).to_contain_text("Petugas pengolah")
        admin = await sign_in(browser, served, await _account(sessions, Role.ADMIN))
        await admin.get_by_role("link", name="Admin").click()
        await expect(admin.get_by_role("heading", name="Administrasi")).to_be_visible()


class TestTwoFactorSignIn:
    """An admin sets up an authenticator app at the first sign-in, then signs in with its codes."""

    async def test_set_up_then_sign_in_with_password_and_code(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        email = await _account(sessions, Role.ADMIN, two_factor=False)
        page = await browser.new_page(viewport=PHONE, locale="id-ID")
        await page.goto(f"{served}/panel/login")
        await page.get_by_label("Email").fill(email)
        await page.get_by_label("Kata sandi").fill(PASSWORD)
        await page.get_by_role("button", name="Masuk").click()
        await page.wait_for_url(re.compile(r"/panel/two-factor$"))
        await expect(page.get_by_role("alert")).to_contain_text("wajib masuk dengan verifikasi")
        await page.goto(f"{served}/panel")  # nothing else opens before it is set up
        await page.wait_for_url(re.compile(r"/panel/two-factor$"))
        await page.get_by_role("button", name="Siapkan aplikasi autentikator").click()
        await expect(page.locator("figure.qr svg")).to_be_visible()
        await expect(page.locator("figure.qr svg title")).to_have_text(
            "Kode QR untuk aplikasi autentikator"
        )
        box = await page.locator("figure.qr svg").bounding_box()
        assert box is not None and box["width"] >= 150
        secret = (await page.locator("#totp-secret").inner_text()).replace(" ", "")
        phone = pyotp.TOTP(secret)  # the authenticator app, scanning what the page shows
        await page.get_by_label("Kode dari aplikasi").fill(phone.now())
        await page.get_by_role("button", name="Aktifkan").click()
        await expect(page.locator("#recovery-codes li")).to_have_count(10)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"two-factor page: {width} px wide"
        await page.screenshot(path=str(screenshot_path("panel-two-factor.png")), full_page=True)
        await page.get_by_role("link", name="Lanjut ke panel").click()
        await expect(page.get_by_role("heading", name="Antrean pengaduan")).to_be_visible()
        await page.get_by_text("Menu", exact=True).click()  # folded on a phone
        await page.get_by_role("button", name="Keluar").click()

        await page.get_by_label("Email").fill(email)
        await page.get_by_label("Kata sandi").fill(PASSWORD)
        await page.get_by_role("button", name="Masuk").click()
        await expect(page.get_by_role("heading", name="Kode verifikasi")).to_be_visible()
        await page.get_by_label("Kode", exact=True).fill("000000")
        await page.get_by_role("button", name="Verifikasi").click()
        await expect(page.get_by_role("alert")).to_contain_text("Kode salah atau sudah dipakai")
        # The code of the set-up's step was used: the app's next one signs in.
        await page.get_by_label("Kode", exact=True).fill(phone.at(time.time(), counter_offset=1))
        await page.get_by_role("button", name="Verifikasi").click()
        await expect(page.get_by_role("heading", name="Antrean pengaduan")).to_be_visible()


class TestOnAPhone:
    """At 390 px the navigation folds behind a menu button and the chips scroll sideways,
    so the first complaint of the queue is on the first screen (issue 17, item 11)."""

    async def test_the_first_complaint_shows_on_the_first_screen(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        # Complaints in every status, so every chip of the queue is there.
        statuses = [s for s in ComplaintStatus if s != ComplaintStatus.PENDING_APPROVAL]
        async with unit_of_work(sessions) as session:
            for status in statuses:
                await make_complaint(session, vault, status=status)
        page = await sign_in(browser, served, await _account(sessions, Role.SUPERVISOR))
        await page.set_viewport_size(IPHONE)
        await page.goto(f"{served}/panel")
        await page.wait_for_load_state("load")
        nav = page.get_by_role("navigation", name="Menu utama")
        await expect(nav).to_be_hidden()
        # Its ticket, status, citizen and category, without scrolling (691 px down before).
        first_row = page.locator("table.queue tbody tr").first
        category = await first_row.locator('td[data-label="Kategori"]').bounding_box()
        assert category is not None
        bottom = category["y"] + category["height"]
        assert bottom <= IPHONE["height"], f"the first complaint's category ends at {bottom} px"
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= IPHONE["width"], f"{width} px wide"
        await page.screenshot(path=str(screenshot_path("panel-queue-390.png")))

        await page.get_by_text("Menu", exact=True).click()
        await expect(nav).to_be_visible()
        await nav.get_by_role("link", name="Dasbor").click()
        await expect(page.get_by_role("heading", name="Dasbor", exact=True)).to_be_visible()
        await expect(page.get_by_role("navigation", name="Menu utama")).to_be_hidden()

        # A wide screen shows the navigation with no button to press.
        await page.set_viewport_size(DESK)
        await expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()
        await expect(page.get_by_text("Menu", exact=True)).to_be_hidden()


class TestEscaping:
    """Markup a citizen typed is shown as text; nothing of it runs."""

    async def test_the_description_renders_as_text(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault)
            complaint.description = XSS
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            citizen.full_name = "<b>Siti</b> Aminah"
            ticket = complaint.ticket
        page = await sign_in(browser, served, await _account(sessions, Role.SUPERVISOR))
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        await expect(page.locator(f'tr[data-ticket="{ticket}"]')).to_contain_text(
            "<b>Siti</b> Aminah"
        )
        await page.goto(f"{served}/panel/complaints/{ticket}")
        await expect(page.locator("#description")).to_have_text(XSS)
        await page.wait_for_load_state("load")
        assert await page.locator('img[src="x"]').count() == 0
        assert await page.locator("main b").count() == 0
        assert dialogs == []


class TestVoiceNotes:
    """A citizen's voice note plays on the complaint page (issue 17)."""

    async def test_the_audio_element_loads_the_recording(
        self, browser: Browser, served: str, settings: Settings,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # fmt: skip
        async with unit_of_work(sessions) as session:
            ticket = (await make_complaint(session, vault)).ticket
        await attach_file(
            sessions, settings.files_dir, ticket, data=ogg_opus_voice(2), mime_type="audio/ogg",
            name="pesan-suara.ogg",
        )  # fmt: skip
        page = await sign_in(browser, served, await _account(sessions, Role.BACK_OFFICE))
        await page.goto(f"{served}/panel/complaints/{ticket}")
        audio = page.locator("audio[controls]")
        await expect(audio).to_be_visible()
        # HAVE_METADATA: Chromium fetched the file through the panel and read its length.
        await page.wait_for_function("document.querySelector('audio').readyState >= 1")
        duration = await audio.evaluate("element => element.duration")
        assert 1.5 < duration < 2.5, duration


class TestReports:
    """A supervisor reads the dashboard and takes the queue away as a spreadsheet."""

    async def test_the_dashboard_draws_its_charts_and_the_queue_exports(
        self, browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        filed = await fill_recent(sessions, vault)
        page = await sign_in(browser, served, await _account(sessions, Role.SUPERVISOR))
        await page.get_by_role("link", name="Dasbor").click()
        await expect(page.get_by_role("heading", name="Dasbor", exact=True)).to_be_visible()
        await expect(page.locator("#tile-filed")).to_have_text(str(filed))
        charts = ("Pengaduan per status", "Pengaduan per minggu", "Pekerjaan terbuka per petugas")
        for name in charts:
            chart = page.get_by_role("img", name=name)
            await expect(chart).to_be_visible()
            box = await chart.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100, name
        assert await page.locator("svg.chart rect").count() > 20
        await page.locator("#chart-status-heading ~ details summary").click()
        await expect(page.locator("#chart-status-table")).to_be_visible()
        await page.screenshot(path=str(screenshot_path("panel-dashboard.png")), full_page=True)

        await page.set_viewport_size(PHONE)
        await page.wait_for_load_state("load")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"dashboard: {width} px wide"
        phone_shot = screenshot_path("panel-dashboard-phone.png")
        await page.screenshot(path=str(phone_shot), full_page=True)

        await page.set_viewport_size(DESK)
        await page.goto(f"{served}/panel?status=resolved")
        async with page.expect_download() as download_info:
            await page.locator("#export-links").get_by_role("link", name="CSV").click()
        download = await download_info.value
        assert download.suggested_filename.endswith(".csv")
        text = Path(await download.path()).read_text("utf-8-sig")
        assert text.startswith("Tiket,") and text.count("Selesai") >= 1
