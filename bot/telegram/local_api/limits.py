"""Telegram's flood limits: about one message a second per chat and thirty a second overall."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

# The calls Telegram counts against a bot's sending rate.
LIMITED_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)


@dataclass
class TokenBucket:
    """Holds up to `capacity` tokens and gains `rate` tokens a second."""

    capacity: float
    rate: float
    tokens: float = field(default=-1.0)
    updated: float = 0.0

    def refill(self, now: float) -> None:
        """Adds the tokens earned since the last look."""
        if self.tokens < 0:  # a new bucket starts full
            self.tokens, self.updated = self.capacity, now
            return
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self) -> float:
        """Seconds until one whole token is there (0 when there is one now)."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    """A bucket per chat and one for the whole bot; a call needs a token from both."""

    def __init__(
        self,
        per_chat_rate: float = 1.0,
        per_chat_burst: float = 3,
        overall_rate: float = 30.0,
        overall_burst: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        self.clock = clock
        self.overall = TokenBucket(overall_burst, overall_rate)
        self.chats: dict[Hashable, TokenBucket] = {}

    def acquire(self, chat: Hashable) -> int | None:
        """Takes a token for `chat`, or returns the whole seconds to wait (at least 1)."""
        now = self.clock()
        bucket = self.chats.setdefault(chat, TokenBucket(self.per_chat_burst, self.per_chat_rate))
        bucket.refill(now)
        self.overall.refill(now)
        wait = max(bucket.wait_time(), self.overall.wait_time())
        if wait > 0:
            return max(1, math.ceil(wait))
        bucket.tokens -= 1
        self.overall.tokens -= 1
        return None

    def refund(self, chat: Hashable) -> None:
        """Gives back the token of a call that was refused before anything was sent."""
        bucket = self.chats.get(chat)
        if bucket is not None:
            bucket.tokens = min(bucket.capacity, bucket.tokens + 1)
        self.overall.tokens = min(self.overall.capacity, self.overall.tokens + 1)

    def reset(self) -> None:
        """Forgets all spending, as after a quiet minute."""
        self.overall.tokens = -1.0
        self.chats.clear()
