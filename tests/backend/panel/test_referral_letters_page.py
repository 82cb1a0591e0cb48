"""The complaint page lists its referral letters; office staff download each one's PDF (audited)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.letters.models import ReferralLetter
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import REFERRED, complaint_in
from tests.backend.letters.world import pdf_text
from tests.backend.panel.conftest import SignIn

Sessions = async_sessionmaker[AsyncSession]


async def _letter(db: Sessions) -> ReferralLetter:
    async with db() as session:
        letter = await session.scalar(select(ReferralLetter).order_by(ReferralLetter.id.desc()))
        assert letter is not None
        return letter


async def test_the_page_lists_the_letter_and_downloads_its_pdf(
    panel: SignIn, db: Sessions, vault: Vault
) -> None:
    ticket = await complaint_in(db, vault, *REFERRED)
    letter = await _letter(db)
    clerk = await panel(Role.BACK_OFFICE)
    page = await clerk.get(f"/panel/complaints/{ticket}")
    assert page.status_code == 200
    assert 'id="letters"' in page.text and letter.number in page.text
    assert "Koordinator PKH" in page.text
    action = f"/panel/complaints/{ticket}/referral-letters/{letter.id}.pdf"
    assert f'action="{action}"' in page.text
    response = await clerk.post(action)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert letter.number in pdf_text(response.content)
    async with db() as session:
        audits = list(
            await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "referral_letter.downloaded")
            )
        )
    assert [audit.actor_id for audit in audits] == [str(clerk.user_id)]


async def test_a_download_needs_the_form_token(panel: SignIn, db: Sessions, vault: Vault) -> None:
    ticket = await complaint_in(db, vault, *REFERRED)
    letter = await _letter(db)
    clerk = await panel(Role.BACK_OFFICE)
    response = await clerk.post(
        f"/panel/complaints/{ticket}/referral-letters/{letter.id}.pdf", csrf=False
    )
    assert response.status_code == 403
    assert response.headers["content-type"] != "application/pdf"


async def test_another_complaints_letter_is_not_found(
    panel: SignIn, db: Sessions, vault: Vault
) -> None:
    referred = await complaint_in(db, vault, *REFERRED)
    letter = await _letter(db)
    other = await complaint_in(db, vault, "start_review")
    clerk = await panel(Role.SUPERVISOR)
    assert (
        await clerk.post(f"/panel/complaints/{other}/referral-letters/{letter.id}.pdf")
    ).status_code == 404
    page = await clerk.get(f"/panel/complaints/{other}")
    assert 'id="letters"' not in page.text
    assert (
        await clerk.post(f"/panel/complaints/{referred}/referral-letters/{letter.id}.pdf")
    ).status_code == 200


async def test_a_facilitator_sees_no_download(panel: SignIn, db: Sessions, vault: Vault) -> None:
    ticket = await complaint_in(db, vault, *REFERRED)
    letter = await _letter(db)
    helper = await panel(Role.FACILITATOR)
    response = await helper.post(f"/panel/complaints/{ticket}/referral-letters/{letter.id}.pdf")
    assert response.status_code in (403, 404)
    assert response.headers["content-type"] != "application/pdf"
