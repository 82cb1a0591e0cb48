"""GET /api/v1/complaints/{ticket}/referral-letter: the latest letter as a PDF, 404 before any
referral (a contract: tools outside the repository fetch it)."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.repository import get_by_ticket
from backend.complaints.service import EventDetails, fire_event
from backend.config import Settings
from backend.db import unit_of_work
from backend.letters.models import ReferralLetter
from backend.referrals.answer_links import ANSWER_PATH
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import ADMIN, REFERRED, complaint_in, sign_in
from tests.backend.letters.world import first_page_png, pdf_text, qr_codes

Sessions = async_sessionmaker[AsyncSession]


def url(ticket: str) -> str:
    """The letter's address."""
    return f"/api/v1/complaints/{ticket}/referral-letter"


async def test_no_letter_before_the_complaint_is_referred(
    client: httpx.AsyncClient, db: Sessions, vault: Vault
) -> None:
    ticket = await complaint_in(db, vault, "start_review")
    caller = await sign_in(db, Role.BACK_OFFICE)
    response = await client.get(url(ticket), headers=caller.headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/")


async def test_the_latest_letter_is_a_pdf_with_its_number_and_answer_link(
    client: httpx.AsyncClient, db: Sessions, vault: Vault, settings: Settings
) -> None:
    ticket = await complaint_in(db, vault, *REFERRED)
    caller = await sign_in(db, Role.BACK_OFFICE)
    response = await client.get(url(ticket), headers=caller.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert ticket in response.headers["content-disposition"]
    async with db() as session:
        letter = await session.scalar(select(ReferralLetter).order_by(ReferralLetter.id.desc()))
        assert letter is not None
        audits = list(
            await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "referral_letter.downloaded")
            )
        )
    text = pdf_text(response.content)
    assert letter.number in text and "Koordinator PKH" in text
    [link] = qr_codes(first_page_png(response.content))
    assert link.startswith(f"{settings.public_base}{ANSWER_PATH}")
    assert [audit.actor_id for audit in audits] == [str(caller.user_id)]


async def test_after_a_second_referral_the_newer_letter_is_served(
    client: httpx.AsyncClient, db: Sessions, vault: Vault
) -> None:
    resolved = EventDetails(outcome="resolved", resolution="Bantuan sudah cair", note="Cair")
    ticket = await complaint_in(db, vault, *REFERRED, ("record_outcome", resolved))
    async with unit_of_work(db) as session:
        complaint = await get_by_ticket(session, ticket)
        assert complaint is not None
        front_desk = Actor(ActorRole.FRONT_OFFICE)
        await fire_event(session, complaint, "appeal", front_desk, EventDetails(reason="Belum"))
        await fire_event(session, complaint, "refer", ADMIN, EventDetails(agency="sembako"))
    async with db() as session:
        first, second = list(
            await session.scalars(select(ReferralLetter.number).order_by(ReferralLetter.id))
        )
    caller = await sign_in(db, Role.SUPERVISOR)
    response = await client.get(url(ticket), headers=caller.headers)
    text = pdf_text(response.content)
    assert second in text and first not in text
    assert "Program Sembako" in text or "Sembako" in text


async def test_a_facilitator_may_not_download_a_letter(
    client: httpx.AsyncClient, db: Sessions, vault: Vault
) -> None:
    ticket = await complaint_in(db, vault, *REFERRED)
    caller = await sign_in(db, Role.FACILITATOR)
    response = await client.get(url(ticket), headers=caller.headers)
    assert response.status_code in (403, 404)
    assert response.headers["content-type"] != "application/pdf"


async def test_without_a_token_there_is_no_letter(
    client: httpx.AsyncClient, db: Sessions, vault: Vault
) -> None:
    ticket = await complaint_in(db, vault, *REFERRED)
    response = await client.get(url(ticket))
    assert response.status_code == 401
