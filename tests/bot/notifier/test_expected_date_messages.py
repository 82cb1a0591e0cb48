"""Through python-telegram-bot to the local Bot API server: the status message says the
new expected date, the one before and why it moved (issue 17, item 10)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.clock import utcnow
from backend.complaints.service import EventDetails, fire_event
from backend.db import unit_of_work
from backend.security.crypto import Vault
from bot.telegram.client import TelegramClient
from dialogs.i18n import format_day
from tests.bot.notifier.conftest import Household, file_for_chat, make_notifier, wait_until_settled
from tests.fixtures.local_bot_api import LocalBotApi

WORKER = Actor(ActorRole.BACK_OFFICE)


async def _fire(
    sessions: async_sessionmaker[AsyncSession], household: Household, event: str, days: int,
    details: EventDetails | None = None,
) -> Complaint:  # fmt: skip
    async with unit_of_work(sessions) as session:
        complaint = await session.get_one(Complaint, household.complaint_id)
        await fire_event(
            session, complaint, event, WORKER, details, now=utcnow() + timedelta(days=days)
        )
        return complaint


class TestTheMovedDateReachesTheChat:
    """The citizen's Telegram chat reads the same date as the complaint, and why it moved."""

    async def test_an_answer_after_a_week_moves_the_date_and_the_message_says_so(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, local_api: LocalBotApi,
        telegram_client: TelegramClient,
    ) -> None:  # fmt: skip
        household = await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW)
        asked = await _fire(sessions, household, "request_info", 0, EventDetails(note="KK?"))
        before = asked.expected_completion_on
        answered = await _fire(sessions, household, "provide_info", 10)
        after = answered.expected_completion_on
        assert before is not None and after is not None and after > before

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        texts = [message.text for message in local_api.messages(household.chat_id)]
        assert len(texts) == 2
        assert f"Perkiraan selesai ({format_day('id', before)}) tertahan" in texts[0]
        assert f"Perkiraan selesai: {format_day('id', after)}" in texts[1]
        assert f"mundur dari {format_day('id', before)}" in texts[1]
        assert "menunggu jawaban Anda" in texts[1]
