"""Made-up registry exports for the tests: people who do not exist, written as CSV or XLSX
in the shapes real DTKS/DTSEN exports come in."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.registry.models import RegistryRecord

_serials = itertools.count(1)
FIELDS = ("nik", "kk", "name", "kecamatan", "kelurahan", "address", "decile",
          "pkh", "bpnt", "pbi", "pip")  # fmt: skip
# The same columns under the names exports give them.
HEADERS = {
    "dtsen": ("NIK", "NO_KK", "NAMA", "KECAMATAN", "KELURAHAN", "ALAMAT", "DESIL",
              "PKH", "BPNT", "PBI", "PIP"),
    "dtks": ("nik", "No. KK", "Nama Lengkap", "Kecamatan", "Desa/Kelurahan", "Alamat", "desil",
             "pkh", "Sembako", "PBI-JK", "pip"),
    "english": ("National ID", "Family Card Number", "Full Name", "District", "Village",
                "Address", "Decile", "PKH", "BPNT", "PBI", "PIP"),
}  # fmt: skip
PLACES = (("Bogor Barat", "Bubulak", "32.71.04.1003"), ("Bogor Selatan", "Batu Tulis", "32.71.01.1001"),
          ("Bogor Selatan", "Empang", "32.71.01.1003"))  # fmt: skip
NAMES = ("Siti Aminah", "Ujang Suherman", "Euis Komalasari", "Asep Saepudin", "Neng Rahmawati")


@dataclass(frozen=True)
class Person:
    """One made-up person of the registry, as an export row holds them (flags as 1/0)."""

    nik: str
    kk: str
    name: str
    kecamatan: str
    kelurahan: str
    address: str
    decile: str
    pkh: str
    bpnt: str
    pbi: str
    pip: str

    def cells(self) -> list[str]:
        """The row's cells, in FIELDS order."""
        return [getattr(self, name) for name in FIELDS]

    def but(self, **changes: str) -> Person:
        """The same person with some cells changed."""
        return replace(self, **changes)

    @property
    def kelurahan_code(self) -> str:
        """The Kemendagri code the import should give the row."""
        return next(code for _, name, code in PLACES if name.upper() == self.kelurahan.upper())


def made_up_nik(serial: int) -> str:
    """A valid NIK of Kota Bogor (a woman born in 1985); unique for serials 1-9999 apart."""
    return f"327105{41 + serial % 28:02d}{1 + serial % 12:02d}85{serial % 9999 + 1:04d}"


def made_up_people(count: int) -> list[Person]:
    """`count` invented people with valid, distinct NIKs and KKs."""
    people = []
    for _ in range(count):
        serial = next(_serials)
        kecamatan, kelurahan, _ = PLACES[serial % len(PLACES)]
        people.append(Person(
            nik=made_up_nik(serial),
            kk=f"327105{1 + serial % 28:02d}{1 + serial % 12:02d}20{serial % 9999 + 1:04d}",
            name=NAMES[serial % len(NAMES)], kecamatan=kecamatan.upper(), kelurahan=kelurahan.upper(),
            address=f"Jl. Mawar No. {serial % 90 + 1}, RT 0{serial % 9 + 1}/RW 02",
            decile=str(serial % 10 + 1), pkh=str(serial % 2), bpnt=str((serial // 2) % 2),
            pbi="1", pip="0",
        ))  # fmt: skip
    return people


def write_csv(
    path: Path, people: Sequence[Person | Sequence[object]], *, header: Sequence[str] = HEADERS["dtsen"],
    delimiter: str = ",", bom: bool = False, quote_all: bool = False, encoding: str = "utf-8",
    above_header: Sequence[Sequence[str]] = (),
) -> Path:  # fmt: skip
    """Writes an export as CSV; rows are people or raw cells."""
    with path.open("w", encoding="utf-8-sig" if bom else encoding, newline="") as file:
        writer = csv.writer(
            file, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
        )
        writer.writerows(above_header)
        writer.writerow(header)
        writer.writerows(row.cells() if isinstance(row, Person) else row for row in people)
    return path


NikCell = Literal["text", "int", "float"]


def write_xlsx(
    path: Path, people: Sequence[Person], *, header: Sequence[str] = HEADERS["dtsen"],
    nik_as: NikCell = "text", numbers_as_numbers: bool = False,
    above_header: Sequence[Sequence[str]] = (),
) -> Path:  # fmt: skip
    """Writes an export as XLSX, NIK and KK as text or as the numbers Excel makes of them."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in above_header:
        sheet.append(list(row))
    sheet.append(list(header))
    convert = {"text": str, "int": int, "float": float}[nik_as]
    for person in people:
        cells: list[object] = person.cells()
        cells[0], cells[1] = convert(person.nik), convert(person.kk)
        if numbers_as_numbers:
            cells[6:] = [int(value) for value in cells[6:]]
        sheet.append(cells)
    workbook.save(path)
    return path


async def records(session: AsyncSession) -> list[RegistryRecord]:
    """Every record of the extract, in id order."""
    statement = select(RegistryRecord).order_by(RegistryRecord.id)
    return list((await session.execute(statement)).scalars())


async def table_snapshot(session: AsyncSession) -> list[tuple[object, ...]]:
    """Every stored column of every record (ciphertexts too): equal snapshots, equal tables."""
    table = RegistryRecord.__table__
    result = await session.execute(select(table).order_by(table.c.id))
    return [tuple(row) for row in result]
