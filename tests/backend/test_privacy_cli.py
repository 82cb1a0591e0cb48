"""`slrt retention --dry-run|--apply` and `slrt audit` (the breach drill's CSV)."""

from __future__ import annotations

import asyncio
import codecs
import csv
import io
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner, Result

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.identity_mentions import VAULT_INFO_KEY
from backend.cli import app
from backend.clock import LOCAL_ZONE, utcnow
from backend.complaints.export import ExportFormat, export_queue
from backend.complaints.identity import reveal_identity
from backend.complaints.queue_filters import QueueFilters
from backend.config import get_settings
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.privacy.access_report import ACCESS_REPORT_HEADER
from backend.privacy.retention import APPLIED_ACTION, DRY_RUN_ACTION
from backend.registry.export import export_proposals
from backend.security.crypto import Vault, vault_for
from backend.staff.models import Role, StaffUser
from tests.backend.privacy.world import World, build_world
from tests.fixtures.factories import make_complaint

SITI = "siti@dinsos.example"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Every invocation reads its settings anew (get_settings is cached per process)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose working directory has no .env to read."""
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def invoke(cli: CliRunner, database_url: str, *args: str, files_dir: Path | None = None) -> Result:
    """Runs `slrt ARGS` against the given database, the way a shell would."""
    environment = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
        "FILES_DIR": str(files_dir or Path("files")),
    }
    get_settings.cache_clear()
    try:
        return cli.invoke(app, list(args), env=environment)
    finally:
        get_settings.cache_clear()


async def _on_database(database_url: str, work: Callable[[AsyncSession, Vault], Awaitable[T]]) -> T:
    engine = create_engine(database_url)
    vault = vault_for(os.environ["DATA_KEY"])
    try:
        async with unit_of_work(
            create_session_factory(engine, info={VAULT_INFO_KEY: vault})
        ) as session:
            return await work(session, vault)
    finally:
        await engine.dispose()


def audit_actions(database_url: str, *actions: str) -> list[AuditRecord]:
    """The audit records of these actions, oldest first."""

    async def read(session: AsyncSession, _vault: Vault) -> list[AuditRecord]:
        statement = (
            select(AuditRecord).where(AuditRecord.action.in_(actions)).order_by(AuditRecord.id)
        )
        return list(await session.scalars(statement))

    return asyncio.run(_on_database(database_url, read))


class TestRetention:
    """`slrt retention`: exactly one of --dry-run and --apply; counts printed in both languages."""

    @pytest.mark.parametrize("flags", [[], ["--dry-run", "--apply"]], ids=["neither", "both"])
    def test_exactly_one_flag(self, cli: CliRunner, tmp_path: Path, flags: list[str]) -> None:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'untouched.db'}"
        result = invoke(cli, database_url, "retention", *flags)
        assert result.exit_code == 2
        assert "--dry-run" in result.stderr and "--apply" in result.stderr
        assert "Pilih salah satu / choose one" in result.stderr
        assert not (tmp_path / "untouched.db").exists()

    def test_dry_run_then_apply_then_nothing_left(
        self, cli: CliRunner, database_url: str, tmp_path: Path
    ) -> None:
        files_dir = tmp_path / "files"

        async def build(session: AsyncSession, vault: Vault) -> World:
            return await build_world(session, vault, files_dir, utcnow())

        world = asyncio.run(_on_database(database_url, build))
        due = [
            "web chat transcripts: 1 percakapan / chats, 2 pesan / messages",
            "complaints pseudonymised: 3 (selesai sebelum / finished before",
            "warga dipseudonimkan / citizens pseudonymised: 2",
            "lampiran dihapus / attachments removed: 5, berkas / files: 2",
        ]

        dry = invoke(cli, database_url, "retention", "--dry-run", files_dir=files_dir)
        assert dry.exit_code == 0, dry.output
        assert "dry run, nothing changed" in dry.stdout
        assert all(line in dry.stdout for line in due), dry.stdout
        assert world.files["ani"].exists() and world.files["eko_own"].exists()

        applied = invoke(cli, database_url, "retention", "--apply", files_dir=files_dir)
        assert applied.exit_code == 0, applied.output
        assert "Kebijakan retensi diterapkan / retention policy applied" in applied.stdout
        assert all(line in applied.stdout for line in due), applied.stdout
        assert not world.files["ani"].exists() and not world.files["eko_own"].exists()
        assert world.files["budi_shared"].exists()

        again = invoke(cli, database_url, "retention", "--apply", files_dir=files_dir)
        assert again.exit_code == 0, again.output
        assert "citizens pseudonymised: 0" in again.stdout
        assert "attachments removed: 0, berkas / files: 0" in again.stdout

        audits = audit_actions(database_url, DRY_RUN_ACTION, APPLIED_ACTION)
        assert [(a.action, a.detail["citizens"]) for a in audits] == [
            (DRY_RUN_ACTION, 2), (APPLIED_ACTION, 2), (APPLIED_ACTION, 0),
        ]  # fmt: skip


def wib(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of 2026 in Kota Bogor's time."""
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_ZONE)


@dataclass
class Drill:
    """Two complaints and who saw their people's numbers, when."""

    tickets: list[str]
    citizens: list[int]


async def _latest_at(session: AsyncSession, when: datetime, ip_address: str | None = None) -> None:
    """Dates the audit record just written (the services stamp the present)."""
    await session.flush()
    record = (
        await session.execute(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1))
    ).scalar_one()
    record.at = when
    if ip_address is not None:
        record.ip_address = ip_address


async def _drill(session: AsyncSession, vault: Vault) -> Drill:
    staff = {}
    for email, name, role in (
        (SITI, "Siti Rahmawati", Role.SUPERVISOR),
        ("rina@dinsos.example", "Rina Marlina", Role.BACK_OFFICE),
        ("budi@dinsos.example", "Budi Hartono", Role.ADMIN),
    ):
        user = StaffUser(email=email, full_name=name, role=role, password_hash="not-a-real-hash")
        session.add(user)
        await session.flush()
        staff[email.split("@")[0]] = Actor(ActorRole(role.value), staff_id=user.id)
    first = await make_complaint(session, vault, now=wib(10, 1, 9))
    second = await make_complaint(session, vault, now=wib(10, 2, 9))

    await reveal_identity(session, vault, first, staff["siti"], ip_address="10.0.0.5")
    await _latest_at(session, wib(11, 2, 10))
    await reveal_identity(session, vault, second, staff["rina"], ip_address="10.0.0.6")
    await _latest_at(session, wib(11, 5, 9, 30))
    await export_queue(session, vault, staff["budi"], QueueFilters(), file_format=ExportFormat.CSV,
                       full_identity=True, ip_address="10.0.0.7")  # fmt: skip
    await _latest_at(session, wib(11, 10, 14))
    # Masked exports show no whole number: not in the report.
    await export_queue(session, vault, staff["siti"], QueueFilters(), file_format=ExportFormat.CSV)
    await _latest_at(session, wib(11, 11, 8))
    await export_proposals(session, vault, staff["budi"], file_format="csv", full=False)
    await _latest_at(session, wib(11, 12, 8))
    await export_proposals(session, vault, staff["siti"], file_format="csv", full=True)
    await _latest_at(session, wib(11, 13, 8), ip_address="10.0.0.5")
    # Just outside the period on either side, and on its last minute.
    await reveal_identity(session, vault, first, staff["siti"])
    await _latest_at(session, wib(10, 31, 23, 30))
    await reveal_identity(session, vault, second, staff["siti"])
    await _latest_at(session, wib(11, 30, 23, 59))
    await reveal_identity(session, vault, second, staff["siti"])
    await _latest_at(session, wib(12, 1, 0, 10))
    return Drill([first.ticket, second.ticket], [first.citizen_id, second.citizen_id])


def read_csv(text: str) -> list[dict[str, str]]:
    """The report's rows by column name, after checking the header."""
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == ACCESS_REPORT_HEADER
    return [dict(zip(ACCESS_REPORT_HEADER, row, strict=True)) for row in rows[1:]]


def column(rows: list[dict[str, str]], prefix: str) -> list[str]:
    """The values of the column whose name starts with `prefix`."""
    [name] = [name for name in ACCESS_REPORT_HEADER if name.startswith(prefix)]
    return [row[name] for row in rows]


class TestAuditReport:
    """`slrt audit`: who saw whole NIK/KK in a period, one row per person per audit record."""

    def test_the_period_in_a_file_for_excel(
        self, cli: CliRunner, database_url: str, tmp_path: Path
    ) -> None:
        drill: Drill = asyncio.run(_on_database(database_url, _drill))
        output = tmp_path / "akses.csv"
        result = invoke(
            cli, database_url, "audit", "--since", "2026-11-01", "--until", "2026-11-30",
            "--output", str(output),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"7 baris / rows (2026-11-01 – 2026-11-30): {output}" in result.stdout
        data = output.read_bytes()
        assert data.startswith(codecs.BOM_UTF8)
        rows = read_csv(data.decode("utf-8-sig"))
        first, second = drill.tickets
        one, two = map(str, drill.citizens)
        assert column(rows, "tindakan") == [
            "citizen.identity_viewed", "citizen.identity_viewed",
            "citizen.identity_exported", "citizen.identity_exported",
            "inclusion_proposal.export", "inclusion_proposal.export", "citizen.identity_viewed",
        ]  # fmt: skip
        assert column(rows, "email") == [
            SITI, "rina@dinsos.example", "budi@dinsos.example", "budi@dinsos.example",
            SITI, SITI, SITI,
        ]  # fmt: skip
        assert column(rows, "id warga") == [one, two, one, two, one, two, two]
        assert column(rows, "tiket") == [first, second, first, second, first, second, second]
        assert column(rows, "data") == ["NIK", "NIK", "NIK", "NIK", "NIK, KK", "NIK, KK", "NIK"]
        assert rows[0] == {
            **rows[0],
            "waktu (WIB) / time (WIB)": "2026-11-02 10:00:00",
            "waktu (UTC) / time (UTC)": "2026-11-02 03:00:00",
            "nama staf / staff name": "Siti Rahmawati",
            "peran / role": "supervisor",
            "alamat IP / IP address": "10.0.0.5",
        }
        assert column(rows, "waktu (WIB)")[-1] == "2026-11-30 23:59:00"
        assert column(rows, "alamat IP")[2] == "10.0.0.7"

    def test_one_staff_account_on_standard_output(self, cli: CliRunner, database_url: str) -> None:
        asyncio.run(_on_database(database_url, _drill))
        result = invoke(
            cli, database_url, "audit", "--since", "2026-11-01", "--until", "2026-11-30",
            "--staff", " SITI@dinsos.example ",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert not result.stdout.startswith("\ufeff")
        rows = read_csv(result.stdout)
        assert set(column(rows, "email")) == {SITI}
        assert column(rows, "tindakan") == [
            "citizen.identity_viewed", "inclusion_proposal.export", "inclusion_proposal.export",
            "citizen.identity_viewed",
        ]  # fmt: skip

    def test_until_defaults_to_today(self, cli: CliRunner, database_url: str) -> None:
        asyncio.run(_on_database(database_url, _drill))
        result = invoke(cli, database_url, "audit", "--since", "2026-11-30")
        assert result.exit_code == 0, result.output
        # The view on the last minute of November and the one just after midnight.
        assert len(read_csv(result.stdout)) == 2

    def test_an_unknown_staff_account_is_an_error(self, cli: CliRunner, database_url: str) -> None:
        result = invoke(cli, database_url, "audit", "--since", "2026-11-01", "--staff", "x@y.z")
        assert result.exit_code == 1
        assert "no staff account with the email x@y.z" in result.stderr

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--since", "1 November"], "invalid date for --since"),
            (["--since", "2026-11-01", "--until", "2026-13-01"], "invalid date for --until"),
            (["--since", "2026-11-02", "--until", "2026-11-01"], "--until sebelum / is before"),
        ],
        ids=["since", "until", "reversed"],
    )
    def test_bad_dates_exit_2(
        self, cli: CliRunner, tmp_path: Path, args: list[str], message: str
    ) -> None:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'untouched.db'}"
        result = invoke(cli, database_url, "audit", *args)
        assert result.exit_code == 2
        assert message in result.stderr
