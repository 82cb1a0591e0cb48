"""Imports a DTKS/DTSEN export into the local registry extract.

The import runs inside the caller's transaction: when anything fails, the
caller rolls back and the extract is as it was. Rows are read, checked and
written in batches (one look-up query and one executemany per batch, no ORM
object per row), so a city's few hundred thousand rows take seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.clock import local_date, utcnow
from backend.registry import bulk, parallel, repository
from backend.registry.garbage import fewer_collections
from backend.registry.models import RegistryImport
from backend.registry.prepare import PREPARED_COLUMNS, PreparedRow, PrepareSettings, RowPreparer
from backend.registry.reader import RegistrySheet, open_registry_file
from backend.registry.rows import RowProblem
from backend.security.crypto import Vault

BATCH_SIZE = 2000
SOURCES = ("DTSEN", "DTKS")

# Called with (rows done, rows expected or None) after each batch.
ProgressCallback = Callable[[int, int | None], None]


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts per outcome and the problem of each row."""

    import_id: int
    file_name: str
    source: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()

    @property
    def warnings(self) -> int:
        """Rows imported with a warning (e.g. stored without an invalid KK)."""
        return sum(1 for problem in self.problems if not problem.rejected)


async def import_registry(
    session: AsyncSession,
    vault: Vault,
    path: Path,
    *,
    actor: Actor,
    source: str = "DTSEN",
    progress: ProgressCallback | None = None,
    now: datetime | None = None,
    workers: int = 0,
) -> ImportReport:
    """Imports a CSV or XLSX export: new people are inserted, changed ones updated, the rest left.

    `workers` processes check, hash and encrypt the rows (0, the default: this process does).
    """
    now = now or utcnow()
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    with open_registry_file(path) as sheet:
        run = RegistryImport(
            file_name=path.name[:255], file_sha256=_sha256(path), source=source,
            imported_by_staff_id=actor.staff_id, started_at=now,
        )  # fmt: skip
        session.add(run)
        await session.flush()
        report = ImportReport(run.id, path.name, source, ignored_columns=sheet.columns.ignored)
        preparer = RowPreparer(PrepareSettings(
            sheet.columns, await repository.region_index(session), local_date(now), vault, source
        ))  # fmt: skip
        writer = _BatchWriter(session, report, preparer, now)
        with fewer_collections():
            async with bulk.bulk_write_cache(session):
                await _read_rows(sheet, preparer, writer, report, progress, workers)
        if progress:
            progress(sheet.total or report.rows_read, sheet.total or report.rows_read)
    await _store_problems(session, report)
    _close_run(session, run, report, actor, now)
    return report


async def _read_rows(
    sheet: RegistrySheet, preparer: RowPreparer, writer: _BatchWriter,
    report: ImportReport, progress: ProgressCallback | None, workers: int,
) -> None:  # fmt: skip
    """Checks every row and hands the good ones to the writer, a batch at a time."""
    first_line_of: dict[str, int] = {}  # NIK hash -> the line it was first seen on
    async for chunk, items in parallel.prepared_chunks(sheet.rows, preparer, workers):
        report.rows_read += len(chunk)
        for item in items:
            if isinstance(item, RowProblem):
                report.rejected += 1
                report.problems.append(item)
                continue
            first = first_line_of.setdefault(item.nik_lookup, item.line)
            if first != item.line:
                report.rejected += 1
                report.problems.append(RowProblem(
                    item.line, item.masked_nik,
                    f"NIK sama dengan baris {first} / same NIK as line {first}",
                ))  # fmt: skip
                continue
            report.problems.extend(item.warnings)
            writer.add(item)
        if writer.full:
            await writer.flush()
        if progress:
            progress(chunk[-1][0] - sheet.header_line, sheet.total)
    await writer.flush()


async def _store_problems(session: AsyncSession, report: ImportReport) -> None:
    # Kept with the run, so the panel can show and download the report later.
    rows = [
        {
            "import_id": report.import_id, "line": problem.line, "masked_nik": problem.masked_nik[:40],
            "rejected": problem.rejected, "reason": problem.reason,
        }
        for problem in sorted(report.problems, key=lambda item: item.line)
    ]  # fmt: skip
    for start in range(0, len(rows), BATCH_SIZE):
        await repository.insert_problems(session, rows[start : start + BATCH_SIZE])


def _close_run(
    session: AsyncSession, run: RegistryImport, report: ImportReport, actor: Actor, now: datetime
) -> None:
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    run.unchanged, run.rejected, run.finished_at = report.unchanged, report.rejected, utcnow()
    run.ignored_columns = list(report.ignored_columns)
    record_audit(
        session, actor, "registry.import", "registry_import", run.id,
        {
            "file": run.file_name, "sha256": run.file_sha256, "source": run.source,
            "rows_read": report.rows_read, "inserted": report.inserted, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected,
        },
    )  # fmt: skip


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _BatchWriter:
    """Collects prepared rows and writes them a batch at a time."""

    def __init__(
        self, session: AsyncSession, report: ImportReport, preparer: RowPreparer, now: datetime
    ) -> None:
        self._session, self._report, self._preparer = session, report, preparer
        self._source, self._now = preparer.settings.source, now
        self._pending: list[PreparedRow] = []

    @property
    def full(self) -> bool:
        """Whether a batch is ready to be written."""
        return len(self._pending) >= BATCH_SIZE

    def add(self, row: PreparedRow) -> None:
        """Queues a prepared row for the next batch."""
        self._pending.append(row)

    async def flush(self) -> None:
        """Looks the batch up in one query, then inserts and updates it in two."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        existing = await bulk.existing_by_lookup(self._session, [row.nik_lookup for row in batch])
        to_write: list[tuple[PreparedRow, tuple[int, str | None] | None]] = []
        for row in batch:
            found = existing.get(row.nik_lookup)
            if found is not None and found[1] == row.content_hash:
                self._report.unchanged += 1
            else:
                to_write.append((row, found))
        # Rows prepared here wait for their ciphertexts until now: unchanged ones never need them.
        waiting = [row.record for row, _ in to_write if row.values is None and row.record]
        computed = iter(self._preparer.stored_values(waiting))
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        run = {"source": self._source, "import_id": self._report.import_id}
        for row, found in to_write:
            values = row.values if row.values is not None else next(computed)
            fields = dict(zip(PREPARED_COLUMNS, values, strict=True))
            fields.update(run, content_hash=row.content_hash)
            if found is None:
                fields.update(nik_lookup=row.nik_lookup, imported_at=self._now, updated_at=None)
                inserts.append(fields)
            else:
                del fields["nik_ciphertext"]  # the NIK never changes: its first ciphertext stays
                fields.update(record_id=found[0], updated_at=self._now)
                updates.append(fields)
        await bulk.insert_records(self._session, inserts)
        await bulk.update_records(self._session, updates)
        self._report.inserted += len(inserts)
        self._report.updated += len(updates)
