"""The periodic mail job of the active notifier: late agencies reminded, queued email sent.

Like the relay reminders, one process does it (the elected notifier,
bot/notifier/runtime.py), so a reminder is queued once and an email leaves once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import utcnow
from backend.config import Settings
from backend.db import unit_of_work
from backend.mail.sender import MailPolicy, SendReport, send_due_emails
from backend.referrals.emails import remind_late_agencies
from backend.security.crypto import vault_for
from backend.stops import wait_for_any

log = logging.getLogger(__name__)

# How often the job looks: an answer link leaves within half a minute of the referral.
CHECK_INTERVAL = 30.0


async def mail_once(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: datetime,
    policy: MailPolicy | None = None,
) -> SendReport:
    """Queues the reminders due at `now`, then sends what is due."""
    async with unit_of_work(sessions) as session:
        reminded = await remind_late_agencies(session, settings, now)
    if reminded:
        log.info("mail: %d agencies reminded of a late answer", reminded)
    vault = vault_for(settings.data_key.get_secret_value())
    return await send_due_emails(sessions, vault, now=now, policy=policy)


async def mail_periodically(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    stops: tuple[asyncio.Event, ...],
    *,
    interval: float = CHECK_INTERVAL,
    clock: Callable[[], datetime] = utcnow,
    policy: MailPolicy | None = None,
) -> None:
    """Runs `mail_once` every `interval` seconds until one of `stops` is set."""
    while not any(stop.is_set() for stop in stops):
        try:
            report = await mail_once(sessions, settings, now=clock(), policy=policy)
            if report.sent or report.failed:
                log.info("mail: %d sent, %d failed for good", report.sent, report.failed)
        except Exception:  # a database or server briefly away: look again next time
            log.exception("mail: could not send")
        await wait_for_any(stops, interval)
