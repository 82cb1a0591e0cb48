"""Telling an outage (wait it out, lose nothing) from an update that cannot be processed.

An update whose processing fails because the database is away comes again until it
goes through. One that fails for its own reasons (a bug it trips, a file Telegram
keeps refusing) would come again forever and hold up its chat: after
MAX_UPDATE_FAILURES such failures it is given up, and the person is told.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.outage import is_outage_error
from backend.rate_limits import REDIS_RETRY_SECONDS, REDIS_TIMEOUT_SECONDS
from bot.telegram.client import TelegramError

MAX_UPDATE_FAILURES = 5
# Failure counts kept at most; the oldest go first (an update that went quiet).
_REMEMBERED = 10_000
# Telegram stops redelivering an update after about a day; its count may go then.
_REDIS_TTL_SECONDS = 24 * 3600

log = logging.getLogger(__name__)
_V = TypeVar("_V")


def is_outage(error: BaseException) -> bool:
    """Whether the database (or a connection to it) was away: nothing is wrong with the update."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, TelegramError):
            return False  # Telegram answered: the polling loop deals with Telegram being away
        if is_outage_error(current):
            return True
        seen.add(id(current))
        current = current.__cause__
    return False


class FailureCounts:
    """How often each update failed for its own reasons, by update_id (a WhatsApp message id).

    With REDIS_URL the counts are shared by every process, since Telegram may redeliver
    a poison update to any webhook worker; each count expires a day after its last
    failure. While Redis does not answer, this process counts alone (memory), so a
    poison update is still given up, after at most `limit` failures per process.

    Forgetting costs Redis a call only for an update this process counted there: nearly
    every update goes through at once, and a call each was a round trip per update. A
    count left by another worker expires by itself; it is never read again, since an
    update that went through is recognised when it comes again and does not fail.
    """

    def __init__(
        self, limit: int = MAX_UPDATE_FAILURES, *, redis_url: str | None = None,
        namespace: str = "slrt:update-failures",
    ) -> None:  # fmt: skip
        self.limit = limit
        self.namespace = namespace
        self._counts: OrderedDict[int | str, int] = OrderedDict()
        # The updates this process counted in Redis, the oldest first.
        self._in_redis: OrderedDict[int | str, None] = OrderedDict()
        self._redis: Redis | None = None
        if redis_url is not None:
            self._redis = Redis.from_url(
                redis_url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )  # fmt: skip
        self._redis_away_until = 0.0

    async def add(self, update_id: int | str) -> bool:
        """Counts one failure; True once the update has failed `limit` times."""
        redis = self._reachable_redis()
        if redis is not None:
            try:
                async with redis.pipeline(transaction=True) as pipe:
                    pipe.incr(self._key(update_id))
                    pipe.expire(self._key(update_id), _REDIS_TTL_SECONDS)
                    count, _ = await pipe.execute()
                _remember(self._in_redis, update_id, None)
                return int(count) >= self.limit
            except (RedisError, OSError) as error:
                self._redis_away(error)
        count = self._counts.get(update_id, 0) + 1
        _remember(self._counts, update_id, count)
        return count >= self.limit

    async def forget(self, update_id: int | str | None) -> None:
        """Drops the count of an update that went through or was given up."""
        if update_id is None:  # an update without an id was never counted
            return
        self._counts.pop(update_id, None)
        if update_id not in self._in_redis:
            return
        del self._in_redis[update_id]
        redis = self._reachable_redis()
        if redis is not None:
            try:
                await redis.delete(self._key(update_id))
            except (RedisError, OSError) as error:
                self._redis_away(error)  # the count expires by itself

    async def close(self) -> None:
        """Closes the connection to Redis, if any."""
        if self._redis is not None:
            await self._redis.aclose()

    def _key(self, update_id: int | str) -> str:
        return f"{self.namespace}:{update_id}"

    def _reachable_redis(self) -> Redis | None:
        if self._redis is None or time.monotonic() < self._redis_away_until:
            return None
        return self._redis

    def _redis_away(self, error: Exception) -> None:
        log.warning(
            "failed-update counts: Redis does not answer (%r); counting in this process for "
            "%.0f s", error, REDIS_RETRY_SECONDS,
        )  # fmt: skip
        self._redis_away_until = time.monotonic() + REDIS_RETRY_SECONDS


def _remember(kept: OrderedDict[int | str, _V], update_id: int | str, value: _V) -> None:
    # The newest last; beyond _REMEMBERED the oldest goes (an update that went quiet).
    kept.pop(update_id, None)
    kept[update_id] = value
    while len(kept) > _REMEMBERED:
        kept.popitem(last=False)


def failure_counts_for(redis_url: str | None, bot_token: str) -> FailureCounts:
    """The failure counts of this bot, shared through Redis when there is one.

    Two bots (a test bot and the real one) may share a Redis, and update ids are only
    unique per bot: the counts are kept under a digest of the token, never the token.
    """
    bot = hashlib.sha256(bot_token.encode()).hexdigest()[:16]
    return FailureCounts(redis_url=redis_url, namespace=f"slrt:update-failures:{bot}")
