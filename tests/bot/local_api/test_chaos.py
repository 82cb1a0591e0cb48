"""Chaos mode: a seeded share of calls answer 502, a seeded share of updates come twice."""

from __future__ import annotations

import pytest

from tests.bot.local_api.conftest import CITIZEN, BotClient, Receiver
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.local_bot_api.chaos import Chaos


async def _send_many(bot: BotClient, count: int) -> list[int]:
    statuses = []
    for n in range(count):
        status, _ = await bot.call("sendMessage", chat_id=CITIZEN, text=f"pesan {n}")
        statuses.append(status)
    return statuses


class TestFailedCalls:
    """A share of method calls answer 502 Bad Gateway, and nothing is sent by them."""

    async def test_about_the_share_asked_for_fail_and_are_counted(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.world.user(CITIZEN)
        chaos = api.chaos(error_rate=0.2, duplicate_rate=0, seed=7)
        statuses = await _send_many(bot, 300)
        failed = statuses.count(502)
        assert set(statuses) == {200, 502}
        assert 30 <= failed <= 90  # 60 expected
        assert chaos.errors_injected == failed
        assert len(api.messages(CITIZEN)) == 300 - failed

    async def test_the_same_seed_fails_the_same_calls(self, bot: BotClient, api: LocalBotApi):
        api.world.user(CITIZEN)
        api.chaos(error_rate=0.3, seed=11)
        first = await _send_many(bot, 50)
        api.chaos(error_rate=0.3, seed=11)
        assert await _send_many(bot, 50) == first
        api.chaos(error_rate=0.3, seed=12)
        assert await _send_many(bot, 50) != first

    async def test_start_up_calls_are_spared(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        api.chaos(error_rate=1.0)
        await bot.ok("getMe")
        await bot.ok("setWebhook", url=receiver.url)
        await bot.ok("getWebhookInfo")
        await bot.ok("setMyCommands", commands=[{"command": "lapor", "description": "Lapor"}])
        await bot.ok("deleteWebhook")
        status, body = await bot.call("sendChatAction", chat_id=CITIZEN, action="typing")
        assert (status, body["description"]) == (502, "Bad Gateway")

    async def test_calm_ends_it(self, bot: BotClient, api: LocalBotApi):
        api.world.user(CITIZEN)
        api.chaos(error_rate=1.0)
        assert await _send_many(bot, 3) == [502] * 3
        api.calm()
        assert await _send_many(bot, 3) == [200] * 3

    def test_a_rate_outside_zero_to_one_is_refused(self):
        with pytest.raises(ValueError, match="error_rate"):
            Chaos(error_rate=1.5)


class TestTwiceDelivered:
    """After a delivery that went through, a share of updates is delivered once more."""

    async def test_every_update_comes_twice_at_the_full_rate_and_never_three_times(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        chaos = api.chaos(error_rate=0, duplicate_rate=1.0)
        await bot.ok("setWebhook", url=receiver.url)
        sent = [api.send_text(CITIZEN, f"pesan {n}") for n in range(3)]
        await receiver.wait_for(6)
        for update_id in sent:
            await api.wait_until_taken(update_id)
        assert sorted(receiver.update_ids) == sorted(sent * 2)
        assert receiver.update_ids[:3] == sent  # a second delivery comes after the first
        assert chaos.duplicates_queued == 3
        assert api.pending_updates == []

    async def test_about_the_share_asked_for_come_twice(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        chaos = api.chaos(error_rate=0, duplicate_rate=0.25, seed=3)
        await bot.ok("setWebhook", url=receiver.url)
        sent = [api.send_text(CITIZEN + n, "halo") for n in range(120)]
        await receiver.wait_for(len(sent) + chaos.duplicates_queued)
        for update_id in sent:
            await api.wait_until_taken(update_id)
        twice = len(receiver.update_ids) - len(set(receiver.update_ids))
        assert twice == chaos.duplicates_queued
        assert 10 <= twice <= 50  # 30 expected
