"""Email to agencies through a real SMTP server on loopback, on both databases.

A referral made through the REST API emails the agency its answer link, which opens
the answer page; a server that refuses is tried again after a pause and, after the
last try, the email is parked as failed; a late agency is reminded once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import ComplaintStatus
from backend.clock import local_date, utcnow
from backend.config import Settings
from backend.db import unit_of_work
from backend.mail.models import EmailStatus, OutgoingEmail
from backend.mail.sender import MailPolicy, send_due_emails
from backend.referrals.mail_job import mail_once
from backend.referrals.models import Agency, AgencyAnswer, AgencyAnswerKind, Referral
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in, sign_in
from tests.fixtures.factories import make_complaint
from tests.fixtures.smtp_server import SENDER, SmtpServer

BASE = "https://slrt.bogorkota.go.id"
AGENCY_EMAIL = "pkh@kemensos.example.go.id"
POLICY = MailPolicy(max_attempts=3, backoff_base=timedelta(minutes=1))


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


async def give_pkh_an_email(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        await session.execute(update(Agency).where(Agency.code == "pkh").values(email=AGENCY_EMAIL))


async def emails(sessions: async_sessionmaker[AsyncSession]) -> list[OutgoingEmail]:
    async with sessions() as session:
        return list(await session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)))


async def test_a_referral_emails_the_agency_its_answer_link(
    app: FastAPI, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession],
    vault: Vault, smtp_server: SmtpServer,
) -> None:  # fmt: skip
    await give_pkh_an_email(sessions)
    await smtp_server.use_for_office(sessions)
    ticket = await complaint_in(sessions, vault, "start_review")
    worker = await sign_in(sessions, Role.BACK_OFFICE)
    referred = await client.post(
        f"/api/v1/complaints/{ticket}/events", headers=worker.headers,
        json={"event": "refer", "agency": "pkh", "note": "Mohon dicek pencairannya."},
    )  # fmt: skip
    assert referred.status_code == 200, referred.text
    [queued] = await emails(sessions)
    assert (queued.kind, queued.status) == ("referral_link", EmailStatus.PENDING)

    report = await mail_once(sessions, app.state.settings, now=utcnow(), policy=POLICY)

    assert report.sent == 1
    [message] = smtp_server.received
    assert message["To"] == AGENCY_EMAIL and message["From"] == SENDER
    assert ticket in message["Subject"]
    body = message.get_content()
    assert body.startswith("Yth. ") and "To " in body  # Bahasa Indonesia first, then English
    link = next(line for line in body.splitlines() if line.startswith(f"{BASE}/rujukan/"))
    page = await client.get(link.removeprefix(BASE))
    assert page.status_code == 200 and ticket in page.text
    [sent] = await emails(sessions)
    assert sent.status == EmailStatus.SENT and sent.attempts == 1


async def test_an_agency_without_an_address_gets_no_email(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    async with unit_of_work(sessions) as session:
        await session.execute(update(Agency).where(Agency.code == "pkh").values(email=None))
    ticket = await complaint_in(sessions, vault, "start_review")
    worker = await sign_in(sessions, Role.BACK_OFFICE)
    referred = await client.post(
        f"/api/v1/complaints/{ticket}/events", headers=worker.headers,
        json={"event": "refer", "agency": "pkh"},
    )  # fmt: skip
    assert referred.status_code == 200
    assert await emails(sessions) == []


async def _queued_link(sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    from backend.referrals.emails import email_answer_link

    settings = Settings(_env_file=None, public_url=BASE)
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
        agency = await session.scalar(select(Agency).where(Agency.code == "pkh"))
        assert agency is not None
        referral = Referral(complaint_id=complaint.id, agency_id=agency.id)
        session.add(referral)
        await session.flush()
        assert await email_answer_link(session, referral, settings, utcnow()) is not None


async def test_a_refused_send_is_tried_again_after_a_pause(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, smtp_server: SmtpServer
) -> None:
    await give_pkh_an_email(sessions)
    await smtp_server.use_for_office(sessions)
    await _queued_link(sessions, vault)
    smtp_server.refuse_next = 1
    now = utcnow()

    first = await send_due_emails(sessions, vault, now=now, policy=POLICY)
    [waiting] = await emails(sessions)
    assert (first.retried, waiting.status, waiting.attempts) == (1, EmailStatus.PENDING, 1)
    assert waiting.last_error is not None and "451" in waiting.last_error
    assert waiting.next_attempt_at == now + POLICY.pause_after(1)
    # Not before its pause.
    assert (await send_due_emails(sessions, vault, now=now, policy=POLICY)).sent == 0
    later = await send_due_emails(sessions, vault, now=waiting.next_attempt_at, policy=POLICY)

    assert later.sent == 1 and len(smtp_server.received) == 1
    [sent] = await emails(sessions)
    assert (sent.status, sent.attempts, sent.last_error) == (EmailStatus.SENT, 2, None)


async def test_after_the_last_try_it_is_parked_as_failed(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, smtp_server: SmtpServer
) -> None:
    await give_pkh_an_email(sessions)
    await smtp_server.use_for_office(sessions)
    await _queued_link(sessions, vault)
    smtp_server.refuse_next = POLICY.max_attempts
    now = utcnow()
    for _ in range(POLICY.max_attempts):
        now += POLICY.backoff_cap
        await send_due_emails(sessions, vault, now=now, policy=POLICY)
    [failed] = await emails(sessions)
    assert (failed.status, failed.attempts) == (EmailStatus.FAILED, POLICY.max_attempts)
    assert smtp_server.received == []
    # Parked: later rounds leave it alone.
    await send_due_emails(sessions, vault, now=now + timedelta(days=1), policy=POLICY)
    assert (await emails(sessions))[0].attempts == POLICY.max_attempts


async def test_nothing_leaves_without_an_smtp_host(
    sessions: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    await give_pkh_an_email(sessions)
    await _queued_link(sessions, vault)
    report = await send_due_emails(sessions, vault, now=utcnow(), policy=POLICY)
    [waiting] = await emails(sessions)
    assert (report.sent, waiting.status, waiting.attempts) == (0, EmailStatus.PENDING, 0)


async def _late_referral(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, *, answered: bool = False
) -> int:
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
        agency = await session.scalar(select(Agency).where(Agency.code == "pkh"))
        assert agency is not None
        referral = Referral(
            complaint_id=complaint.id, agency_id=agency.id,
            due_on=local_date(utcnow()) - timedelta(days=1),
        )  # fmt: skip
        session.add(referral)
        await session.flush()
        if answered:
            session.add(
                AgencyAnswer(
                    referral_id=referral.id,
                    complaint_id=complaint.id,
                    kind=AgencyAnswerKind.ACCEPTED,
                )
            )
        return referral.id


async def test_a_late_agency_is_reminded_once(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, smtp_server: SmtpServer
) -> None:
    await give_pkh_an_email(sessions)
    await smtp_server.use_for_office(sessions)
    late = await _late_referral(sessions, vault)
    await _late_referral(sessions, vault, answered=True)  # answered along the way: not reminded
    settings = Settings(_env_file=None, public_url=BASE)

    await mail_once(sessions, settings, now=utcnow(), policy=POLICY)
    await mail_once(sessions, settings, now=utcnow() + timedelta(hours=1), policy=POLICY)

    reminders = [email for email in await emails(sessions) if email.kind == "agency_reminder"]
    assert [email.referral_id for email in reminders] == [late]
    [message] = smtp_server.received
    assert message["To"] == AGENCY_EMAIL and "Pengingat" in message["Subject"]
    assert f"{BASE}/rujukan/" in message.get_content()
    async with sessions() as session:
        assert (await session.get_one(Referral, late)).reminded_at is not None
