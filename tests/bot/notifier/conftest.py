"""The notifier against the local Bot API server, and helpers to make status messages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import ChannelIdentity
from backend.complaints.service import EventDetails, fire_event
from backend.config import Settings
from backend.db import unit_of_work
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.security.crypto import Vault
from bot.notifier.delivery import TelegramDeliverer
from bot.notifier.notifier import Notifier, NotifierConfig
from bot.notifier.pacing import Pacer
from bot.telegram.client import TelegramClient
from bot.telegram.runtime import create_client
from tests.bot.conftest import TOKEN
from tests.fixtures.factories import make_complaint, make_staff
from tests.fixtures.local_bot_api import LocalBotApi

# Retries come quickly in tests; the pacing is checked where limits are switched on.
FAST = NotifierConfig(
    concurrency=8, max_attempts=4, poll_interval=0.05, backoff_base=0.05, backoff_cap=0.2
)


def notifier_settings(
    database_url: str, api: LocalBotApi, tmp_path: Path, framework: str = "ptb"
) -> Settings:
    """Settings of a notifier sending to the local server."""
    return Settings(
        _env_file=None,
        database_url=database_url,
        telegram_bot_token=TOKEN,
        telegram_api_url=api.url,
        bot_framework=framework,
        files_dir=tmp_path / "files",
    )


@pytest.fixture
async def telegram_client(
    local_api: LocalBotApi, database_url: str, tmp_path: Path
) -> AsyncIterator[TelegramClient]:
    """A started python-telegram-bot client talking to the local server."""
    client = create_client(notifier_settings(database_url, local_api, tmp_path))
    await client.start()
    yield client
    await client.close()


def make_notifier(
    sessions: async_sessionmaker[AsyncSession],
    client: TelegramClient,
    config: NotifierConfig = FAST,
    *,
    rate: float = 1000.0,
    chat_interval: float = 0.0,
) -> Notifier:
    """A notifier with Telegram delivery, paced as asked."""
    from backend.citizens.models import Channel

    return Notifier(
        sessions, {Channel.TELEGRAM: TelegramDeliverer(client, Pacer(rate, chat_interval))}, config
    )


@dataclass
class Household:
    """A complaint filed from a Telegram chat the local server knows."""

    complaint_id: int
    ticket: str
    chat_id: int


async def file_for_chat(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    api: LocalBotApi,
    *,
    status: ComplaintStatus | None = None,
    language: str = "id",
    facilitator: object | None = None,
) -> Household:
    """A complaint whose citizen chats with the bot on the local server."""
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault, status=status, facilitator=facilitator)  # type: ignore[arg-type]
        identity = await session.get_one(ChannelIdentity, complaint.identity_id)
        identity.language = language
        household = Household(complaint.id, complaint.ticket, int(identity.chat_id))
    api.world.user(household.chat_id, first_name="Warga", language_code=language)
    return household


async def staff_fires(
    sessions: async_sessionmaker[AsyncSession],
    household: Household,
    event: str,
    details: EventDetails | None = None,
    *,
    role: ActorRole = ActorRole.BACK_OFFICE,
) -> None:
    """A staff member fires a lifecycle event on the household's complaint."""
    from backend.staff.models import Role

    async with unit_of_work(sessions) as session:
        staff = await make_staff(session, Role(role.value))
        complaint = await session.get_one(Complaint, household.complaint_id)
        await fire_event(session, complaint, event, Actor(role, staff_id=staff.id), details)


async def wait_until_settled(
    notifier: Notifier, sessions: async_sessionmaker[AsyncSession], timeout: float = 20.0
) -> None:
    """Runs the notifier until no message is waiting or being sent, retries included."""
    stop = asyncio.Event()
    task = asyncio.create_task(notifier.run(stop))
    try:
        async with asyncio.timeout(timeout):
            while await unfinished(sessions):
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task


async def unfinished(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Messages still pending or being sent."""
    async with sessions() as session:
        statement = select(func.count()).where(
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
        )
        return int((await session.execute(statement)).scalar_one())
