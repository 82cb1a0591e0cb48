"""Rows per second of the registry import (`slrt import-registry`), on SQLite and PostgreSQL.

Writes a made-up DTSEN export of N rows (everyone in it is invented), then
imports it into a fresh migrated database three times: first into an empty
extract (every row inserted), then the same file again (every row unchanged),
then a copy in which one row in ten changed (updated), and with --xlsx that copy
again as an XLSX (nothing changes: it measures reading a spreadsheet). Each
import is one transaction, committed, exactly as the command runs it.

    .venv/bin/python bench/registry_import.py [--rows 300000] [--database-url URL] [--xlsx]
        [--workers N]

PostgreSQL: a scratch database is created (and dropped) on the server of
--database-url, else of DATABASE_URL, else of TEST_POSTGRES_URL (default
postgresql+asyncpg://postgres@127.0.0.1:5432/test); the named database itself
is never touched. Its rows are left out with a note when it does not answer.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import os
import random
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")

import asyncpg
from sqlalchemy.engine import make_url

from backend import models  # noqa: F401  (every table, so foreign keys resolve)
from backend.actors import SYSTEM
from backend.config import PROJECT_ROOT
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.migrate import upgrade
from backend.reference.seed import seed_reference_data
from backend.registry.importer import ImportReport, import_registry
from backend.security.crypto import Vault

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FIRST_NAMES = (
    "SITI",
    "NUR",
    "DEDE",
    "ASEP",
    "UJANG",
    "ENENG",
    "RINA",
    "AGUS",
    "YANTI",
    "DENI",
    "EUIS",
    "IWAN",
    "NENG",
    "ROHMAT",
    "TATI",
    "WAWAN",
    "LILIS",
    "JAJANG",
    "IDA",
    "ENDANG",
)
LAST_NAMES = (
    "AMINAH",
    "HIDAYAT",
    "SAEPUDIN",
    "NURHAYATI",
    "KURNIAWAN",
    "SURYANA",
    "RAHMAWATI",
    "SETIAWAN",
    "MULYANI",
    "HERMAWAN",
    "KOMALASARI",
    "SUPRIATNA",
    "FAUZIAH",
    "GUNAWAN",
)
HEADER = ("NIK", "NO_KK", "NAMA", "KECAMATAN", "KELURAHAN", "ALAMAT", "DESIL",
          "PKH", "BPNT", "PBI", "PIP")  # fmt: skip


def _regions() -> list[tuple[str, str]]:
    path = PROJECT_ROOT / "backend" / "reference" / "data" / "kota-bogor-regions.csv"
    with path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    kecamatan = {row["code"]: row["name"] for row in rows if row["level"] == "kecamatan"}
    return [
        (kecamatan[row["parent_code"]], row["name"]) for row in rows if row["level"] == "kelurahan"
    ]


def made_up_rows(count: int, seed: int = 8) -> list[list[str]]:
    """Rows of invented people with valid, unique Kota Bogor NIKs and KKs."""
    rng = random.Random(seed)
    regions = _regions()
    rows = []
    for index in range(count):
        # Unique by construction: the index picks district, birth date and serial.
        district = 1 + index % 6
        day, month, year = 1 + (index // 6) % 28, 1 + (index // 168) % 12, 40 + (index // 2016) % 60
        day += 40 if rng.random() < 0.5 else 0
        serial = 1 + (index // 120960) % 9999
        nik = f"3271{district:02d}{day:02d}{month:02d}{year:02d}{serial:04d}"
        kk = f"3271{district:02d}{1 + index % 28:02d}{1 + index % 12:02d}{10 + index % 14:02d}{1 + index % 9999:04d}"
        kecamatan, kelurahan = rng.choice(regions)
        rows.append([
            nik, kk, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", kecamatan.upper(),
            kelurahan.upper(), f"JL. MAWAR NO. {rng.randint(1, 200)} RT {rng.randint(1, 15):02d}/RW "
            f"{rng.randint(1, 12):02d}", str(rng.randint(1, 10)),
            *(str(int(rng.random() < share)) for share in (0.3, 0.4, 0.6, 0.2)),
        ])  # fmt: skip
    return rows


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    """Writes the rows as a one-sheet XLSX, NIK and KK as numbers as Excel keeps them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("DTSEN")
    sheet.append(HEADER)
    for row in rows:
        sheet.append([int(row[0]), int(row[1]), *row[2:6], int(row[6]), *map(int, row[7:])])
    workbook.save(path)


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """Writes the rows as a `;`-separated export with a BOM, as Excel does."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)


@dataclass
class Figure:
    """One measured import."""

    backend: str
    phase: str
    report: ImportReport
    seconds: float

    def line(self) -> str:
        """A row of the printed table."""
        report = self.report
        rate = report.rows_read / self.seconds
        return (
            f"{self.backend:<11} {self.phase:<24} {report.rows_read:>8} {self.seconds:>8.1f} s "
            f"{rate:>9,.0f} rows/s   (+{report.inserted} ~{report.updated} ={report.unchanged} "
            f"!{report.rejected})"
        )


async def fresh_database(server_url: str | None, folder: Path) -> str:
    """A migrated, seeded database of its own (SQLite file, or a scratch PostgreSQL database)."""
    if server_url is None:
        url = f"sqlite+aiosqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    else:
        name = f"slrt_bench_registry_{uuid.uuid4().hex[:8]}"
        await _admin(server_url, f'CREATE DATABASE "{name}"')
        url = make_url(server_url).set(database=name).render_as_string(False)
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    async with unit_of_work(create_session_factory(engine)) as session:
        await seed_reference_data(session)
    await engine.dispose()
    return url


async def _admin(server_url: str, sql: str) -> None:
    dsn = make_url(server_url).set(drivername="postgresql").render_as_string(False)
    connection = await asyncio.wait_for(asyncpg.connect(dsn), 5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def timed_import(
    url: str, vault: Vault, path: Path, workers: int = 0
) -> tuple[ImportReport, float]:
    """Imports the file in one committed transaction; returns the report and the seconds."""
    engine = create_engine(url)
    try:
        started = time.perf_counter()
        async with unit_of_work(create_session_factory(engine)) as session:
            report = await import_registry(session, vault, path, actor=SYSTEM, workers=workers)
        return report, time.perf_counter() - started
    finally:
        await engine.dispose()


async def measure(
    backend: str, server_url: str | None, folder: Path, files: dict[str, Path], workers: int = 0
) -> list[Figure]:
    """The three imports on one backend."""
    vault = Vault(os.environ["DATA_KEY"])
    url = await fresh_database(server_url, folder)
    try:
        figures = []
        for phase, path in files.items():
            report, seconds = await timed_import(url, vault, path, workers)
            figures.append(Figure(backend, phase, report, seconds))
            print(figures[-1].line(), flush=True)
        return figures
    finally:
        if server_url is not None:
            await _admin(
                server_url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'
            )


def postgres_server(explicit: str | None) -> str:
    """The PostgreSQL server to create the scratch database on."""
    for candidate in (
        explicit,
        os.environ.get("DATABASE_URL"),
        os.environ.get("TEST_POSTGRES_URL"),
    ):
        if candidate and candidate.startswith("postgresql+asyncpg://"):
            return candidate
    return DEFAULT_POSTGRES


async def main(count: int, database_url: str | None, xlsx: bool, workers: int = 0) -> None:
    with tempfile.TemporaryDirectory(prefix="slrt-bench-registry-") as directory:
        folder = Path(directory)
        started = time.perf_counter()
        rows = made_up_rows(count)
        files = {"first import (insert)": folder / "dtsen.csv"}
        write_csv(files["first import (insert)"], rows)
        files["same file (unchanged)"] = files["first import (insert)"]
        for row in rows[::10]:
            row[6] = str(1 + int(row[6]) % 10)  # a new decile for one row in ten
        files["1 in 10 changed"] = folder / "dtsen-changed.csv"
        write_csv(files["1 in 10 changed"], rows)
        if xlsx:
            files["same as XLSX (unchanged)"] = folder / "dtsen-changed.xlsx"
            write_xlsx(files["same as XLSX (unchanged)"], rows)
        # The rows live only in the files now, as for the command: a list of 300,000 lists
        # left in this process would be walked by every full garbage collection of the
        # imports and charged to them.
        del rows
        gc.collect()
        size = files["first import (insert)"].stat().st_size / 1e6
        print(
            f"{count} made-up rows written ({size:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        print(f"{'backend':<11} {'import':<24} {'rows':>8} {'time':>10} {'rate':>15}")
        await measure("sqlite", None, folder, files, workers)
        server = postgres_server(database_url)
        try:
            await _admin(server, "SELECT 1")
        except Exception as error:  # noqa: BLE001  (any failure: say so and skip)
            print(f"postgresql  left out: {make_url(server)!r} did not answer ({error})")
            return
        await measure("postgresql", server, folder, files, workers)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--database-url", help="a postgresql+asyncpg:// URL of the server to use")
    parser.add_argument(
        "--xlsx", action="store_true",
        help="also import the changed rows again from an XLSX (NIK as numbers): reading XLSX",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=0,
        help="worker processes that prepare rows (slrt import-registry --workers)",
    )  # fmt: skip
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rows, arguments.database_url, arguments.xlsx, arguments.workers))
