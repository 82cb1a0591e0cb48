"""`slrt import-registry FILE`: one transaction, a report file, a progress bar on a terminal."""

from __future__ import annotations

import asyncio
import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from backend.cli import app
from backend.config import get_settings
from backend.db import create_engine, create_session_factory
from backend.registry.models import RegistryImport, RegistryRecord
from backend.registry.report import REJECTED
from tests.backend.registry.files import made_up_people, write_csv, write_xlsx


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Every invocation reads its settings anew (get_settings is cached per process)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def slrt(database_url: str, *args: str, **env: str) -> Result:
    """Runs `slrt ARGS` against the test's database, as a shell would."""
    environment = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
        **env,
    }
    # get_settings is cached per process: an earlier test's settings would name its database.
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, list(args), env=environment)
    finally:
        get_settings.cache_clear()


def counts(database_url: str) -> tuple[int, int]:
    """(registry records, import runs) in the database now."""

    async def read() -> tuple[int, int]:
        engine = create_engine(database_url)
        try:
            async with create_session_factory(engine)() as session:
                records = await session.scalar(select(func.count()).select_from(RegistryRecord))
                runs = await session.scalar(select(func.count()).select_from(RegistryImport))
                return int(records or 0), int(runs or 0)
        finally:
            await engine.dispose()

    return asyncio.run(read())


class TestImportRegistryCommand:
    """The command imports, prints the counts and writes the rejected rows to a file."""

    def test_imports_and_writes_the_report_beside_the_file(
        self, database_url: str, tmp_path: Path
    ) -> None:
        people = made_up_people(4)
        rows = [*(p.cells() for p in people), people[0].but(nik="123").cells()]
        export = write_csv(tmp_path / "dtsen-kota-bogor.csv", rows, delimiter=";", bom=True)
        result = slrt(database_url, "import-registry", str(export))
        assert result.exit_code == 0, result.output
        assert "Baru / imported: 4" in result.output
        assert "Ditolak / rejected: 1" in result.output
        report = tmp_path / "dtsen-kota-bogor-laporan-impor.csv"
        assert f"Laporan / report: {report}" in result.output
        with report.open(encoding="utf-8-sig", newline="") as file:
            [_, line] = list(csv.reader(file))
        assert line[0] == "6" and line[2] == REJECTED and "16 digit" in line[3]
        assert counts(database_url) == (4, 1)

        again = slrt(database_url, "import-registry", str(export))
        assert again.exit_code == 0
        assert (
            "Tidak berubah / unchanged: 4" in again.output and "Baru / imported: 0" in again.output
        )
        assert counts(database_url) == (4, 2)

    def test_report_path_and_source_can_be_chosen(self, database_url: str, tmp_path: Path) -> None:
        export = write_xlsx(tmp_path / "dtks.xlsx", made_up_people(2), nik_as="float")
        report = tmp_path / "laporan" / "hasil.csv"
        report.parent.mkdir()
        result = slrt(
            database_url,
            "import-registry",
            str(export),
            "--report",
            str(report),
            "--source",
            "dtks",
        )
        assert result.exit_code == 0, result.output
        assert "(DTKS)" in result.output and report.exists()

    def test_a_report_that_cannot_be_written_is_said_and_the_import_kept(
        self, database_url: str, tmp_path: Path
    ) -> None:
        export = write_csv(tmp_path / "dtsen.csv", made_up_people(3))
        nowhere = tmp_path / "no-such-folder" / "laporan.csv"
        result = slrt(database_url, "import-registry", str(export), "--report", str(nowhere))
        assert result.exit_code == 1
        assert "Baru / imported: 3" in result.output
        assert "the report could not be written" in result.output and "import #1" in result.output
        assert counts(database_url) == (3, 1)

    def test_an_unreadable_file_changes_nothing_and_fails(
        self, database_url: str, tmp_path: Path
    ) -> None:
        export = tmp_path / "bukan-dtsen.csv"
        export.write_text("NAMA,ALAMAT\nSiti,Jl. Mawar\n", encoding="utf-8")
        result = slrt(database_url, "import-registry", str(export))
        assert result.exit_code == 1
        assert "tidak ada yang berubah / import cancelled, nothing changed" in result.output
        assert not (tmp_path / "bukan-dtsen-laporan-impor.csv").exists()
        assert counts(database_url) == (0, 0)

    def test_an_unknown_source_is_refused(self, database_url: str, tmp_path: Path) -> None:
        export = write_csv(tmp_path / "dtsen.csv", made_up_people(1))
        result = slrt(database_url, "import-registry", str(export), "--source", "SIKS")
        assert result.exit_code == 2
        assert counts(database_url) == (0, 0)

    def test_a_terminal_sees_a_progress_bar(self, database_url: str, tmp_path: Path) -> None:
        export = write_csv(tmp_path / "dtsen.csv", made_up_people(7))
        result = slrt(database_url, "import-registry", str(export), TTY_COMPATIBLE="1")
        assert result.exit_code == 0, result.output
        assert "Mengimpor / importing" in result.stderr
        assert "7/7" in result.stderr

    def test_no_progress_bar_when_output_is_not_a_terminal(
        self, database_url: str, tmp_path: Path
    ) -> None:
        export = write_csv(tmp_path / "dtsen.csv", made_up_people(2))
        result = slrt(database_url, "import-registry", str(export), TTY_COMPATIBLE="0")
        assert result.exit_code == 0
        assert "Mengimpor" not in result.stderr
