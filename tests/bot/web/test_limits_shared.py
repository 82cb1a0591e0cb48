"""The web chat's request limits, shared by several service processes through Redis.

Two limiters on one Redis stand for two web workers; each test counts under a key
prefix of its own, so runs never meet.
"""

from __future__ import annotations

import uuid

import pytest

from bot.web.limits import ClientLimiter
from tests.fixtures.redis_server import REDIS_URL, skip_without_redis

LIMITS = {"send": "3/minute"}


class TestTwoWorkers:
    """A chat that spreads its requests over two workers still meets one limit."""

    async def test_the_counts_are_shared_in_redis(self) -> None:
        skip_without_redis()
        prefix = f"slrt-test-{uuid.uuid4().hex}"
        first, second = (
            ClientLimiter(LIMITS, storage=REDIS_URL, key_prefix=prefix) for _ in range(2)
        )
        assert await first.hit("send", "chat-a", "10.0.0.1") is None
        assert await second.hit("send", "chat-a", "10.0.0.1") is None
        assert await first.hit("send", "chat-a", "10.0.0.1") is None
        wait = await second.hit("send", "chat-a", "10.0.0.1")
        assert wait is not None and 1 <= wait <= 60
        # Another chat on the same (shared carrier) address is still let through.
        assert await second.hit("send", "chat-b", "10.0.0.1") is None

    async def test_each_process_counts_alone_in_memory(self) -> None:
        first, second = ClientLimiter(LIMITS), ClientLimiter(LIMITS)
        for _ in range(3):
            assert await first.hit("send", "chat-a", "10.0.0.1") is None
        assert await second.hit("send", "chat-a", "10.0.0.1") is None
        assert await first.hit("send", "chat-a", "10.0.0.1") is not None


class TestRedisAway:
    """With Redis away the limits still hold, in each process, and nothing fails."""

    async def test_fails_open_to_this_process(self, caplog: pytest.LogCaptureFixture) -> None:
        limiter = ClientLimiter(LIMITS, storage="redis://127.0.0.1:1/0")
        for _ in range(3):
            assert await limiter.hit("send", "chat-a", "10.0.0.1") is None
        assert await limiter.hit("send", "chat-a", "10.0.0.1") is not None
        assert "Redis does not answer" in caplog.text
