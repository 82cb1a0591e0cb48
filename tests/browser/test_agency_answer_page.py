"""The agency's answer page in real headless Chromium, at phone width: an officer without an
account opens the link from the letter, answers "done", and the complaint is resolved."""

from __future__ import annotations

from datetime import timedelta

from playwright.async_api import Browser, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint, ComplaintStatus
from backend.clock import utcnow
from backend.config import Settings
from backend.db import unit_of_work
from backend.referrals.answer_links import answer_link
from backend.referrals.models import Agency, Referral, ReferralStatus
from backend.security.crypto import Vault
from tests.browser.conftest import screenshot_path
from tests.fixtures.factories import make_complaint

PHONE = {"width": 360, "height": 740}


async def _referred(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings, base: str
) -> tuple[str, int, str]:
    """A referred complaint with its referral: its ticket, the referral's id, the link."""
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
        agency_id = await session.scalar(select(Agency.id).where(Agency.code == "pkh"))
        assert agency_id is not None
        referral = Referral(complaint_id=complaint.id, agency_id=agency_id, note="Mohon dicek.")
        session.add(referral)
        await session.flush()
        link = answer_link(
            referral, secret_key=settings.secret_key.get_secret_value(), public_base=base,
            lifetime=timedelta(days=60), now=utcnow(),
        )  # fmt: skip
        return complaint.ticket, referral.id, link.url


async def test_an_officer_answers_done_from_a_phone(
    browser: Browser, served: str, sessions: async_sessionmaker[AsyncSession], vault: Vault,
    settings: Settings,
) -> None:  # fmt: skip
    ticket, referral_id, url = await _referred(sessions, vault, settings, served)
    page = await browser.new_page(viewport=PHONE, locale="id-ID")
    await page.goto(url)
    await expect(page.get_by_role("heading", level=1)).to_contain_text(ticket)
    await expect(page.locator("body")).to_contain_text("Mohon dicek.")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide at {PHONE['width']}"
    await page.screenshot(path=str(screenshot_path("agency-answer-phone.png")), full_page=True)

    await page.locator("input[name=answer][value=done]").check()
    await page.get_by_label("Catatan").fill("Bantuan PKH tahap 4 sudah dicairkan.")
    await page.get_by_label("Nama petugas", exact=False).fill("Budi, koordinator PKH")
    await page.get_by_role("button", name="Kirim tanggapan").click()
    await expect(page.locator("body")).to_contain_text("Hasilnya sudah tercatat")

    async with sessions() as session:
        referral = await session.get_one(Referral, referral_id)
        complaint = await session.get_one(Complaint, referral.complaint_id)
        assert referral.status == ReferralStatus.ANSWERED
        assert complaint.status == ComplaintStatus.RESOLVED
        assert complaint.resolution == "Bantuan PKH tahap 4 sudah dicairkan."
    # The link is spent: opening it again says the referral was answered.
    await page.goto(url)
    await expect(page.locator("body")).to_contain_text("sudah dijawab")
