"""A poster's Telegram link (t.me/<bot>?start=src-…) through python-telegram-bot and aiogram
against the local Bot API server: the complaint filed after it carries the poster."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.conversations.models import Conversation
from backend.conversations.state import open_state
from backend.security.crypto import vault_for
from tests.bot.conftest import RunningService, TelegramUser, file_complaint_by_telegram


@pytest.fixture
def mode() -> str:
    """The link is a plain /start message: polling is enough (webhooks are tested elsewhere)."""
    return "polling"


class TestAPostersTelegramLink:
    """Both libraries hand the start parameter to the dialogs as it was sent."""

    async def test_the_complaint_filed_after_the_link_carries_the_poster(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        user = TelegramUser(service.api)
        await user.say("/start src-3271041003", "Silakan pilih")
        ticket = await file_complaint_by_telegram(user)
        async with sessions() as session:
            complaint = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
        assert complaint is not None and complaint.source == "poster:32.71.04.1003"

    async def test_a_malformed_source_gets_the_usual_greeting_and_is_not_kept(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        user = TelegramUser(service.api)
        await user.say("/start src-32.71.04.1003", "Silakan pilih")
        await user.say("/start src-", "Silakan pilih")
        vault = vault_for(service.settings.data_key.get_secret_value())
        async with sessions() as session:
            conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        assert "_source" not in open_state(vault, conversation.data)
