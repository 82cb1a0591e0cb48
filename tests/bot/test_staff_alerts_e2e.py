"""A staff member links Telegram from the panel through the real libraries and the local Bot API
server, and the morning digest reaches that chat through the notifier."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import ComplaintStatus
from backend.clock import LOCAL_ZONE
from backend.db import unit_of_work
from backend.digests.job import send_digests
from backend.security.crypto import Vault
from backend.staff.models import Role
from backend.staff_alerts.models import AlertChannel
from bot.telegram.client import TelegramClient
from bot.telegram.runtime import create_client
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel
from tests.bot.conftest import RunningService, TelegramUser
from tests.bot.notifier.conftest import make_notifier, wait_until_settled
from tests.fixtures.factories import make_complaint

STAFF_CHAT, STRANGER = 7800001, 7800002
PAYLOAD = re.compile(r"start=(stf_[A-Za-z0-9_-]+)")
# Monday 30 November 2026, 07:30 WIB: a working morning (not the day the test runs on).
MORNING = datetime(2026, 11, 30, 7, 30, tzinfo=LOCAL_ZONE).astimezone(UTC)


@pytest.fixture
def mode() -> str:
    """Polling only: the webhook path is the same channel, tested with the citizen's intake."""
    return "polling"


@pytest.fixture
def service_overrides() -> dict[str, object]:
    # The service's own notifier looks once at start with the real clock, then not again:
    # this test sends the digest of a fixed morning itself.
    return {"digest_check_interval": 86400.0}


@pytest.fixture
async def worker(service: RunningService) -> AsyncIterator[tuple[FastAPI, PanelUser]]:
    """A back-office worker signed in to the panel of the same deployment."""
    app = create_app(service.settings)
    user = await sign_in_to_panel(app, app.state.sessions, Role.BACK_OFFICE)
    yield app, user
    await user.client.aclose()
    await app.state.engine.dispose()


@pytest.fixture
async def telegram_client(service: RunningService) -> AsyncIterator[TelegramClient]:
    client = create_client(service.settings)
    await client.start()
    yield client
    await client.close()


async def test_link_from_the_panel_then_the_digest_arrives_in_telegram(
    service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault,
    worker: tuple[FastAPI, PanelUser], telegram_client: TelegramClient,
) -> None:  # fmt: skip
    api = service.api
    _, user = worker
    shown = (await user.post("/panel/profile/telegram-link")).text
    found = PAYLOAD.search(shown)
    assert found is not None, shown
    start = f"/start {found.group(1)}"

    linked = await TelegramUser(api, STAFF_CHAT).say(start, "sudah terhubung dengan akun panel")
    assert "Ringkasan tenggat setiap pagi hari kerja" in linked
    await api.wait_for_message(STAFF_CHAT, "Silakan pilih layanan")  # the menu follows
    await TelegramUser(api, STAFF_CHAT).say(start, "sudah terhubung")
    await TelegramUser(api, STRANGER).say(start, "hanya berlaku satu kali")
    assert "Telegram terhubung sejak" in (await user.get("/panel/profile")).text

    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW)
        complaint.assignee_id = user.user_id
        complaint.due_on = date(2026, 11, 27)  # the Friday before
        ticket = complaint.ticket
    outcomes = await send_digests(sessions, MORNING, panel_url="https://slrt.example/panel")
    assert {o.digest.user.id: o.channel for o in outcomes}[user.user_id] == AlertChannel.TELEGRAM
    await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

    digest = await api.wait_for_message(
        STAFF_CHAT, "Ringkasan tenggat pengaduan untuk Senin, 30 November 2026"
    )
    assert ticket in digest.text and "Pengaduan Anda yang lewat tenggat (1)" in digest.text
    assert "Jumat, 27 November 2026" in digest.text
    assert "https://slrt.example/panel" in digest.text
    assert all(ticket not in m.text for m in api.messages(STRANGER))
