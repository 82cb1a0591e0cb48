"""The retention policy applied by itself, once a day, inside the active notifier.

It runs in the active notifier (bot/notifier/runtime.py), so however many service
processes there are, one applies it. The last applied run is read from the audit
log, so a restart or a change of notifier does not apply it again before its time,
and a run by hand (`slrt retention --apply`) counts as the day's run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.privacy.retention import APPLIED_ACTION, RetentionPolicy, RetentionRun, apply_retention
from backend.stops import wait_for_any

log = logging.getLogger(__name__)

# How often the job asks whether a run is due: a day's run starts within the hour.
LOOK_EVERY_SECONDS = 3600.0


async def last_applied_at(session: AsyncSession) -> datetime | None:
    """When the policy was last applied (by the job or by hand), from the audit log."""
    statement = select(func.max(AuditRecord.at)).where(AuditRecord.action == APPLIED_ACTION)
    return await session.scalar(statement)


async def retain_if_due(
    sessions: async_sessionmaker[AsyncSession],
    policy: RetentionPolicy,
    now: datetime,
    interval: timedelta,
) -> RetentionRun | None:
    """Applies the policy in one transaction unless it was applied less than `interval` ago."""
    async with unit_of_work(sessions) as session:
        last = await last_applied_at(session)
        if last is not None and now - last < interval:
            return None
        return await apply_retention(session, policy, now)


async def retain_periodically(
    sessions: async_sessionmaker[AsyncSession],
    policy: RetentionPolicy,
    stops: tuple[asyncio.Event, ...],
    *,
    interval: timedelta,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Applies the policy every `interval` until one of `stops` is set; looks at once on start."""
    look_every = min(interval.total_seconds(), LOOK_EVERY_SECONDS)
    while not any(stop.is_set() for stop in stops):
        try:
            run = await retain_if_due(sessions, policy, clock(), interval)
        except Exception:  # a database that is briefly down: look again next time
            log.exception("retention: could not apply the retention policy")
            run = None
        log.debug("retention: looked, %s", "applied" if run else "not due")
        if run is not None:
            log.info("retention: applied %s", asdict(run.counts))
        await wait_for_any(stops, look_every)
