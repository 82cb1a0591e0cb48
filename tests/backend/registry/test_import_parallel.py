"""Rows prepared in worker processes: the same records and the same report as in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.db import unit_of_work
from backend.registry import parallel
from backend.registry.importer import BATCH_SIZE, ImportReport
from backend.registry.models import RegistryImport, RegistryImportProblem, RegistryRecord
from backend.security.crypto import Vault
from tests.backend.registry.conftest import ImportFile
from tests.backend.registry.files import Person, made_up_people, table_snapshot, write_csv

# Columns that differ from one import to the next by design (fresh nonces, new run).
_PER_RUN = {"id", "nik_ciphertext", "kk_ciphertext", "import_id", "imported_at", "updated_at"}


async def _stored(
    sessions: async_sessionmaker[AsyncSession], vault: Vault
) -> list[dict[str, object]]:
    """Every record with its NIK and KK decrypted, without what each run makes anew."""
    async with sessions() as session:
        rows = (await session.execute(select(RegistryRecord.__table__))).mappings().all()
    stored = []
    for row in rows:
        values = {name: value for name, value in row.items() if name not in _PER_RUN}
        values["nik"] = vault.decrypt(row["nik_ciphertext"])
        values["kk"] = vault.decrypt(row["kk_ciphertext"]) if row["kk_ciphertext"] else None
        stored.append(values)
    return sorted(stored, key=lambda values: str(values["nik_lookup"]))


def _outcome(report: ImportReport) -> tuple[object, ...]:
    problems = [(p.line, p.masked_nik, p.reason, p.rejected) for p in report.problems]
    return (report.rows_read, report.inserted, report.updated, report.unchanged, report.rejected,
            problems)  # fmt: skip


def _export_with_bad_rows(path: Path, everyone: list[Person], decile_shift: int = 0) -> Path:
    """The people among rejected rows, repeated NIKs and rows kept without their KK."""
    people = [
        person.but(decile=str((int(person.decile) + decile_shift - 1) % 10 + 1))
        for person in everyone
    ]
    rows: list[list[str]] = []
    for index, person in enumerate(people):
        if index % 7 == 2:
            rows.append(person.but(kk="1234").cells())  # kept without its KK: a warning
        else:
            rows.append(person.cells())
        if index % 9 == 3:
            rows.append(person.but(nik="32710415019").cells())  # too short: rejected
        if index % 11 == 5:
            rows.append(people[index - 4].but(name="Orang Lain").cells())  # a NIK seen chunks ago
    rows.append(people[0].but(pkh="mungkin").cells())  # rejected before its NIK is compared
    return write_csv(path, rows, delimiter=";", bom=True)


class TestWorkerProcesses:
    """A large file is prepared in worker processes; nothing about the result may differ."""

    async def test_same_records_and_report_as_one_process(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        # Small chunks, so rows, their duplicates and their warnings fall in different chunks.
        monkeypatch.setattr(parallel, "CHUNK_ROWS", 6)
        path = _export_with_bad_rows(tmp_path / "dtsen.csv", made_up_people(40))
        here = await import_file(path, workers=0)
        stored_here = await _stored(sessions, vault)
        async with unit_of_work(sessions) as session:
            await session.execute(delete(RegistryRecord))
        in_workers = await import_file(path, workers=2)
        assert _outcome(in_workers) == _outcome(here)
        assert await _stored(sessions, vault) == stored_here
        assert here.rejected and here.warnings and here.inserted == 40

    async def test_a_reimport_in_workers_updates_only_the_changed_rows(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession],
        vault: Vault, monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.setattr(parallel, "CHUNK_ROWS", 6)
        people = made_up_people(40)
        first = _export_with_bad_rows(tmp_path / "first.csv", people)
        await import_file(first, workers=2)
        again = await import_file(first, workers=2)
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 40)
        changed = _export_with_bad_rows(tmp_path / "changed.csv", people, decile_shift=1)
        updated = await import_file(changed, workers=2)
        assert (updated.inserted, updated.updated, updated.unchanged) == (0, 40, 0)
        async with unit_of_work(sessions) as session:
            await session.execute(delete(RegistryRecord))
        serial = await import_file(changed, workers=0)
        stored_serial = await _stored(sessions, vault)
        async with unit_of_work(sessions) as session:
            await session.execute(delete(RegistryRecord))
        await import_file(changed, workers=2)
        assert await _stored(sessions, vault) == stored_serial and serial.inserted == 40

    async def test_an_import_stopped_midway_changes_nothing(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        people = made_up_people(BATCH_SIZE * 2 + 10)
        await import_file(write_csv(tmp_path / "first.csv", people[:50]))
        async with sessions() as session:
            before = await table_snapshot(session)
            audits_before = await session.scalar(select(func.count()).select_from(AuditRecord))
        changed = [person.but(decile="10" if person.decile != "10" else "1") for person in people]
        calls: list[int] = []

        def interrupted(done: int, total: int | None) -> None:
            calls.append(done)
            raise KeyboardInterrupt  # Ctrl-C under the progress bar, workers still busy

        with pytest.raises(KeyboardInterrupt):
            await import_file(
                write_csv(tmp_path / "second.csv", changed), progress=interrupted, workers=2
            )
        assert calls == [BATCH_SIZE]  # the first batch had been written
        async with sessions() as session:
            assert await table_snapshot(session) == before
            assert await session.scalar(select(func.count()).select_from(RegistryImport)) == 1
            problems = select(func.count()).select_from(RegistryImportProblem)
            assert await session.scalar(problems) == 0
            assert (
                await session.scalar(select(func.count()).select_from(AuditRecord)) == audits_before
            )
