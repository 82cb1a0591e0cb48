"""A morning digest reaches the staff member's inbox through a real SMTP server (loopback).

The digest job queues it (tests/backend/digests/ check what it holds); here the mail
sender hands it to the office's SMTP server, and what arrives is read back.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.digests.job import send_digests
from backend.mail.sender import send_due_emails
from backend.security.crypto import Vault
from tests.backend.digests.test_digests import _complaint, wib
from tests.fixtures.factories import make_staff
from tests.fixtures.smtp_server import SENDER, SmtpServer


async def test_the_digest_arrives_by_email_with_its_tickets(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, smtp_server: SmtpServer
) -> None:
    await smtp_server.use_for_office(sessions)
    async with unit_of_work(sessions) as session:
        worker = await make_staff(session)
        overdue = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 22))
        soon = await _complaint(session, vault, assignee=worker, due_on=date(2026, 12, 29))
        address, tickets = worker.email, (overdue.ticket, soon.ticket)
    morning = wib(2026, 12, 23, 7, 5)

    await send_digests(sessions, morning, panel_url="https://slrt.example/panel")
    report = await send_due_emails(sessions, vault, now=morning)

    assert report.sent >= 1
    [message] = [m for m in smtp_server.received if m["To"] == address]
    assert message["From"] == SENDER
    assert "Ringkasan tenggat" in message["Subject"] and "Deadline digest" in message["Subject"]
    body = message.get_content()
    assert body.index("lewat tenggat (1)") < body.index("past their deadline (1)")
    assert all(ticket in body for ticket in tickets)
    # Tickets and dates only: the digest may sit in any inbox.
    assert "Siti" not in body and "327104150190" not in body
