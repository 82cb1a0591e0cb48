"""Sending the morning digests: once per person per WIB working day, at the office's hour.

The periodic look runs inside the active notifier (bot/notifier/runtime.py);
`slrt digest` sends at once. Each person's digest is decided in a transaction of
its own that first claims the (person, day) row of `digest_deliveries`: the unique
key lets one claim win whatever the number of processes, and a failure rolls the
claim back with the message, so the next look tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.sla import is_working_day
from backend.clock import LOCAL_ZONE, local_date, utcnow
from backend.db import unit_of_work
from backend.digests.compose import digest_subject, digest_text
from backend.digests.contents import Digest, digest_for
from backend.digests.models import DigestDelivery
from backend.office.settings import office_settings
from backend.staff.models import StaffUser
from backend.staff_alerts.delivery import send_alert, telegram_target
from backend.staff_alerts.models import AlertChannel
from backend.staff_alerts.service import ALERTED_ROLES
from backend.stops import wait_for_any

log = logging.getLogger(__name__)

# The kind of a digest email (outgoing_emails.kind) and of its outbox message.
DIGEST_KIND = "digest"


@dataclass(frozen=True, slots=True)
class DigestOutcome:
    """What became of one person's digest today: the channel, or None when it was empty."""

    digest: Digest
    channel: AlertChannel | None


def digest_time_reached(now: datetime, digest_hour: int) -> bool:
    """A working day in Kota Bogor (WIB) at or after the digest hour."""
    local = now.astimezone(LOCAL_ZONE)
    return is_working_day(local.date()) and local.hour >= digest_hour


async def recipient_ids(session: AsyncSession) -> list[int]:
    """Active accounts that work complaints, in a stable order."""
    statement = (
        select(StaffUser.id)
        .where(StaffUser.role.in_(list(ALERTED_ROLES)), StaffUser.is_active.is_(True))
        .order_by(StaffUser.id)
    )
    return list(await session.scalars(statement))


async def delivered_on(session: AsyncSession, day: date) -> set[int]:
    """Who has had their digest of `day` decided already."""
    statement = select(DigestDelivery.staff_user_id).where(DigestDelivery.digest_on == day)
    return set(await session.scalars(statement))


async def _claim(session: AsyncSession, staff_user_id: int, day: date, now: datetime) -> int | None:
    """The new delivery row's id, or None when another look claimed this person's day."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(DigestDelivery)
        .values(staff_user_id=staff_user_id, digest_on=day, item_count=0, created_at=now)
        .on_conflict_do_nothing(index_elements=["staff_user_id", "digest_on"])
        .returning(DigestDelivery.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class DigestPreview:
    """A digest as it would go now: by which channel, or that it went already today."""

    digest: Digest
    channel: AlertChannel
    sent_already: bool


async def preview_digests(session: AsyncSession, now: datetime) -> list[DigestPreview]:
    """Every digest of today as it would be sent now; reads only."""
    day = local_date(now)
    done = await delivered_on(session, day)
    previews = []
    for staff_id in await recipient_ids(session):
        user = await session.get_one(StaffUser, staff_id)
        chat = await telegram_target(session, user)
        channel = AlertChannel.TELEGRAM if chat is not None else AlertChannel.EMAIL
        digest = await digest_for(session, user, day)
        previews.append(DigestPreview(digest, channel, staff_id in done))
    return previews


async def send_digests(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    *,
    panel_url: str | None = None,
    ignore_hour: bool = False,
) -> list[DigestOutcome]:
    """Sends today's digests not sent yet, when today is a working day past the digest hour.

    `ignore_hour` (the `slrt digest` command) sends before the hour; weekends and
    holidays still have no digest.
    """
    day = local_date(now)
    async with sessions() as session:
        hour = (await office_settings(session)).digest_hour
        if not is_working_day(day) or not (ignore_hour or digest_time_reached(now, hour)):
            return []
        done = await delivered_on(session, day)
        waiting = [staff_id for staff_id in await recipient_ids(session) if staff_id not in done]
    outcomes = []
    for staff_id in waiting:
        async with unit_of_work(sessions) as session:
            delivery_id = await _claim(session, staff_id, day, now)
            if delivery_id is None:
                continue
            delivery = await session.get_one(DigestDelivery, delivery_id)
            user = await session.get_one(StaffUser, staff_id)
            digest = await digest_for(session, user, day)
            channel = None
            if digest.item_count:
                sent = await send_alert(
                    session, user, kind=DIGEST_KIND,
                    subject=partial(digest_subject, digest),
                    body=partial(digest_text, digest, panel_url=panel_url),
                )  # fmt: skip
                channel = sent.channel
                delivery.outbox_message_id = sent.message.id if sent.message else None
                delivery.outgoing_email_id = sent.email.id if sent.email else None
            delivery.channel = channel
            delivery.item_count = digest.item_count
        outcomes.append(DigestOutcome(digest, channel))
    return outcomes


async def send_digests_periodically(
    sessions: async_sessionmaker[AsyncSession],
    stops: tuple[asyncio.Event, ...],
    *,
    interval: float,
    panel_url: str | None = None,
    on_queued: Callable[[], None] | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Looks every `interval` seconds whether the morning's digests are due, until one of `stops`."""
    while not any(stop.is_set() for stop in stops):
        try:
            outcomes = await send_digests(sessions, clock(), panel_url=panel_url)
        except Exception:  # a database that is briefly down: look again next time
            log.exception("digests: could not send the morning digests")
            outcomes = []
        sent = [outcome for outcome in outcomes if outcome.channel is not None]
        log.debug("digests: looked, %d sent", len(sent))
        if sent:
            log.info("digests: %d sent", len(sent))
            if on_queued is not None and any(o.channel == AlertChannel.TELEGRAM for o in sent):
                on_queued()
        await wait_for_any(stops, interval)
