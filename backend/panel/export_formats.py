"""Writing a table as CSV (UTF-8 with BOM) or XLSX, safe to open in a spreadsheet.

A cell a citizen typed can start with = + - @ (or a tab or carriage return),
which a spreadsheet would run as a formula (CSV injection). In CSV such a text
gets a leading apostrophe, as OWASP advises; in XLSX it is stored as text with
Excel's own quote prefix, so it shows unchanged and still never runs, even
after the file is saved again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = str | int | float | date | datetime | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_DATE_FORMAT = "yyyy-mm-dd"


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(value: Cell) -> str:
    """A cell as CSV text: dates in ISO form, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and needs_guard(text):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table as CSV in UTF-8 with a BOM, so Excel reads Indonesian text right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_text(name) for name in header])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_title: str,
    widths: Sequence[int] | None = None,
) -> bytes:
    """The table as an XLSX workbook of one sheet (written row by row, in write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or ()):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = _xlsx_cell(sheet, name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> SheetCell:
    if isinstance(value, str):
        # Control characters other than tab and newlines are not allowed in XLSX.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # the stubs omit date
    if isinstance(value, datetime):
        cell.number_format = _DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = _DATE_FORMAT
    elif isinstance(value, str):
        # openpyxl makes a formula of any text starting with "="; text stays text here.
        cell.data_type = "s"
        if needs_guard(value):
            cell.quotePrefix = True
    return cell
