"""Counts of an update's failures, shared by webhook workers through Redis.

Telegram may redeliver a poison update to any worker: the fifth failure gives it up
wherever it happens. Two FailureCounts on one Redis stand for two workers; each test
counts under a namespace of its own.
"""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis

from bot.telegram.failures import MAX_UPDATE_FAILURES, FailureCounts, failure_counts_for
from tests.fixtures.redis_server import REDIS_URL, skip_without_redis


class TestSharedByWorkers:
    """Failures in two workers add up; the worker that counted forgets them on a success."""

    async def test_the_fifth_failure_in_any_worker_gives_the_update_up(self) -> None:
        skip_without_redis()
        namespace = f"slrt-test:{uuid.uuid4().hex}"
        first = FailureCounts(redis_url=REDIS_URL, namespace=namespace)
        second = FailureCounts(redis_url=REDIS_URL, namespace=namespace)
        try:
            verdicts = [await (first, second)[n % 2].add(1001) for n in range(MAX_UPDATE_FAILURES)]
            assert verdicts == [False] * (MAX_UPDATE_FAILURES - 1) + [True]
            # The count expires by itself, so a quiet update leaves nothing behind for long.
            check = Redis.from_url(REDIS_URL)
            assert 0 < await check.ttl(f"{namespace}:1001") <= 24 * 3600
            await check.aclose()

            await first.add(1002)
            await first.forget(1002)
            assert [await first.add(1002) for _ in range(MAX_UPDATE_FAILURES - 1)][-1] is False
        finally:
            await first.close()
            await second.close()

    async def test_a_count_another_worker_made_is_left_to_expire(self) -> None:
        # The update went through in the second worker: it is recognised when it comes
        # again and never fails, so the first worker's count is never read; a call to
        # Redis for every update that went through would cost each update a round trip.
        skip_without_redis()
        namespace = f"slrt-test:{uuid.uuid4().hex}"
        first = FailureCounts(redis_url=REDIS_URL, namespace=namespace)
        second = FailureCounts(redis_url=REDIS_URL, namespace=namespace)
        check = Redis.from_url(REDIS_URL)
        try:
            await first.add(1003)
            await second.forget(1003)
            assert await check.get(f"{namespace}:1003") == b"1"
            assert 0 < await check.ttl(f"{namespace}:1003") <= 24 * 3600
        finally:
            await check.delete(f"{namespace}:1003")
            await check.aclose()
            await first.close()
            await second.close()

    def test_two_bots_never_share_counts_nor_show_their_token(self) -> None:
        one = failure_counts_for(REDIS_URL, "123456:TOKEN-ONE")
        other = failure_counts_for(REDIS_URL, "654321:TOKEN-TWO")
        assert one.namespace != other.namespace
        assert "TOKEN" not in one.namespace and "123456" not in one.namespace


class TestForgettingWhatNeverFailed:
    """An update that went through at once costs Redis nothing."""

    async def test_no_call_to_redis(self, caplog: pytest.LogCaptureFixture) -> None:
        # Redis here never answers: a call would be logged, and Redis set aside a while.
        counts = FailureCounts(redis_url="redis://127.0.0.1:1/0")
        try:
            for update_id in (11, 12, "wamid.X"):
                await counts.forget(update_id)
            assert "Redis does not answer" not in caplog.text
        finally:
            await counts.close()


class TestRedisAway:
    """Without Redis each process counts alone, and still gives a poison update up."""

    async def test_counts_in_memory(self, caplog: pytest.LogCaptureFixture) -> None:
        counts = FailureCounts(redis_url="redis://127.0.0.1:1/0")
        verdicts = [await counts.add(7) for _ in range(MAX_UPDATE_FAILURES)]
        assert verdicts[-1] is True and not any(verdicts[:-1])
        assert "Redis does not answer" in caplog.text
        await counts.close()
