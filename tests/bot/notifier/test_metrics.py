"""The notifier counts each try by its result: sent, 429 (rate_limited), blocked."""

from __future__ import annotations

from prometheus_client import REGISTRY

from backend.casefiles.models import ComplaintStatus as S
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from bot.telegram.client import TelegramClient
from tests.bot.notifier.conftest import (
    file_for_chat,
    make_notifier,
    staff_fires,
    wait_until_settled,
)
from tests.fixtures.factories import make_facilitator
from tests.fixtures.local_bot_api import LocalBotApi


def sends(result: str) -> float:
    """The notifier's sends of Telegram messages with this result, in this process."""
    labels = {"channel": "telegram", "result": result}
    return REGISTRY.get_sample_value("slrt_notifier_sends_total", labels) or 0.0


class TestSendsByResult:
    """Each try is counted once, as what Telegram answered."""

    async def test_429s_then_sent(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        households = [
            await file_for_chat(sessions, vault, local_api, status=S.RECEIVED) for _ in range(3)
        ]
        sent, limited = sends("sent"), sends("rate_limited")
        for household in households:
            await staff_fires(sessions, household, "start_review")
        local_api.fail_next("sendMessage", 429, count=2, retry_after=1)

        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        assert sends("rate_limited") == limited + 2
        assert sends("sent") == sent + 3

    async def test_a_blocked_chat(
        self, sessions, vault, local_api: LocalBotApi, telegram_client: TelegramClient
    ) -> None:
        async with unit_of_work(sessions) as session:
            await make_facilitator(session, chat_id="7700002")
        local_api.world.user(7700002, first_name="Fasilitator")
        household = await file_for_chat(sessions, vault, local_api, status=S.RECEIVED)
        local_api.block(household.chat_id)
        blocked, sent = sends("blocked"), sends("sent")

        await staff_fires(sessions, household, "start_review", EventDetails(note="Dicek."))
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        assert sends("blocked") == blocked + 1
        assert sends("sent") == sent + 1  # the facilitator's relay
