"""Registry exports in every shape they arrive in are read into the same records."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.registry.models import RegistryImport
from backend.security.crypto import Vault
from tests.backend.registry.conftest import ImportFile
from tests.backend.registry.files import (
    HEADERS,
    Person,
    made_up_people,
    records,
    write_csv,
    write_xlsx,
)


async def _assert_stored(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, people: list[Person]
) -> None:
    """The extract holds exactly these people, NIK and KK encrypted and found by keyed hash."""
    async with sessions() as session:
        stored = {vault.decrypt(record.nik_ciphertext): record for record in await records(session)}
    assert sorted(stored) == sorted(person.nik for person in people)
    for person in people:
        record = stored[person.nik]
        assert record.nik_lookup == vault.lookup_hash(person.nik)
        assert person.nik.encode() not in record.nik_ciphertext
        assert record.kk_ciphertext is not None and vault.decrypt(record.kk_ciphertext) == person.kk
        assert record.kk_lookup == vault.lookup_hash(person.kk)
        assert record.full_name == person.name
        assert record.kelurahan_code == person.kelurahan_code
        assert record.decile == int(person.decile)
        assert record.programs == {
            "pkh": person.pkh == "1", "bpnt": person.bpnt == "1",
            "pbi_jk": person.pbi == "1", "pip": person.pip == "1",
        }  # fmt: skip


CSV_SHAPES = {
    "comma, DTSEN headers": {},
    "semicolon with BOM (Excel)": {"delimiter": ";", "bom": True},
    "every field quoted": {"quote_all": True},
    "DTKS headers in mixed case": {"header": HEADERS["dtks"]},
    "English headers": {"header": HEADERS["english"], "delimiter": ";"},
    "tab separated": {"delimiter": "\t"},
    "Windows-1252": {"encoding": "cp1252"},
    "title rows above the header": {"above_header": [["DATA DTSEN KOTA BOGOR"], []]},
}


class TestEveryShapeOfFile:
    """Headers in either language, any case, `,` `;` or tab, quoted or not, with or without BOM."""

    @pytest.mark.parametrize("shape", list(CSV_SHAPES))
    async def test_csv(
        self, shape: str, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # fmt: skip
        people = made_up_people(5)
        path = write_csv(tmp_path / "dtsen.csv", people, **CSV_SHAPES[shape])  # type: ignore[arg-type]
        report = await import_file(path)
        assert (report.rows_read, report.inserted, report.rejected) == (5, 5, 0), report.problems
        await _assert_stored(sessions, vault, people)

    async def test_quoted_fields_holding_separators_quotes_and_line_breaks(
        self, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # fmt: skip
        people = [
            made_up_people(1)[0].but(
                address='Jl. Mawar; Gg. "Buntu", RT 01/RW 02\nBelakang masjid'
            ),
            *made_up_people(1),
        ]
        path = write_csv(tmp_path / "dtsen.csv", people, delimiter=";")
        report = await import_file(path)
        assert (report.inserted, report.rejected) == (2, 0)
        async with sessions() as session:
            stored = {vault.decrypt(r.nik_ciphertext): r for r in await records(session)}
        # Line breaks inside a cell become spaces; the rest is kept as written.
        assert (
            stored[people[0].nik].address == 'Jl. Mawar; Gg. "Buntu", RT 01/RW 02 Belakang masjid'
        )

    @pytest.mark.parametrize("nik_as", ["text", "int", "float"])
    async def test_xlsx_with_nik_as_text_or_as_a_number(
        self, nik_as: str, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # fmt: skip
        people = made_up_people(4)
        path = write_xlsx(
            tmp_path / "dtsen.xlsx", people, nik_as=nik_as,  # type: ignore[arg-type]
            numbers_as_numbers=nik_as != "text", header=HEADERS["english"],
        )  # fmt: skip
        report = await import_file(path)
        assert (report.inserted, report.rejected) == (4, 0), report.problems
        await _assert_stored(sessions, vault, people)

    async def test_xlsx_with_a_title_above_the_header(
        self, tmp_path: Path, import_file: ImportFile,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # fmt: skip
        people = made_up_people(3)
        path = write_xlsx(
            tmp_path / "dtks.xlsx", people, header=HEADERS["dtks"],
            above_header=[["Data DTKS Kota Bogor, Desember"], []],
        )  # fmt: skip
        report = await import_file(path, source="DTKS")
        assert report.inserted == 3
        await _assert_stored(sessions, vault, people)
        async with sessions() as session:
            assert {record.source for record in await records(session)} == {"DTKS"}
            run = await session.get_one(RegistryImport, report.import_id)
        assert (run.file_name, run.source, run.inserted) == ("dtks.xlsx", "DTKS", 3)
        # Lines in the report count from the sheet's first row, title included.
        assert report.rows_read == 3

    async def test_xlsx_problems_name_the_spreadsheets_row_numbers(
        self, tmp_path: Path, import_file: ImportFile
    ) -> None:
        people = made_up_people(4)
        people[2] = people[2].but(nik="327105")
        path = write_xlsx(
            tmp_path / "dtsen.xlsx", people, above_header=[["Data DTSEN"], [], ["Per Desember"]]
        )
        report = await import_file(path)
        # Title rows 1-3, header row 4, people from row 5: the bad one is on row 7.
        assert [(problem.line, problem.rejected) for problem in report.problems] == [(7, True)]
        assert report.inserted == 3

    async def test_a_number_that_lost_its_last_digits_is_rejected_not_guessed(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = made_up_people(1)[0]
        # What Excel shows, and saves as CSV, for a 16-digit number in a General cell.
        mangled = person.but(nik="3,27105E+15")
        path = write_csv(tmp_path / "dtsen.csv", [mangled], delimiter=";")
        report = await import_file(path)
        assert (report.inserted, report.rejected) == (0, 1)
        [problem] = report.problems
        assert problem.line == 2 and "notasi ilmiah" in problem.reason
        async with sessions() as session:
            assert await records(session) == []

    async def test_a_nik_saved_as_a_number_ending_in_zero_is_imported_with_a_warning(
        self, tmp_path: Path, import_file: ImportFile
    ) -> None:
        person = made_up_people(1)[0]
        rounded = person.but(nik=person.nik[:15] + "0")
        path = write_xlsx(tmp_path / "dtsen.xlsx", [rounded], nik_as="int")
        report = await import_file(path)
        assert (report.inserted, report.rejected, report.warnings) == (1, 0, 1)
        assert "15 digit" in report.problems[0].reason and not report.problems[0].rejected

    async def test_times_and_flags_read_back_as_written(
        self, tmp_path: Path, import_file: ImportFile, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        now = datetime(2026, 11, 30, 3, 15, 42, 123456, tzinfo=UTC)
        person = made_up_people(1)[0].but(pkh="Ya", bpnt="Tidak", pbi="", pip="1", decile="")
        report = await import_file(write_csv(tmp_path / "dtsen.csv", [person]), now=now)
        async with sessions() as session:
            [record] = await records(session)
            run = await session.get_one(RegistryImport, report.import_id)
        assert record.imported_at == now and record.imported_at.tzinfo is not None
        assert run.started_at == now and record.updated_at is None
        assert record.decile is None
        assert record.programs == {"pkh": True, "bpnt": False, "pbi_jk": False, "pip": True}
        assert (record.source, record.import_id) == ("DTSEN", report.import_id)

    async def test_unknown_columns_are_named_in_the_report(
        self, tmp_path: Path, import_file: ImportFile
    ) -> None:
        header = (*HEADERS["dtsen"], "ID_DTSEN", "KETERANGAN")
        rows = [[*person.cells(), "X-1", "-"] for person in made_up_people(2)]
        report = await import_file(write_csv(tmp_path / "dtsen.csv", rows, header=header))
        assert report.inserted == 2
        assert report.ignored_columns == ("ID_DTSEN", "KETERANGAN")
