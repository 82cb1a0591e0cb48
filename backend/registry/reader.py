"""Reads a registry export (CSV or XLSX) as numbered rows under a mapped header."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.errors import InvalidInput
from backend.registry.columns import REQUIRED_FIELDS, ColumnMap, count_known, map_columns

# Exports sometimes carry a title or a blank line above the header.
HEADER_SEARCH_ROWS = 10
_DELIMITERS = (",", ";", "\t", "|")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class RegistrySheet:
    """The rows of one export: (line number, cells) pairs under a mapped header."""

    columns: ColumnMap
    header_line: int
    # Lines (CSV) or rows (XLSX) after the header; progress counts in this unit.
    total: int | None
    rows: Iterator[tuple[int, Sequence[object]]]


class UnreadableFile(InvalidInput):
    """The file is not a registry export this importer can read; nothing was imported."""


def _missing_columns_error() -> UnreadableFile:
    names = ", ".join(name.upper() for name in REQUIRED_FIELDS)
    return UnreadableFile(
        f"Kolom wajib tidak ditemukan dalam {HEADER_SEARCH_ROWS} baris pertama: NIK dan NAMA / "
        f"required columns not found in the first {HEADER_SEARCH_ROWS} rows: {names}",
        field="header",
    )


@contextmanager
def open_registry_file(path: Path) -> Iterator[RegistrySheet]:
    """Opens a CSV or XLSX export; refuses it whole when it has no NIK and NAMA header."""
    with path.open("rb") as file:
        magic = file.read(4)
    if magic == _XLSX_MAGIC:
        with _open_xlsx(path) as sheet:
            yield sheet
    else:
        yield _open_csv(path.read_bytes())


def _decode(data: bytes) -> str:
    # UTF-8 with or without the BOM Excel writes; older exports are Windows-1252.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _open_csv(data: bytes) -> RegistrySheet:
    text = _decode(data)
    best: tuple[int, str, int] | None = None  # (known headers, delimiter, header index)
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        for index, row in enumerate(reader):
            if index >= HEADER_SEARCH_ROWS:
                break
            known = count_known(row)
            if known and (best is None or known > best[0]):
                best = (known, delimiter, index)
    if best is None:
        raise _missing_columns_error()
    _, delimiter, header_index = best
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    # The reader stays positioned just after the header, where the data rows begin.
    header = next(itertools.islice(reader, header_index, None))
    columns = map_columns(header)
    if not columns.has_required():
        raise _missing_columns_error()
    header_line = reader.line_num
    physical_lines = text.count("\n") + (0 if text.endswith("\n") else 1)

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                # line_num is the last physical line of the row (quoted newlines span lines).
                yield reader.line_num, cells

    return RegistrySheet(columns, header_line, max(physical_lines - header_line, 0), rows())


@contextmanager
def _open_xlsx(path: Path) -> Iterator[RegistrySheet]:
    # calamine (Rust) reads a city's sheet in seconds, where openpyxl takes a minute and more.
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # noqa: BLE001  (a damaged or foreign zip: refuse with a reason)
        raise UnreadableFile(
            f"Berkas XLSX tidak dapat dibaca / the XLSX file cannot be read: {error}",
            field="file",
        ) from None
    try:
        yield _first_sheet_with_header(workbook)
    finally:
        workbook.close()


def _first_sheet_with_header(workbook: Any) -> RegistrySheet:
    for name in workbook.sheet_names:
        try:
            worksheet = workbook.get_sheet_by_name(name)
        except Exception:  # noqa: BLE001  (an unreadable sheet: try the next)
            continue
        # Rows come from the sheet's first row (blank ones as empty cells), so the
        # position of a row is its row number in the spreadsheet.
        rows = iter(worksheet.iter_rows())
        for line, cells in enumerate(rows, start=1):
            if line > HEADER_SEARCH_ROWS:
                break
            header = list(cells)
            if count_known(header) == 0:
                continue
            columns = map_columns(header)
            if not columns.has_required():
                continue
            end = worksheet.end
            total = end[0] + 1 - line if end else None
            return RegistrySheet(columns, line, total, _xlsx_rows(rows, line))
    raise _missing_columns_error()


def _xlsx_rows(
    rows: Iterator[list[object]], header_line: int
) -> Iterator[tuple[int, Sequence[object]]]:
    for line, cells in enumerate(rows, start=header_line + 1):
        # Empty cells come as "", numbers as floats (cells.py reads 16-digit ones back).
        if any(cell != "" and str(cell).strip() for cell in cells):
            yield line, list(cells)
