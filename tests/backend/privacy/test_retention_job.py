"""The daily retention run: once a day by the audit log's clock, and inside the active notifier."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.config import Settings
from backend.db import unit_of_work
from backend.privacy.retention import APPLIED_ACTION, RetentionPolicy
from backend.privacy.retention_job import retain_if_due, retain_periodically
from backend.security.crypto import Vault
from backend.webchat.models import WebChatMessage
from bot.notifier.runtime import run_notifier
from tests.backend.privacy.world import EXPECTED_COUNTS, build_world, citizen_of
from tests.fixtures.waiting import eventually

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)
JOB_LOGGER = "backend.privacy.retention_job"


async def applied_runs(sessions: async_sessionmaker[AsyncSession]) -> list[AuditRecord]:
    """The audit records of applied runs, oldest first."""
    async with sessions() as session:
        statement = (
            select(AuditRecord).where(AuditRecord.action == APPLIED_ACTION).order_by(AuditRecord.id)
        )
        return list(await session.scalars(statement))


def messages_of(caplog: pytest.LogCaptureFixture, text: str) -> int:
    """How many log lines of the job say `text`."""
    return sum(text in record.getMessage() for record in caplog.records)


class TestOnceADay:
    """The job applies the policy when the last applied run is a day old, not before."""

    async def test_applies_then_waits_for_the_interval(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path
    ) -> None:
        async with unit_of_work(sessions) as session:
            world = await build_world(session, vault, tmp_path / "files", NOW)
        policy = RetentionPolicy.from_settings(Settings(_env_file=None, files_dir=world.files_dir))
        first = await retain_if_due(sessions, policy, NOW, DAY)
        assert first is not None and asdict(first.counts) == EXPECTED_COUNTS
        assert await retain_if_due(sessions, policy, NOW + 23 * timedelta(hours=1), DAY) is None
        later = await retain_if_due(sessions, policy, NOW + DAY, DAY)
        assert later is not None and later.counts.nothing
        assert [record.at for record in await applied_runs(sessions)] == [NOW, NOW + DAY]

    async def test_the_periodic_job_looks_at_once_and_stops_when_told(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path,
        caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        caplog.set_level(logging.DEBUG, logger=JOB_LOGGER)
        async with unit_of_work(sessions) as session:
            world = await build_world(session, vault, tmp_path / "files", NOW)
        policy = RetentionPolicy.from_settings(Settings(_env_file=None, files_dir=world.files_dir))
        stop = asyncio.Event()
        job = asyncio.create_task(
            retain_periodically(sessions, policy, (stop,), interval=DAY, clock=lambda: NOW)
        )
        try:
            await eventually(lambda: messages_of(caplog, "retention: looked") >= 1)
        finally:
            stop.set()
            await asyncio.wait_for(job, 10)
        assert messages_of(caplog, "retention: applied") == 1
        [record] = await applied_runs(sessions)
        assert {key: record.detail[key] for key in EXPECTED_COUNTS} == EXPECTED_COUNTS
        async with sessions() as session:
            ani = await citizen_of(session, world.citizens["ani"])
        assert ani.pseudonymised_at == NOW


class TestInTheNotifier:
    """The active notifier applies the policy on its own, without anyone asking."""

    async def test_the_active_notifier_applies_the_policy(
        self, settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        caplog.set_level(logging.INFO, logger=JOB_LOGGER)
        now = utcnow()
        async with unit_of_work(sessions) as session:
            world = await build_world(session, vault, settings.files_dir, now)
        stop = asyncio.Event()
        notifier = asyncio.create_task(run_notifier(settings, engine, sessions, stop))
        try:
            await eventually(lambda: messages_of(caplog, "retention: applied") >= 1, timeout=30)
        finally:
            stop.set()
            await asyncio.wait_for(notifier, 30)
        [record] = await applied_runs(sessions)
        assert {key: record.detail[key] for key in EXPECTED_COUNTS} == EXPECTED_COUNTS
        assert record.actor_role == "system"
        async with sessions() as session:
            chats = set(await session.scalars(select(WebChatMessage.chat_id).distinct()))
            ani = await citizen_of(session, world.citizens["ani"])
            audits = await session.scalar(
                select(func.count()).select_from(AuditRecord).where(
                    AuditRecord.action == APPLIED_ACTION
                )
            )  # fmt: skip
        assert chats == {world.recent_chat, world.edge_chat}
        assert ani.full_name == f"Warga #{ani.id}"
        assert not world.files["ani"].exists() and world.files["budi_shared"].exists()
        assert audits == 1
