"""What an import keeps, rejects and refuses: one transaction, row reasons, idempotent re-imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import SYSTEM
from backend.audit.models import AuditRecord
from backend.errors import InvalidInput
from backend.registry.bulk import IMPORT_CACHE_KIB, bulk_write_cache
from backend.registry.importer import BATCH_SIZE, import_registry
from backend.registry.models import RegistryImport, RegistryImportProblem, RegistryRecord
from backend.registry.reader import UnreadableFile
from backend.registry.report import REJECTED, WARNING, write_report
from backend.security.crypto import Vault
from tests.backend.registry.conftest import ImportFile
from tests.backend.registry.files import (
    HEADERS,
    made_up_people,
    records,
    table_snapshot,
    write_csv,
    write_xlsx,
)


async def _count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


class TestAMalformedFile:
    """Bad rows are rejected one by one with their reason; the good rows are imported."""

    async def test_each_bad_row_is_reported_with_its_line_and_reason(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        good = made_up_people(8)
        rows: list[list[str]] = [
            good[0].cells(),
            good[1].but(nik="32710415019").cells(),  # line 3: too short
            good[2].but(nik="3271040113900001").cells(),  # line 4: 13th month
            good[3].but(name="  ").cells(),  # line 5: no name
            good[4].but(decile="11").cells(),  # line 6: no such decile
            good[5].but(pkh="mungkin").cells(),  # line 7: unknown flag
            good[0].but(name="Orang Lain").cells(),  # line 8: NIK of line 2 again
            good[6].but(kk="1234").cells(),  # line 9: imported without its KK
            good[7].cells()[:3],  # line 10: a short row, still a person
            ["", "", "", "", "", "", "", "", "", "", ""],  # blank lines are skipped
        ]
        report = await import_file(write_csv(tmp_path / "dtsen.csv", rows))
        assert (report.rows_read, report.inserted, report.rejected) == (9, 3, 6)
        reasons = {problem.line: problem.reason for problem in report.problems if problem.rejected}
        assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
        assert "16 digit" in reasons[3]
        assert "tanggal lahir" in reasons[4]
        assert "NAMA kosong" in reasons[5]
        assert "DESIL" in reasons[6]
        assert "mungkin" in reasons[7]
        assert "baris 2" in reasons[8]
        [warning] = [problem for problem in report.problems if not problem.rejected]
        assert warning.line == 9 and "tanpa KK" in warning.reason
        # The report names rows by masked NIK only.
        masked = {problem.line: problem.masked_nik for problem in report.problems}
        assert masked[4] == "3271********0001" and masked[3] == "3271***5019"
        async with sessions() as session:
            assert len(await records(session)) == 3
            stored = list(await session.scalars(select(RegistryImportProblem)))
        assert {(p.line, p.rejected) for p in stored} == {
            (3, True),
            (4, True),
            (5, True),
            (6, True),
            (7, True),
            (8, True),
            (9, False),
        }

    async def test_the_report_file_lists_the_problems_in_file_order(
        self, tmp_path: Path, import_file: ImportFile
    ) -> None:
        people = made_up_people(3)
        rows = [people[0].but(nik="bukan-nik").cells(), people[1].cells(),
                people[2].but(kk="0").cells()]  # fmt: skip
        report = await import_file(write_csv(tmp_path / "dtsen.csv", rows))
        target = tmp_path / "laporan.csv"
        write_report(report, target)
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
        with target.open(encoding="utf-8-sig", newline="") as file:
            lines = list(csv.reader(file))
        assert lines[0][0].startswith("baris")
        assert [(line[0], line[2]) for line in lines[1:]] == [("2", REJECTED), ("4", WARNING)]
        assert "NIK bukan angka" in lines[1][3]

    @pytest.mark.parametrize(
        ("content", "why"),
        [
            (b"NAMA;ALAMAT\nSiti;Jl. Mawar\n", "NIK"),
            (b"", "NIK"),
            (b"\x00\x01\x02 not a table at all", "NIK"),
            (b"PK\x03\x04 a broken spreadsheet", "XLSX"),
        ],
        ids=["no NIK column", "empty", "binary", "damaged XLSX"],
    )
    async def test_a_file_without_the_required_columns_is_refused_whole(
        self, content: bytes, why: str, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        path = tmp_path / "export.csv"
        path.write_bytes(content)
        with pytest.raises(UnreadableFile) as refused:
            await import_file(path)
        assert why in refused.value.message
        assert await _count(sessions, RegistryImport) == 0

    async def test_two_columns_for_one_field_are_refused_as_ambiguous(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        header = ("NIK", "NAMA", "KELURAHAN", "DESA")
        path = write_csv(
            tmp_path / "dtsen.csv", [["3271054101850001", "Siti", "A", "B"]], header=header
        )
        with pytest.raises(InvalidInput, match="KELURAHAN dan DESA"):
            await import_file(path)
        assert await _count(sessions, RegistryImport) == 0


class TestOneTransaction:
    """An import that fails part-way leaves the extract exactly as it was."""

    async def test_a_failure_after_batches_were_written_changes_nothing(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        people = made_up_people(BATCH_SIZE * 2 + 10)
        await import_file(write_csv(tmp_path / "first.csv", people[:50]))
        async with sessions() as session:
            before = await table_snapshot(session)
        audits_before = await _count(sessions, AuditRecord)
        # The second file changes the first fifty people and adds thousands more.
        changed = [person.but(decile="10" if person.decile != "10" else "1") for person in people]
        calls: list[int] = []

        def interrupted(done: int, total: int | None) -> None:
            calls.append(done)
            raise KeyboardInterrupt  # the operator pressed Ctrl-C under the progress bar

        with pytest.raises(KeyboardInterrupt):
            await import_file(write_csv(tmp_path / "second.csv", changed), progress=interrupted)
        # The first batch had been written when the import was stopped.
        assert calls == [BATCH_SIZE]
        async with sessions() as session:
            assert await table_snapshot(session) == before
        assert await _count(sessions, RegistryImport) == 1
        assert await _count(sessions, RegistryImportProblem) == 0
        assert await _count(sessions, AuditRecord) == audits_before


class TestSqlitePageCache:
    """On SQLite the import widens the connection's page cache while it writes, then narrows it."""

    # A SQLite connection setting: there is nothing to look at on PostgreSQL.
    @pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
    async def test_the_usual_cache_comes_back(
        self, tmp_path: Path, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with sessions() as session:
            connection = await session.connection()
            usual = (await connection.exec_driver_sql("PRAGMA cache_size")).scalar()
            seen: list[object] = []

            async def cache_now() -> None:
                seen.append((await connection.exec_driver_sql("PRAGMA cache_size")).scalar())

            path = write_csv(tmp_path / "dtsen.csv", made_up_people(3))
            async with bulk_write_cache(session):
                await cache_now()
            await import_registry(session, vault, path, actor=SYSTEM)
            await cache_now()
            await session.rollback()
        assert seen == [-IMPORT_CACHE_KIB, usual]


class TestReimport:
    """Importing the same people again changes nothing; changed people are updated in place."""

    async def test_the_same_file_again_changes_no_row(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        path = write_csv(tmp_path / "dtsen.csv", made_up_people(30), delimiter=";", bom=True)
        first = await import_file(path)
        async with sessions() as session:
            before = await table_snapshot(session)
        again = await import_file(path)
        assert (first.inserted, again.inserted, again.updated, again.unchanged) == (30, 0, 0, 30)
        async with sessions() as session:
            assert await table_snapshot(session) == before

    async def test_the_same_people_in_another_shape_change_nothing(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        people = made_up_people(12)
        await import_file(write_csv(tmp_path / "dtsen.csv", people))
        async with sessions() as session:
            before = await table_snapshot(session)
        xlsx = write_xlsx(
            tmp_path / "dtsen.xlsx", people, header=HEADERS["english"], nik_as="int",
            numbers_as_numbers=True,
        )  # fmt: skip
        report = await import_file(xlsx)
        assert (report.inserted, report.updated, report.unchanged) == (0, 0, 12)
        async with sessions() as session:
            assert await table_snapshot(session) == before

    async def test_changed_people_are_updated_and_new_ones_added(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:  # fmt: skip
        people = made_up_people(6)
        first = await import_file(write_csv(tmp_path / "1.csv", people))
        async with sessions() as session:
            ids = {vault.decrypt(r.nik_ciphertext): r.id for r in await records(session)}
        newcomer = made_up_people(1)[0]
        moved = people[0].but(kelurahan="Empang", kecamatan="Bogor Selatan", pkh="1", decile="1")
        second_file = [moved, *people[1:], newcomer]
        second = await import_file(write_csv(tmp_path / "2.csv", second_file))
        assert (second.inserted, second.updated, second.unchanged) == (1, 1, 5)
        async with sessions() as session:
            stored = {vault.decrypt(r.nik_ciphertext): r for r in await records(session)}
        record = stored[moved.nik]
        assert record.id == ids[moved.nik]  # updated in place
        assert (record.kelurahan_code, record.decile, record.programs["pkh"]) == (
            "32.71.01.1003",
            1,
            True,
        )
        assert record.import_id == second.import_id and record.updated_at is not None
        untouched = stored[people[1].nik]
        assert untouched.import_id == first.import_id and untouched.updated_at is None
        # People missing from a later file stay: an export of part of the city removes no one.
        assert len(stored) == 7


class TestIdentityNumbersInText:
    """A NIK or KK left in a name or address cell is stored masked (COPY passes no column type)."""

    async def test_masked_in_name_and_address(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = made_up_people(1)[0]
        typed = person.but(
            name="Siti 3271 0465 0190 0002", address="Jl. Mawar, KK 3271-0112-3456-0006"
        )
        await import_file(write_csv(tmp_path / "dtsen.csv", [typed.cells()]))
        async with sessions() as session:
            [(name, address)] = (
                await session.execute(select(RegistryRecord.full_name, RegistryRecord.address))
            ).all()
        assert (name, address) == ("Siti 3271********0002", "Jl. Mawar, KK 3271********0006")
