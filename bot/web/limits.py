"""Per-client request limits of the web chat (moving windows in RATE_LIMIT_STORAGE).

With several service processes the counts are kept in Redis, so a script cannot get
N times the limit by landing on N workers; see backend/rate_limits.py for what happens
while Redis is away.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse

from backend.rate_limits import SharedRateLimiter

# Generous for a person typing, tight for a script; a long poll counts as one read.
# Many phones share one address behind a carrier's NAT, so an address gets ten times more.
ADDRESS_FACTOR = 10
DEFAULT_LIMITS = {
    "send": "30/minute",
    "upload": "10/minute",
    "read": "120/minute",
}
# The namespace of the web chat's counts beside the sign-in throttle's in one storage.
NAMESPACE = "webchat"


class ClientLimiter:
    """Counts each client's requests by chat cookie and by address."""

    def __init__(
        self,
        limits: dict[str, str] | None = None,
        *,
        storage: str = "memory://",
        key_prefix: str = "LIMITS",
    ) -> None:
        self._items: dict[str, tuple[RateLimitItem, RateLimitItem]] = {}
        for kind, text in (limits or DEFAULT_LIMITS).items():
            per_chat = parse(text)
            amount, _, period = text.partition("/")
            self._items[kind] = (per_chat, parse(f"{int(amount) * ADDRESS_FACTOR}/{period}"))
        self._limiter = SharedRateLimiter(storage, key_prefix=key_prefix)

    async def hit(self, kind: str, chat_id: str, address: str) -> int | None:
        """Counts one request; answers the seconds to wait when over the limit, else None."""
        per_chat, per_address = self._items[kind]
        for item, key in ((per_chat, f"chat:{chat_id}"), (per_address, f"address:{address}")):
            if not await self._limiter.hit(item, NAMESPACE, kind, key):
                stats = await self._limiter.get_window_stats(item, NAMESPACE, kind, key)
                return max(1, math.ceil(stats.reset_time - time.time()))
        return None
