"""The periodic job that passes on answers whose sender has gone quiet.

It runs inside the active notifier (bot/notifier/runtime.py), like the relay
reminders: one process looks, and each answer is closed under its row locks, so a
chat pressing "Selesai" at the same moment cannot make provide_info fire twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import utcnow
from backend.complaints.answer_gathering import close_if_quiet, quiet_answers
from backend.db import unit_of_work
from backend.stops import wait_for_any

log = logging.getLogger(__name__)

# How often the job looks: a small part of the quiet period, so an answer waits little longer.
CHECK_INTERVAL = 30.0


async def close_quiet_answers_once(
    sessions: async_sessionmaker[AsyncSession], *, quiet_period: timedelta, now: datetime
) -> int:
    """Closes every answer quiet since `quiet_period` before `now`, one transaction each."""
    async with sessions() as session:
        due = await quiet_answers(session, now - quiet_period)
    closed = 0
    for complaint_id in due:
        async with unit_of_work(sessions) as session:
            closed += await close_if_quiet(
                session, complaint_id, now=now, quiet_period=quiet_period
            )
    return closed


async def close_quiet_answers_periodically(
    sessions: async_sessionmaker[AsyncSession],
    stops: tuple[asyncio.Event, ...],
    *,
    quiet_period: timedelta,
    interval: float = CHECK_INTERVAL,
    clock: Callable[[], datetime] = utcnow,
    on_closed: Callable[[], None] | None = None,
) -> None:
    """Looks for quiet answers every `interval` seconds until one of `stops` is set."""
    while not any(stop.is_set() for stop in stops):
        try:
            closed = await close_quiet_answers_once(
                sessions, quiet_period=quiet_period, now=clock()
            )
        except Exception:  # a database that is briefly down: look again next time
            log.exception("quiet answers: could not look for them")
            closed = 0
        if closed:
            log.info("quiet answers: %d passed on", closed)
            if on_closed is not None:
                on_closed()
        await wait_for_any(stops, interval)
