"""The periodic job that reminds facilitators of relays they have not confirmed.

It runs inside the active notifier (bot/notifier/runtime.py), so however many
service processes there are, one looks; each relay is reminded once
(`reminded_at`), and PostgreSQL's SKIP LOCKED keeps even two lookers apart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import utcnow
from backend.db import unit_of_work
from backend.facilitators.relays import queue_relay_reminders
from backend.stops import wait_for_any

log = logging.getLogger(__name__)


async def remind_once(sessions: async_sessionmaker[AsyncSession], working_days: int) -> int:
    """Queues the reminders due now, in one transaction; answers how many."""
    async with unit_of_work(sessions) as session:
        return await queue_relay_reminders(session, utcnow(), working_days)


async def remind_periodically(
    sessions: async_sessionmaker[AsyncSession],
    stops: tuple[asyncio.Event, ...],
    *,
    interval: float,
    working_days: int,
    on_queued: Callable[[], None] | None = None,
) -> None:
    """Looks for relays needing a reminder every `interval` seconds until one of `stops`."""
    while not any(stop.is_set() for stop in stops):
        try:
            count = await remind_once(sessions, working_days)
        except Exception:  # a database that is briefly down: look again next time
            log.exception("relay reminders: could not look for unconfirmed relays")
            count = 0
        log.debug("relay reminders: looked, %d queued", count)
        if count:
            log.info("relay reminders: %d queued", count)
            if on_queued is not None:
                on_queued()
        await wait_for_any(stops, interval)
