"""The running service's elected notifier sends the office's email (a real SMTP server).

The bot and its notifier run as `slrt bot` does, against the local Bot API server;
an email queued before it started arrives at the SMTP server on loopback without
anyone calling the sender: the notifier's mail job found it on its first round.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.mail.outbox import enqueue_email
from tests.bot.conftest import RunningService
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401  (fixture)
from tests.fixtures.waiting import eventually


@pytest.fixture
def mode() -> str:
    """Polling: the bot's own process runs the notifier (the webhook app has no lifespan here)."""
    return "polling"


@pytest.fixture
async def queued_email(
    sessions: async_sessionmaker[AsyncSession],
    smtp_server: SmtpServer,  # noqa: F811  (the fixture imported above)
) -> SmtpServer:
    """The office's SMTP server set and one email waiting, before the service starts."""
    await smtp_server.use_for_office(sessions)
    async with unit_of_work(sessions) as session:
        await enqueue_email(
            session, kind="referral_link", to_address="dinkes@example.go.id",
            subject="Rujukan pengaduan 20261204-0007", body="Tautan jawaban: …",
        )  # fmt: skip
    return smtp_server


async def test_the_notifier_sends_queued_email(
    queued_email: SmtpServer, service: RunningService
) -> None:
    await eventually(lambda: len(queued_email.received) == 1, timeout=20)
    [message] = queued_email.received
    assert message["To"] == "dinkes@example.go.id"
    assert message["Subject"] == "Rujukan pengaduan 20261204-0007"
