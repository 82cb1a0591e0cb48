"""/panel/profile: one's alert channel, new-complaint alerts, and the Telegram link."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.citizens.models import Channel, ChannelIdentity
from backend.config import Settings
from backend.db import unit_of_work
from backend.notifications.models import OutboxStatus, Recipient
from backend.notifications.outbox import queue_message
from backend.staff.models import Role
from backend.staff_alerts.delivery import STAFF_ALERT_TEMPLATE
from backend.staff_alerts.models import AlertChannel
from backend.staff_alerts.service import StaffLinkOutcome, accept_staff_link, preference_of
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel

BOT = "slrt_bogor_bot"
LINK = re.compile(r"https://t\.me/slrt_bogor_bot\?start=stf_([A-Za-z0-9_-]+)")


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    """The application with a known bot username, so links are t.me links."""
    named = settings.model_copy(update={"telegram_bot_username": BOT})
    application = create_app(named, sessions)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def worker(app: FastAPI) -> AsyncIterator[PanelUser]:
    user = await sign_in_to_panel(app, app.state.sessions, Role.BACK_OFFICE)
    yield user
    await user.client.aclose()


async def test_choose_alerts_and_link_telegram(app: FastAPI, worker: PanelUser) -> None:
    db: async_sessionmaker[AsyncSession] = app.state.sessions
    page = (await worker.get("/panel/profile")).text
    assert "Profil &amp; pemberitahuan" in page and worker.email in page
    assert "Belum ada akun Telegram yang terhubung." in page
    # Telegram cannot be chosen before it is linked.
    assert re.search(r'value="telegram" disabled', page)
    assert '<a href="/panel/profile">' in page  # the header links to it

    saved = await worker.post("/panel/profile", {"channel": "email", "new_complaints": "on"})
    assert saved.status_code == 303 and saved.headers["location"] == "/panel/profile?notice=saved"
    async with db() as session:
        preference = await preference_of(session, worker.user_id)
        assert preference.channel == AlertChannel.EMAIL and preference.new_complaints

    shown = (await worker.post("/panel/profile/telegram-link")).text
    found = LINK.search(shown)
    assert found is not None, shown
    assert "berlaku satu kali" in shown
    async with unit_of_work(db) as session:
        result = await accept_staff_link(session, found.group(1), Channel.TELEGRAM, "991001")
        assert result.outcome == StaffLinkOutcome.BOUND
    page = (await worker.get("/panel/profile")).text
    assert "Telegram terhubung sejak" in page
    assert re.search(r'value="telegram" checked', page)

    unlinked = await worker.post("/panel/profile/telegram-unlink")
    assert unlinked.headers["location"] == "/panel/profile?notice=unlinked"
    page = (await worker.get("/panel/profile?notice=unlinked")).text
    assert "pemberitahuan dikirim lewat email" in page
    async with db() as session:
        assert (await preference_of(session, worker.user_id)).telegram_identity_id is None


async def test_english_page(app: FastAPI, worker: PanelUser) -> None:
    await worker.post("/panel/language", {"language": "en", "next": "/panel/profile"})
    page = (await worker.get("/panel/profile")).text
    assert "Profile &amp; alerts" in page and "Tell me at once when a new complaint" in page


async def test_a_parked_staff_alert_shows_on_the_outbox_page(app: FastAPI) -> None:
    db: async_sessionmaker[AsyncSession] = app.state.sessions
    async with unit_of_work(db) as session:
        chat = ChannelIdentity(channel=Channel.TELEGRAM, chat_id="991002")
        session.add(chat)
        await session.flush()
        message = queue_message(
            session, chat, Recipient.STAFF, STAFF_ALERT_TEMPLATE, {"kind": "digest", "text": "-"}
        )
        message.status = OutboxStatus.FAILED
        message.last_error = "400 chat not found"
        await session.flush()
        message_id = message.id
    supervisor = await sign_in_to_panel(app, db, Role.SUPERVISOR)
    try:
        page = (await supervisor.get("/panel/outbox")).text
    finally:
        await supervisor.client.aclose()
    row = page[page.index(f'id="parked-{message_id}"') :]
    assert "Petugas" in row[: row.index("</tr>")]
