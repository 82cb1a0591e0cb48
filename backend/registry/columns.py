"""Which column of a registry export holds what, read from its header row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from backend.errors import InvalidInput

# Canonical program codes; they are also the codes of the complaint categories
# about those programs (see backend/registry/routes.py).
PROGRAMS = ("pkh", "bpnt", "pbi_jk", "pip")

# Header names as DTKS/DTSEN exports write them, in Bahasa Indonesia and English,
# after `normalise_header` (upper case, runs of anything else turned into "_").
_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("NIK", "NO_NIK", "NOMOR_NIK", "NIK_KTP", "NIK_ART", "NATIONAL_ID",
            "NATIONAL_ID_NUMBER", "ID_NUMBER"),
    "kk": ("NO_KK", "KK", "NOMOR_KK", "NO_KARTU_KELUARGA", "NOMOR_KARTU_KELUARGA",
           "FAMILY_CARD", "FAMILY_CARD_NO", "FAMILY_CARD_NUMBER", "KK_NUMBER"),
    "name": ("NAMA", "NAMA_LENGKAP", "NAMA_ART", "NAMA_ANGGOTA", "NAME", "FULL_NAME"),
    "kecamatan": ("KECAMATAN", "NAMA_KECAMATAN", "KEC", "DISTRICT", "SUBDISTRICT",
                  "SUB_DISTRICT"),
    "kelurahan": ("KELURAHAN", "DESA", "KELURAHAN_DESA", "DESA_KELURAHAN", "NAMA_KELURAHAN",
                  "NAMA_DESA", "KEL", "VILLAGE", "URBAN_VILLAGE"),
    "address": ("ALAMAT", "ALAMAT_LENGKAP", "ADDRESS"),
    "decile": ("DESIL", "DESIL_NASIONAL", "PERINGKAT_DESIL", "DECILE"),
    "pkh": ("PKH", "PROGRAM_PKH", "FLAG_PKH", "STATUS_PKH"),
    "bpnt": ("BPNT", "SEMBAKO", "PROGRAM_SEMBAKO", "FLAG_BPNT", "STATUS_BPNT"),
    "pbi_jk": ("PBI", "PBI_JK", "PBI_JKN", "KIS", "FLAG_PBI", "STATUS_PBI"),
    "pip": ("PIP", "FLAG_PIP", "STATUS_PIP"),
}  # fmt: skip
_FIELD_OF_HEADER = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
REQUIRED_FIELDS = ("nik", "name")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Z]+")


def normalise_header(text: object) -> str:
    """A header cell in one spelling: 'No. KK ' and 'no_kk' both become NO_KK."""
    if text is None:
        return ""
    return _NOT_ALPHANUMERIC.sub("_", str(text).strip().upper()).strip("_")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """The position of each known field in a row, and the header cells left unused."""

    positions: dict[str, int]
    ignored: tuple[str, ...] = field(default=())

    @property
    def programs(self) -> tuple[str, ...]:
        """Program flags this file carries, in canonical order."""
        return tuple(code for code in PROGRAMS if code in self.positions)

    def has_required(self) -> bool:
        """Whether every required field has a column."""
        return all(name in self.positions for name in REQUIRED_FIELDS)


def map_columns(header: Sequence[object]) -> ColumnMap:
    """Maps a header row to fields; two columns for one field is refused as ambiguous."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        name = _FIELD_OF_HEADER.get(normalise_header(cell))
        if name is None:
            if normalise_header(cell):
                ignored.append(str(cell).strip())
            continue
        if name in positions:
            first = str(header[positions[name]]).strip()
            raise InvalidInput(
                f"Dua kolom untuk satu isian: {first} dan {str(cell).strip()} / "
                f"two columns hold the same field: {first} and {str(cell).strip()}",
                field=name,
            )
        positions[name] = position
    return ColumnMap(positions, tuple(ignored))


def count_known(header: Sequence[object]) -> int:
    """How many cells of a row are known header names (to find the header row)."""
    return sum(1 for cell in header if normalise_header(cell) in _FIELD_OF_HEADER)
