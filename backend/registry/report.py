"""The report of an import: a summary for the terminal or panel, and a CSV of row problems."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Protocol

from backend.registry.importer import ImportReport


class ProblemLike(Protocol):
    """A row problem, as the importer reports it or as it is stored."""

    @property
    def line(self) -> int: ...
    @property
    def masked_nik(self) -> str: ...
    @property
    def rejected(self) -> bool: ...
    @property
    def reason(self) -> str: ...


REPORT_HEADER = ("baris / line", "NIK (disamarkan / masked)", "hasil / outcome", "alasan / reason")
REJECTED = "ditolak / rejected"
WARNING = "peringatan / warning"
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def default_report_path(source_file: Path) -> Path:
    """Where the report of an import goes unless told: beside the imported file."""
    return source_file.with_name(f"{source_file.stem}-laporan-impor.csv")


def write_problems(file: IO[str], problems: Iterable[ProblemLike]) -> None:
    """Writes the report's header and one line per rejected row or warning, as given."""
    writer = csv.writer(file)
    writer.writerow(REPORT_HEADER)
    for problem in problems:
        writer.writerow([
            problem.line,
            spreadsheet_safe(problem.masked_nik),
            REJECTED if problem.rejected else WARNING,
            spreadsheet_safe(problem.reason),
        ])  # fmt: skip


def write_report(report: ImportReport, path: Path) -> None:
    """Writes one line per rejected row or warning, in file order (UTF-8 with BOM for Excel)."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        write_problems(file, sorted(report.problems, key=lambda item: item.line))


def report_csv(problems: Iterable[ProblemLike]) -> bytes:
    """The report of stored problems as a CSV file's bytes (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    write_problems(buffer, problems)
    return buffer.getvalue().encode("utf-8-sig")


def summary_lines(report: ImportReport) -> list[str]:
    """The counts of an import, in Bahasa Indonesia and English."""
    lines = [
        f"Baris dibaca / rows read: {report.rows_read}",
        f"Baru / imported: {report.inserted}",
        f"Diperbarui / updated: {report.updated}",
        f"Tidak berubah / unchanged: {report.unchanged}",
        f"Ditolak / rejected: {report.rejected}",
    ]
    if report.warnings:
        lines.append(f"Diimpor dengan peringatan / imported with a warning: {report.warnings}")
    if report.ignored_columns:
        lines.append("Kolom diabaikan / columns ignored: " + ", ".join(report.ignored_columns))
    return lines
