"""The agency's answer page at /rujukan/{token}: one referral, no account, answers that act.

Through the real app on both databases: what the officer sees (and does not), the
CSRF-safe form, each answer's effect on the complaint, the citizen's outbox row, the
timeline, the files, and the link refusing when it is closed, expired or another's.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus
from backend.citizens.models import Citizen
from backend.clock import utcnow
from backend.complaints.timeline import build_timeline
from backend.config import Settings
from backend.db import unit_of_work
from backend.notifications.models import OutboxMessage
from backend.referrals.answer_links import ANSWER_PATH, answer_link
from backend.referrals.models import Agency, AgencyAnswer, Referral, ReferralStatus
from backend.security.crypto import Vault
from tests.fixtures.factories import make_complaint
from tests.fixtures.upload_files import image_of, pdf_document

BASE = "http://slrt.test"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    application = create_app(settings.model_copy(update={"public_url": BASE}), sessions)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def referred(
    db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings, *, days: int = 60
) -> tuple[int, str]:
    """A referred complaint with its open referral; the referral's id and link path."""
    async with unit_of_work(db) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
        agency_id = await session.scalar(select(Agency.id).where(Agency.code == "pkh"))
        assert agency_id is not None
        referral = Referral(complaint_id=complaint.id, agency_id=agency_id, note="Mohon dicek.")
        session.add(referral)
        await session.flush()
        link = answer_link(
            referral, secret_key=settings.secret_key.get_secret_value(), public_base=BASE,
            lifetime=timedelta(days=days), now=utcnow(),
        )  # fmt: skip
        return referral.id, link.url.removeprefix(BASE)


async def form_token(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text[:500]
    found = _CSRF.search(page.text)
    assert found, "no CSRF field on the page"
    return found[1]


async def post_answer(
    client: httpx.AsyncClient, path: str, answer: str, note: str = "", files: list | None = None
) -> httpx.Response:
    data = {
        "csrf_token": await form_token(client, path), "answer": answer, "note": note,
        "officer_name": "Budi (koordinator PKH)",
    }  # fmt: skip
    return await client.post(path, data=data, files=files or [])


async def citizen_news(db: async_sessionmaker[AsyncSession], complaint_id: int) -> list[str]:
    async with db() as session:
        statement = (
            select(OutboxMessage.template)
            .where(OutboxMessage.complaint_id == complaint_id)
            .order_by(OutboxMessage.id)
        )
        return list(await session.scalars(statement))


async def state(
    db: async_sessionmaker[AsyncSession], referral_id: int
) -> tuple[Referral, Complaint]:
    async with db() as session:
        referral = await session.get_one(Referral, referral_id)
        return referral, await session.get_one(Complaint, referral.complaint_id)


class TestThePage:
    async def test_shows_the_referral_without_identity_numbers(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        referral_id, path = await referred(sessions, vault, settings)
        _referral, complaint = await state(sessions, referral_id)
        async with sessions() as session:
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            assert citizen.nik_ciphertext is not None
            nik = vault.decrypt(citizen.nik_ciphertext)
        page = await client.get(path)
        assert page.status_code == 200
        assert complaint.ticket in page.text
        assert "Bantuan PKH tidak cair" in page.text  # the complaint as stored
        assert "Mohon dicek." in page.text  # what staff asked of the agency
        assert nik not in page.text and citizen.full_name not in page.text
        assert 'lang="id"' in page.text and "Kirim tanggapan" in page.text
        english = await client.get(f"{path}?lang=en")
        assert "Send the answer" in english.text
        assert "no-store" in page.headers["cache-control"]

    async def test_a_post_without_the_form_token_is_refused(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        referral_id, path = await referred(sessions, vault, settings)
        refused = await client.post(path, data={"answer": "accepted", "csrf_token": "0" * 64})
        assert refused.status_code == 403
        token = await form_token(client, path)
        cross_site = await client.post(
            path, data={"answer": "accepted", "csrf_token": token},
            headers={"Sec-Fetch-Site": "cross-site"},
        )  # fmt: skip
        assert cross_site.status_code == 403
        assert await citizen_news(sessions, (await state(sessions, referral_id))[1].id) == []


class TestAnswers:
    async def test_accepted_and_in_progress_keep_the_link_and_tell_the_citizen(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        referral_id, path = await referred(sessions, vault, settings)
        assert (await post_answer(client, path, "accepted")).status_code == 200
        answered = await post_answer(client, path, "in_progress", "Pencairan dijadwalkan Januari.")
        assert answered.status_code == 200 and "Kembali ke rujukan" in answered.text
        referral, complaint = await state(sessions, referral_id)
        assert referral.status == ReferralStatus.SENT
        assert complaint.status == ComplaintStatus.REFERRED
        assert await citizen_news(sessions, complaint.id) == [
            "complaint.agency_answer",
            "complaint.agency_answer",
        ]
        page = await client.get(path)
        assert page.status_code == 200 and "Pencairan dijadwalkan Januari." in page.text

    async def test_done_resolves_the_complaint_and_closes_the_link(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        referral_id, path = await referred(sessions, vault, settings)
        files = [
            ("files", ("berita-acara.pdf", pdf_document(), "application/pdf")),
            ("files", ("foto.png", image_of("png"), "image/png")),
        ]
        done = await post_answer(client, path, "done", "Bantuan sudah dicairkan 3 Desember.", files)
        assert done.status_code == 200, done.text[:500]
        referral, complaint = await state(sessions, referral_id)
        assert complaint.status == ComplaintStatus.RESOLVED
        assert complaint.resolution == "Bantuan sudah dicairkan 3 Desember."
        assert referral.status == ReferralStatus.ANSWERED
        assert await citizen_news(sessions, complaint.id) == ["complaint.record_outcome"]
        async with sessions() as session:
            answer = await session.scalar(select(AgencyAnswer))
            assert answer is not None and answer.officer_name == "Budi (koordinator PKH)"
            kept = list(
                await session.scalars(
                    select(Attachment).where(Attachment.agency_answer_id == answer.id)
                )
            )
            assert sorted(file.mime_type for file in kept) == ["application/pdf", "image/png"]
            timeline = await build_timeline(session, complaint.id, with_internal=True)
        kinds = [(entry.kind, entry.event) for entry in timeline]
        assert ("agency_answer", "done") in kinds
        assert ("status", "record_outcome") in kinds
        assert not any(kind == "referral_answer" for kind, _ in kinds)  # not twice
        closed = await client.get(path)
        assert closed.status_code == 410 and "sudah dijawab" in closed.text
        again = await client.post(path, data={"answer": "done", "note": "x"})
        assert again.status_code in (403, 410)

    async def test_not_our_program_hands_it_back_to_the_office(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        referral_id, path = await referred(sessions, vault, settings)
        refused = await post_answer(client, path, "not_our_program")
        assert refused.status_code == 422 and "Tuliskan catatan" in refused.text
        answered = await post_answer(client, path, "not_our_program", "Ini ranah BPJS Kesehatan.")
        assert answered.status_code == 200
        referral, complaint = await state(sessions, referral_id)
        # record_outcome with the outcome in progress: the office handles it in house; the
        # agency's reason is for staff (an internal note), not in the citizen's message.
        assert complaint.status == ComplaintStatus.IN_PROGRESS
        assert referral.status == ReferralStatus.ANSWERED
        assert referral.answer == "Ini ranah BPJS Kesehatan."
        assert await citizen_news(sessions, complaint.id) == ["complaint.record_outcome"]
        assert (await client.get(path)).status_code == 410

    async def test_a_file_that_is_not_an_image_or_pdf_is_refused(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        referral_id, path = await referred(sessions, vault, settings)
        files = [("files", ("surat.pdf", b"<html><script>x</script></html>", "application/pdf"))]
        refused = await post_answer(client, path, "done", "Selesai.", files)
        assert refused.status_code == 422
        _referral, complaint = await state(sessions, referral_id)
        assert complaint.status == ComplaintStatus.REFERRED


class TestTheLinkRefuses:
    async def test_another_referrals_token_an_expired_one_and_garbage(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, settings: Settings,
    ) -> None:  # fmt: skip
        first_id, first = await referred(sessions, vault, settings)
        second_id, second = await referred(sessions, vault, settings)
        # The second referral's id in the first's token: the signature breaks.
        token = first.removeprefix(ANSWER_PATH)
        payload, _, signature = token.partition(".")
        assert (await client.get(f"{ANSWER_PATH}{payload}X.{signature}")).status_code == 404
        assert (await client.get(f"{ANSWER_PATH}not-a-token")).status_code == 404
        assert (await client.get(second)).status_code == 200
        async with unit_of_work(sessions) as session:
            referral = await session.get_one(Referral, first_id)
            referral.answer_link_expires_at = utcnow() - timedelta(seconds=1)
        expired = await client.get(first)
        assert expired.status_code == 410 and "Masa berlaku" in expired.text
        assert second_id != first_id


async def test_an_address_that_asks_too_often_waits(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], vault: Vault,
    settings: Settings,
) -> None:  # fmt: skip
    from backend.panel.agency_answer import READ_LIMIT

    _referral_id, path = await referred(sessions, vault, settings)
    allowed = int(READ_LIMIT.split("/")[0])
    statuses = [(await client.get(path)).status_code for _ in range(allowed)]
    assert set(statuses) == {200}
    waiting = await client.get(path)
    assert waiting.status_code == 429 and int(waiting.headers["retry-after"]) >= 1
