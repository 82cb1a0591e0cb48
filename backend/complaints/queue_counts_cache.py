"""The queue's counts per status, kept a few seconds per process.

The counts are the most expensive part of a queue page on a million complaints
(up to 1,001 rows read per status), and they are the same on every page of one
set of filters: a person paging through a category asks for them again and again.
A service's session factory holds one cache (backend/sessions.py); without one,
as in most tests, the counts are read every time.

Any commit in this process that wrote something clears the cache, so whoever
changes a complaint sees the counts move on their next page. Another worker's
change shows within COUNTS_KEPT_SECONDS.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from cachetools import TTLCache
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

# Session.info key of the factory's cache (copied by reference into every session).
COUNTS_CACHE_INFO_KEY = "slrt.queue_counts"
# Session.info key: this transaction wrote something (the cache is cleared at its commit).
_WROTE_INFO_KEY = "slrt.queue_counts.wrote"
COUNTS_KEPT_SECONDS = 10
_MAX_FILTER_SETS = 512


class QueueCountsCache:
    """Counts per status by (who looks, filters but the status one, day), for a few seconds."""

    def __init__(self, seconds: float = COUNTS_KEPT_SECONDS) -> None:
        self._kept: TTLCache[Hashable, Any] = TTLCache(maxsize=_MAX_FILTER_SETS, ttl=seconds)

    def get(self, key: Hashable) -> Any | None:
        """The counts kept under `key`, or None."""
        return self._kept.get(key)

    def put(self, key: Hashable, counts: Any) -> None:
        """Keeps `counts` under `key`."""
        self._kept[key] = counts

    def clear(self) -> None:
        """Forgets every count (something was written)."""
        self._kept.clear()


def counts_cache_of(session: Session) -> QueueCountsCache | None:
    """The cache of the session's factory, when it has one."""
    cache = session.info.get(COUNTS_CACHE_INFO_KEY)
    return cache if isinstance(cache, QueueCountsCache) else None


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _flush: UOWTransaction) -> None:
    if COUNTS_CACHE_INFO_KEY in session.info:
        session.info[_WROTE_INFO_KEY] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    # UPDATE, DELETE and INSERT statements that bypass the unit of work.
    if COUNTS_CACHE_INFO_KEY in state.session.info and not state.is_select:
        state.session.info[_WROTE_INFO_KEY] = True


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_WROTE_INFO_KEY, False) and (cache := counts_cache_of(session)):
        cache.clear()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE_INFO_KEY, None)
