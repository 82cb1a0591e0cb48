"""Flood limits: a token bucket per chat and one overall, answering 429 with retry_after."""

from __future__ import annotations

from tests.bot.local_api.conftest import CITIZEN, BotClient
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.local_bot_api.limits import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TestRateLimiter:
    def test_a_chat_gets_a_burst_of_three_then_one_a_second(self):
        clock = FakeClock()
        limiter = RateLimiter(clock=clock)
        assert [limiter.acquire("a") for _ in range(3)] == [None, None, None]
        assert limiter.acquire("a") == 1
        clock.now += 1.0
        assert limiter.acquire("a") is None
        assert limiter.acquire("a") == 1

    def test_thirty_a_second_overall_whatever_the_chats(self):
        clock = FakeClock()
        limiter = RateLimiter(clock=clock)
        assert all(limiter.acquire(chat) is None for chat in range(30))
        assert limiter.acquire("one more chat") == 1
        clock.now += 0.1  # three tokens back at 30 a second
        assert [limiter.acquire(c) for c in ("x", "y", "z", "w")] == [None, None, None, 1]

    def test_retry_after_is_whole_seconds_and_at_least_one(self):
        clock = FakeClock()
        limiter = RateLimiter(per_chat_rate=0.25, per_chat_burst=1, clock=clock)
        assert limiter.acquire("a") is None
        assert limiter.acquire("a") == 4
        clock.now += 3.9
        assert limiter.acquire("a") == 1


class TestOverHttp:
    async def test_a_burst_to_one_chat_gets_429_with_retry_after(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.limits_enabled = True
        api.send_text(CITIZEN, "halo")
        answers = [await bot.call("sendMessage", chat_id=CITIZEN, text=str(i)) for i in range(5)]
        statuses = [status for status, _ in answers]
        assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
        _status, body = next(a for a in answers if a[0] == 429)
        assert body["parameters"]["retry_after"] >= 1
        retry_after = body["parameters"]["retry_after"]
        assert body["description"] == f"Too Many Requests: retry after {retry_after}"
        assert api.rate_limited_count == statuses.count(429)

    async def test_edits_count_too_but_refused_calls_do_not(self, bot: BotClient, api: LocalBotApi):
        api.limits_enabled = True
        api.send_text(CITIZEN, "halo")
        for _ in range(5):  # refused before sending: no token spent
            await bot.call("sendMessage", chat_id=CITIZEN, text="")
        sent = await bot.ok("sendMessage", chat_id=CITIZEN, text="a")
        ids = {"chat_id": CITIZEN, "message_id": sent["message_id"]}
        for text in ("b", "c"):
            await bot.ok("editMessageText", **ids, text=text)
        status, _ = await bot.call("editMessageText", **ids, text="d")
        assert status == 429

    async def test_no_429_when_limits_are_off(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        for i in range(40):
            await bot.ok("sendMessage", chat_id=CITIZEN, text=str(i))
        assert api.rate_limited_count == 0

    async def test_other_methods_are_not_limited(self, bot: BotClient, api: LocalBotApi):
        api.limits_enabled = True
        for _ in range(10):
            await bot.ok("getMe")
