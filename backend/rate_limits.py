"""Moving-window rate limits kept where every service process sees them (RATE_LIMIT_STORAGE).

With several processes (or machines) the counts live in Redis, so a client cannot
spread its requests over the workers. When Redis does not answer, the limits fail
open to this process's memory, with a warning, and Redis is asked again a few seconds
later: the limits still hold per process (N times looser with N workers) while staff
keep signing in and citizens keep filing. Failing closed would lock every staff member
out of the panel for as long as Redis is away, which an attacker could then cause.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter, WindowStats
from limits.errors import StorageError
from limits.storage import storage_from_string

log = logging.getLogger(__name__)

# RATE_LIMIT_STORAGE schemes and the `limits` asyncio storage each means.
_SCHEMES = {
    "memory://": "async+memory://",
    "redis://": "async+redis://",
    "rediss://": "async+rediss://",
    "redis+unix://": "async+redis+unix://",
}
# A Redis that hangs must not hold a sign-in or a web chat request up for long.
REDIS_TIMEOUT_SECONDS = 0.5
# After Redis failed, counts stay in memory this long before Redis is tried again.
REDIS_RETRY_SECONDS = 5.0


def storage_uri(setting: str) -> str:
    """The `limits` asyncio storage URI for a RATE_LIMIT_STORAGE value; ValueError if unknown."""
    for scheme, async_scheme in _SCHEMES.items():
        if setting.startswith(scheme):
            return async_scheme + setting.removeprefix(scheme)
    raise ValueError(
        "RATE_LIMIT_STORAGE must be memory:// (one process) or redis://host:port/db "
        "(several processes or machines share the counts)"
    )


class SharedRateLimiter:
    """A moving-window limiter on the configured storage, in memory while Redis is away."""

    def __init__(self, storage: str = "memory://", *, key_prefix: str = "LIMITS") -> None:
        self._memory = MovingWindowRateLimiter(MemoryStorage())
        self._shared: MovingWindowRateLimiter | None = None
        if not storage.startswith("memory://"):
            self._shared = MovingWindowRateLimiter(
                storage_from_string(
                    storage_uri(storage), implementation="redispy", wrap_exceptions=True,
                    key_prefix=key_prefix, socket_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                )
            )  # fmt: skip
        self._away_until = 0.0

    @property
    def shared(self) -> bool:
        """Whether counts go to the shared storage now (not to this process's memory)."""
        return self._shared is not None and time.monotonic() >= self._away_until

    async def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Counts one request; False when it is over the limit."""
        return bool(await self._call("hit", item, *identifiers))

    async def test(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Whether one more request would be within the limit, counting nothing."""
        return bool(await self._call("test", item, *identifiers))

    async def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        """When the window resets and how many requests remain in it."""
        stats: WindowStats = await self._call("get_window_stats", item, *identifiers)
        return stats

    async def clear(self, item: RateLimitItem, *identifiers: str) -> None:
        """Forgets the counts of these identifiers."""
        await self._call("clear", item, *identifiers)

    async def _call(self, method: str, *arguments: Any) -> Any:
        if self._shared is not None and self.shared:
            try:
                return await getattr(self._shared, method)(*arguments)
            except StorageError as error:
                log.warning(
                    "rate limits: Redis does not answer (%s); counting in this process's "
                    "memory for %.0f s", error, REDIS_RETRY_SECONDS,
                )  # fmt: skip
                self._away_until = time.monotonic() + REDIS_RETRY_SECONDS
        return await getattr(self._memory, method)(*arguments)
