"""Issue 21: a request filed through Open311 is worked in the panel, and its filer hears by email.

On a database of its own (the notifier and the mail sender open their own connections):
a system files a request with an email; back office finds it in the queue and starts
the review; the notifier turns the news into an email in the mail queue, and the mail
job sends it to the filer, in the words of a relayed message (no buttons in an email);
Open311 shows the new status.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.mail.models import OutgoingEmail
from backend.mail.sender import MailPolicy
from backend.open311.models import Open311Request
from backend.referrals.mail_job import mail_once
from backend.staff.models import Role
from bot.notifier.notifier import Notifier
from bot.notifier.open311_email import Open311EmailDeliverer
from tests.backend.open311.helpers import BASE, IssuedForTest, filing_form, queue_tickets
from tests.backend.panel.conftest import SignIn
from tests.bot.notifier.conftest import FAST, wait_until_settled
from tests.fixtures.smtp_server import SmtpServer

pytestmark = pytest.mark.own_database
FILER = "siti.rahayu@contoh.example"


def _notifier(sessions: async_sessionmaker[AsyncSession]) -> Notifier:
    return Notifier(sessions, {Channel.OPEN311: Open311EmailDeliverer(sessions)}, FAST)


async def test_a_filed_request_is_worked_in_the_panel_and_its_news_reach_the_filer(
    app: FastAPI, client: httpx.AsyncClient, panel: SignIn, api_key: IssuedForTest,
    sessions: async_sessionmaker[AsyncSession], smtp_server: SmtpServer,
) -> None:  # fmt: skip
    await smtp_server.use_for_office(sessions)
    filed = await client.post(
        f"{BASE}/requests.json", data=filing_form(api_key.key, **{"attribute[language]": "en"})
    )
    assert filed.status_code == 200, filed.text
    ticket = filed.json()[0]["service_request_id"]

    worker = await panel(Role.BACK_OFFICE)
    assert ticket in queue_tickets((await worker.get("/panel")).text)
    assert queue_tickets((await worker.post("/panel", {"q": ticket})).text) == [ticket]
    page = await worker.get(f"/panel/complaints/{ticket}")
    assert "Sistem lain (Open311)" in page.text and "lewat sistem lain" in page.text
    started = await worker.post(f"/panel/complaints/{ticket}/events", {"event": "start_review"})
    assert started.status_code == 303

    await wait_until_settled(_notifier(sessions), sessions)
    async with sessions() as session:
        [queued] = list(await session.scalars(select(OutgoingEmail)))
    assert (queued.kind, queued.to_address) == ("open311_news", FILER)
    report = await mail_once(sessions, app.state.settings, now=utcnow(), policy=MailPolicy())
    assert report.sent == 1
    [message] = smtp_server.received
    assert message["To"] == FILER and ticket in message["Subject"]
    body = message.get_content()
    # The filer asked for English news; the status is the one staff just set.
    assert ticket in body and "In review" in body and "another system" in body

    (request,) = (await client.get(f"{BASE}/requests/{ticket}.json")).json()
    assert request["status"] == "open"
    assert request["status_notes"] == "Sedang ditelaah petugas."


async def test_without_an_email_nothing_is_queued_for_the_filer(
    client: httpx.AsyncClient, panel: SignIn, api_key: IssuedForTest,
    sessions: async_sessionmaker[AsyncSession],
) -> None:  # fmt: skip
    filed = await client.post(f"{BASE}/requests.json", data=filing_form(api_key.key, email=None))
    ticket = filed.json()[0]["service_request_id"]
    worker = await panel(Role.BACK_OFFICE)
    await worker.post(f"/panel/complaints/{ticket}/events", {"event": "start_review"})
    await wait_until_settled(_notifier(sessions), sessions)
    async with sessions() as session:
        assert list(await session.scalars(select(OutgoingEmail))) == []
        row = await session.scalar(select(Open311Request))
        assert row is not None and row.contact_chat_id is None and row.email is None


async def test_an_email_removed_by_the_retention_policy_flags_a_phone_call(
    client: httpx.AsyncClient, panel: SignIn, api_key: IssuedForTest,
    sessions: async_sessionmaker[AsyncSession],
) -> None:  # fmt: skip
    filed = await client.post(f"{BASE}/requests.json", data=filing_form(api_key.key))
    ticket = filed.json()[0]["service_request_id"]
    async with unit_of_work(sessions) as session:
        row = await session.scalar(select(Open311Request))
        assert row is not None
        row.email = None
    worker = await panel(Role.BACK_OFFICE)
    await worker.post(f"/panel/complaints/{ticket}/events", {"event": "start_review"})
    await wait_until_settled(_notifier(sessions), sessions)
    page = await worker.get(f"/panel/complaints/{ticket}")
    assert 'id="phone-call"' in page.text
