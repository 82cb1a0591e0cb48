"""Set-up shared by the letter tests: a complaint referred through the lifecycle, and reading a PDF."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import Citizen
from backend.complaints.service import EventDetails, fire_event
from backend.letters.service import LinkSettings
from backend.security.crypto import Vault
from tests.fixtures.factories import category, make_complaint, make_staff

# Monday 21 December 2026, 09:00 WIB: ten working days later skips Christmas, its cuti
# bersama, New Year's Day, Isra Mikraj and two weekends.
MONDAY_BEFORE_CHRISTMAS = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)
DUE_AFTER_TEN_WORKING_DAYS = date(2027, 1, 8)
LINKS = LinkSettings(
    secret_key="k" * 40, public_base="https://slrt.example.go.id", lifetime=timedelta(days=60)
)
KK = "3271040101900002"


async def referred_complaint(
    session: AsyncSession,
    vault: Vault,
    *,
    category_code: str = "pkh",
    agency: str = "pkh",
    now: datetime = MONDAY_BEFORE_CHRISTMAS,
) -> tuple[Complaint, Actor]:
    """A complaint of the category, reviewed and referred by a back-office worker at `now`."""
    complaint = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW, now=now)
    complaint.category_id = (await category(session, category_code)).id
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    citizen.kk_ciphertext = vault.encrypt(KK)
    worker = await make_staff(session)
    actor = Actor(ActorRole.BACK_OFFICE, staff_id=worker.id)
    details = EventDetails(agency=agency, note="Mohon dicek status kepesertaan.")
    await fire_event(session, complaint, "refer", actor, details, now=now)
    return complaint, actor


def pdf_text(pdf: bytes) -> str:
    """Every page's text, as pypdf reads it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def first_page_png(pdf: bytes) -> bytes:
    """The first page drawn at 150 dpi, as PNG."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        # Grey levels are enough to read, and keep the README's copy small.
        image = document[0].render(scale=150 / 72).to_pil().convert("L")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_codes(png: bytes) -> list[str]:
    """The texts of the QR codes found in the image."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    return [code.text for code in zxingcpp.read_barcodes(image) if "QR" in str(code.format)]
