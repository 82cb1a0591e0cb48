"""`slrt digest --dry-run` prints the digests it would send now (a contract); `slrt digest` sends."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from backend.casefiles.models import ComplaintStatus
from backend.cli import app
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.mail.models import OutgoingEmail
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.test_cli import invoke
from tests.fixtures.factories import make_complaint, make_staff


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A runner whose working directory has no .env to read."""
    monkeypatch.chdir(tmp_path)
    yield CliRunner()


async def _world(database_url: str, vault: Vault) -> tuple[str, str, str]:
    """A worker with an overdue complaint and a supervisor; answers their emails and the ticket."""
    engine = create_engine(database_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            worker = await make_staff(session)
            supervisor = await make_staff(session, Role.SUPERVISOR)
            complaint = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW)
            complaint.assignee_id = worker.id
            complaint.due_on = date(2026, 12, 22)
            return worker.email, supervisor.email, complaint.ticket
    finally:
        await engine.dispose()


async def _digest_emails(database_url: str) -> list[OutgoingEmail]:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            statement = select(OutgoingEmail).where(OutgoingEmail.kind == "digest")
            return list(await session.scalars(statement))
    finally:
        await engine.dispose()


def test_dry_run_prints_and_sends_nothing_then_digest_sends_once(
    cli: CliRunner, database_url: str, vault: Vault
) -> None:
    worker, supervisor, ticket = asyncio.run(_world(database_url, vault))
    # Wednesday 23 December 2026 at 06:00 WIB: before the hour, yet the command is "now".
    at = "2026-12-23T06:00+07:00"

    dry = invoke(cli, database_url, "digest", "--dry-run", "--at", at)
    assert dry.exit_code == 0, dry.output
    assert "uji coba, tidak ada yang dikirim / dry run, nothing sent" in dry.stdout
    assert f"<{worker}> (back_office), lewat / by email" in dry.stdout
    assert f"<{supervisor}> (supervisor), lewat / by email" in dry.stdout
    # The worker's own overdue complaint; the supervisor's team list names it as well.
    assert dry.stdout.count(ticket) == 4  # two digests, each in Indonesian and English
    assert "Pengaduan Anda yang lewat tenggat (1)" in dry.stdout
    assert "The team's complaints past their deadline (1)" in dry.stdout
    assert asyncio.run(_digest_emails(database_url)) == []

    sent = invoke(cli, database_url, "digest", "--at", at)
    assert sent.exit_code == 0, sent.output
    assert f"{worker}: email" in sent.stdout and f"{supervisor}: email" in sent.stdout
    assert {email.to_address for email in asyncio.run(_digest_emails(database_url))} == {
        worker, supervisor,
    }  # fmt: skip

    again = invoke(cli, database_url, "digest", "--dry-run", "--at", at)
    assert f"<{worker}> (back_office): sudah dikirim hari ini / already sent today" in again.stdout
    assert invoke(cli, database_url, "digest", "--at", at).stdout.startswith("2026-12-23: 0 ")
    assert len(asyncio.run(_digest_emails(database_url))) == 2


def test_on_a_holiday_there_is_no_digest(cli: CliRunner, database_url: str) -> None:
    result = invoke(cli, database_url, "digest", "--dry-run", "--at", "2026-12-25T08:00+07:00")
    assert result.exit_code == 0, result.output
    assert "2026-12-25: bukan hari kerja" in result.stdout and "not a working day" in result.stdout


def test_at_needs_a_time_zone(cli: CliRunner, database_url: str) -> None:
    result = invoke(cli, database_url, "digest", "--dry-run", "--at", "2026-12-23T08:00")
    assert result.exit_code == 2 and "time zone" in result.output
    assert cli.invoke(app, ["digest", "--help"]).exit_code == 0
