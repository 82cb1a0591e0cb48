"""Turns one row of a registry export into a clean record, or says why it cannot."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backend.citizens.validators import InvalidValue, parse_kk, parse_nik
from backend.registry import cells
from backend.registry.cells import CellRejected
from backend.registry.columns import ColumnMap
from backend.security.identity_numbers import mask_identity_number

NAME_MAX_LENGTH = 120
REGION_MAX_LENGTH = 80
# Unit separator: it cannot occur in cleaned text, so fields never run together.
_FIELD_SEPARATOR = "\x1f"
_REGION_PREFIX = re.compile(r"^(?:KECAMATAN|KELURAHAN|KEC|KEL|DESA)\b\.?\s*")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Z]+")
_FIELDS = ("nik", "kk", "name", "kecamatan", "kelurahan", "address", "decile")
# Parts every NIK and KK validator accepts (Bogor Barat; 1 January 1990; serial 0001), put
# beside the part of a number under test.
_GOOD_REGION, _GOOD_SERIAL = "327104", "0001"
_GOOD_DATE_AND_SERIAL = "010190" + _GOOD_SERIAL


@dataclass(frozen=True, slots=True)
class RegistryRow:
    """A row that can be stored: NIK and KK still in clear, the rest cleaned."""

    line: int
    nik: str
    kk: str | None
    full_name: str
    kecamatan_name: str | None
    kelurahan_name: str | None
    kelurahan_code: str | None
    address: str | None
    decile: int | None
    programs: dict[str, bool]

    def canonical(self, source: str) -> str:
        """Everything stored about the person as one string (hashed to see changes)."""
        flags = ",".join([f"{code}={value:d}" for code, value in sorted(self.programs.items())])
        return _FIELD_SEPARATOR.join([
            self.nik, self.kk or "", self.full_name, self.kecamatan_name or "",
            self.kelurahan_name or "", self.kelurahan_code or "", self.address or "",
            "" if self.decile is None else str(self.decile), flags, source,
        ])  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row was rejected, or a warning about a row that was imported anyway."""

    line: int
    masked_nik: str
    reason: str
    rejected: bool = True


def region_key(name: str | None) -> str:
    """A kecamatan or kelurahan name in one spelling: 'Kel. Batu Tulis' -> BATUTULIS."""
    text = (name or "").strip().upper()
    return _NOT_ALPHANUMERIC.sub("", _REGION_PREFIX.sub("", text))


def _masked(cell: object) -> str:
    # The report names a row by its masked NIK, read as the importer reads it.
    try:
        text, _ = cells.identity_number_text(cell, "NIK")
    except CellRejected:
        text = str(cell)
    # A cell of anything but a number can be long: the report shows its start only.
    return mask_identity_number(text.strip()[:20])


@dataclass(frozen=True, slots=True)
class RegionIndex:
    """Kemendagri codes of Kota Bogor's kelurahan, found by (kecamatan, kelurahan) name."""

    by_names: dict[tuple[str, str], str]
    by_kelurahan: dict[str, list[str]]

    def code_of(self, kecamatan: str | None, kelurahan: str | None) -> str | None:
        """The kelurahan code, or None when the names match none (or more than one)."""
        kelurahan_key = region_key(kelurahan)
        if not kelurahan_key:
            return None
        if kecamatan:
            return self.by_names.get((region_key(kecamatan), kelurahan_key))
        codes = self.by_kelurahan.get(kelurahan_key, [])
        return codes[0] if len(codes) == 1 else None


class RowParser:
    """Reads rows of one export with its column map and the region names."""

    def __init__(self, columns: ColumnMap, regions: RegionIndex, *, today: date) -> None:
        positions = columns.positions
        self._width = max(positions.values()) + 1
        # A field without a column reads the padding cell past the row's end, always None.
        at = {name: positions.get(name, self._width) for name in _FIELDS}
        self._nik_at, self._kk_at, self._name_at = at["nik"], at["kk"], at["name"]
        self._kecamatan_at, self._kelurahan_at = at["kecamatan"], at["kelurahan"]
        self._address_at, self._decile_at = at["address"], at["decile"]
        self._programs = tuple((code, positions[code], code.upper()) for code in columns.programs)
        self._regions = regions
        self._region_codes: dict[tuple[str | None, str | None], str | None] = {}
        self._region_names: dict[tuple[type, object, str], str | None] = {}
        self._flag_sets: dict[tuple[object, ...], dict[str, bool]] = {}
        self._today = today
        # Whether the validator accepts a number's region part, or its date part: most rows
        # share both with others, so each is asked once (see _valid_number).
        self._accepted_parts: dict[str, dict[str, bool]] = {
            "nik-region": {}, "nik-date": {}, "kk-region": {}, "kk-date": {},
        }  # fmt: skip

    def parse(
        self, line: int, cells_read: Sequence[object]
    ) -> tuple[RegistryRow | None, list[RowProblem]]:
        """The clean record of a row (None when rejected) and the problems found in it."""
        row = list(cells_read[: self._width])
        row.extend([None] * (self._width + 1 - len(row)))
        problems: list[RowProblem] = []
        try:
            nik = self._nik(row[self._nik_at], line, problems)
            kk = self._kk(row[self._kk_at], line, nik, problems)
            name = cells.clean_text(row[self._name_at], max_length=NAME_MAX_LENGTH, label="NAMA")
            if name is None:
                raise CellRejected("NAMA kosong / NAMA is empty")
            kecamatan = self._region_name(row[self._kecamatan_at], "KECAMATAN")
            kelurahan = self._region_name(row[self._kelurahan_at], "KELURAHAN")
            record = RegistryRow(
                line=line, nik=nik, kk=kk, full_name=name,
                kecamatan_name=kecamatan, kelurahan_name=kelurahan,
                kelurahan_code=self._region_code(kecamatan, kelurahan),
                address=cells.clean_text(row[self._address_at]),
                decile=cells.decile(row[self._decile_at]),
                programs=self._program_flags(row),
            )  # fmt: skip
        except CellRejected as rejection:
            return None, [RowProblem(line, _masked(row[self._nik_at]), rejection.reason)]
        return record, problems

    def _region_name(self, cell: object, label: str) -> str | None:
        # A city has a few dozen region names, on every row: each is cleaned once.
        key = (type(cell), cell, label)  # the type too: True and 1 are equal keys
        if key not in self._region_names:
            self._region_names[key] = cells.clean_text(
                cell, max_length=REGION_MAX_LENGTH, label=label
            )
        return self._region_names[key]

    def _program_flags(self, row: list[object]) -> dict[str, bool]:
        # Most rows hold one of a few combinations of flag cells: each is read once, and
        # rows with the same flags share one (never changed) dict.
        key = tuple([row[position] for _, position, _ in self._programs])
        flags = self._flag_sets.get(key)
        if flags is None:
            flags = self._flag_sets[key] = {
                code: cells.program_flag(row[position], label)
                for code, position, label in self._programs
            }
        return flags

    def _region_code(self, kecamatan: str | None, kelurahan: str | None) -> str | None:
        # A city has a few dozen kelurahan: each pair of names is resolved once.
        key = (kecamatan, kelurahan)
        if key not in self._region_codes:
            self._region_codes[key] = self._regions.code_of(kecamatan, kelurahan)
        return self._region_codes[key]

    def _nik(self, cell: object, line: int, problems: list[RowProblem]) -> str:
        text, was_number = cells.identity_number_text(cell, "NIK")
        if not text:
            raise CellRejected("NIK kosong / NIK is empty")
        try:
            nik = (
                text
                if self._valid_number("nik", text)
                else parse_nik(text, today=self._today).value
            )
        except InvalidValue as error:
            raise CellRejected(cells.VALIDATOR_REASONS.get(error.code, error.code)) from None
        if was_number and nik.endswith("0"):
            # Excel keeps 15 significant digits: a typed-in NIK comes back ending in 0.
            problems.append(RowProblem(
                line, mask_identity_number(nik),
                "NIK tersimpan sebagai angka berakhiran 0: Excel hanya menyimpan 15 digit, periksa "
                "digit terakhir / NIK stored as a number ending in 0: Excel keeps only 15 digits, "
                "check the last digit",
                rejected=False,
            ))  # fmt: skip
        return nik

    def _valid_number(self, kind: str, text: str) -> bool:
        """Whether the citizens' validator accepts this NIK or KK, asked part by part.

        Its rules look at the region part (digits 1-6) and the date part (7-12) apart,
        and a NIK's serial must not be 0000: a number whose two parts were each accepted
        with known-good other parts is accepted whole. False means "ask the validator",
        which then says why not.
        """
        if len(text) != 16 or not text.isascii() or not text.isdigit():
            return False
        if kind == "nik" and text.endswith("0000"):
            return False
        region, when = text[:6], text[6:12]
        regions, dates = (
            self._accepted_parts[kind + "-region"],
            self._accepted_parts[kind + "-date"],
        )
        accepted = regions.get(region)
        if accepted is None:
            accepted = regions[region] = self._accepts(kind, region + _GOOD_DATE_AND_SERIAL)
        if not accepted:
            return False
        accepted = dates.get(when)
        if accepted is None:
            accepted = dates[when] = self._accepts(kind, _GOOD_REGION + when + _GOOD_SERIAL)
        return accepted

    def _accepts(self, kind: str, number: str) -> bool:
        try:
            if kind == "nik":
                parse_nik(number, today=self._today)
            else:
                parse_kk(number, today=self._today)
        except InvalidValue:
            return False
        return True

    def _kk(self, cell: object, line: int, nik: str, problems: list[RowProblem]) -> str | None:
        # A bad KK does not hide a registered person: the row is kept without it.
        try:
            text, _ = cells.identity_number_text(cell, "KK")
            if not text or self._valid_number("kk", text):
                return text or None
            return parse_kk(text, today=self._today)
        except CellRejected as rejection:
            reason = rejection.reason
        except InvalidValue as error:
            reason = cells.VALIDATOR_REASONS.get(error.code, error.code)
        problems.append(RowProblem(
            line, mask_identity_number(nik), f"{reason}; disimpan tanpa KK / stored without the KK",
            rejected=False,
        ))  # fmt: skip
        return None
