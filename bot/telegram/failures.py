"""Telling an outage (wait it out, lose nothing) from an update that cannot be processed.

An update whose processing fails because the database is away comes again until it
goes through. One that fails for its own reasons (a bug it trips, a file Telegram
keeps refusing) would come again forever and hold up its chat: after
MAX_UPDATE_FAILURES such failures it is given up, and the person is told.
"""

from __future__ import annotations

from collections import OrderedDict

from backend.outage import is_outage_error
from bot.telegram.client import TelegramError

MAX_UPDATE_FAILURES = 5
# Failure counts kept at most; the oldest go first (an update that went quiet).
_REMEMBERED = 10_000


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
    """How often each update failed for its own reasons, by update_id."""

    def __init__(self, limit: int = MAX_UPDATE_FAILURES) -> None:
        self.limit = limit
        self._counts: OrderedDict[int, int] = OrderedDict()

    def add(self, update_id: int) -> bool:
        """Counts one failure; True once the update has failed `limit` times."""
        count = self._counts.pop(update_id, 0) + 1
        self._counts[update_id] = count
        while len(self._counts) > _REMEMBERED:
            self._counts.popitem(last=False)
        return count >= self.limit

    def forget(self, update_id: int | None) -> None:
        """Drops the count of an update that went through or was given up."""
        if update_id is not None:  # an update without an id was never counted
            self._counts.pop(update_id, None)
