"""The gauges of shared state, read from the database when Prometheus scrapes.

The outbox and the complaints live in the database, not in a process, so any worker
answering a scrape gives the same figures. The queries are the ones the panel's
dashboard shows (backend/notifications/repository.py, backend/complaints/stats.py).
A database that does not answer within a few seconds leaves the gauges out and says
so in `slrt_database_up`: a hung database must not hang the scrape.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import local_date
from backend.complaints.stats import overdue_count
from backend.notifications.repository import OutboxBacklog, outbox_backlog

log = logging.getLogger(__name__)

# Prometheus gives a scrape 10 s by default; the database gets part of that.
DATABASE_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True, slots=True)
class DatabaseFigures:
    """What the database said at one scrape."""

    outbox: OutboxBacklog
    overdue_complaints: int
    now: datetime


async def read_figures(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    timeout: float = DATABASE_TIMEOUT_SECONDS,
) -> DatabaseFigures | None:
    """The figures, or None when the database fails or takes longer than `timeout` seconds."""
    try:
        async with asyncio.timeout(timeout):
            async with sessions() as session:
                outbox = await outbox_backlog(session)
                overdue = await overdue_count(session, local_date(now))
    except (SQLAlchemyError, OSError, TimeoutError) as error:
        log.warning("metrics: the database did not answer: %s", type(error).__name__)
        return None
    return DatabaseFigures(outbox, overdue, now)


class DatabaseGauges(Collector):
    """Exposes the figures of one scrape (nothing but `slrt_database_up 0` without them)."""

    def __init__(self, figures: DatabaseFigures | None, seconds: float) -> None:
        self.figures = figures
        self.seconds = seconds

    def collect(self) -> Iterator[Metric]:
        """The gauges, as Prometheus reads them."""
        up = GaugeMetricFamily(
            "slrt_database_up", "1 when the database answered this scrape's queries in time."
        )
        up.add_metric([], 1.0 if self.figures is not None else 0.0)
        yield up
        took = GaugeMetricFamily(
            "slrt_database_scrape_seconds", "Time the database took for this scrape's queries."
        )
        took.add_metric([], self.seconds)
        yield took
        if self.figures is None:
            return
        outbox = self.figures.outbox
        by_status = GaugeMetricFamily(
            "slrt_outbox_messages",
            "Outbox messages not sent, by status: pending and sending wait for the notifier, "
            "failed are parked for staff, undeliverable went to a chat that blocked the bot.",
            labels=["status"],
        )
        for status, count in sorted(outbox.counts.items()):
            by_status.add_metric([status.value], float(count))
        yield by_status
        yield GaugeMetricFamily(
            "slrt_outbox_oldest_waiting_seconds",
            "Age of the oldest outbox message still waiting to be sent (0 when none waits).",
            value=outbox.oldest_waiting_seconds(self.figures.now),
        )
        yield GaugeMetricFamily(
            "slrt_complaints_overdue",
            "Complaints still being worked on whose deadline has passed.",
            value=float(self.figures.overdue_complaints),
        )


async def database_gauges(
    sessions: async_sessionmaker[AsyncSession], now: datetime
) -> DatabaseGauges:
    """Reads the figures now and wraps them for one scrape."""
    started = time.perf_counter()
    figures = await read_figures(sessions, now)
    return DatabaseGauges(figures, time.perf_counter() - started)
