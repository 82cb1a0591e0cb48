"""Reading single cells of a registry export: identity numbers, deciles, flags, text.

Each reader returns a clean value or raises `CellRejected` whose reason is
written for staff, in Bahasa Indonesia first and English after.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Every integer up to 2**53 is exact in a float; past it a number cannot hold 16 digits safely.
_LARGEST_EXACT_FLOAT = 2**53
_SCIENTIFIC = re.compile(r"^(?P<mantissa>\d+(?:[.,]\d*)?)[eE]\+?(?P<exponent>\d+)$")
_WHOLE_WITH_ZERO_DECIMALS = re.compile(r"^(?P<whole>\d+)[.,]0+$")
_DECILE_TEXT = re.compile(r"^(?:DESIL\s*)?(?P<value>\d{1,2})(?:[.,]0+)?$")

_TRUE_FLAGS = frozenset({"1", "Y", "YA", "YES", "TRUE", "V", "✓", "ADA", "PENERIMA", "AKTIF"})
_FALSE_FLAGS = frozenset({"0", "N", "T", "TIDAK", "NO", "FALSE", "-", "BUKAN", "TIDAK AKTIF"})

# What most cells hold, answered without cleaning them first.
_PLAIN_DECILES: dict[str, int | None] = {str(value): value for value in range(1, 11)} | {"": None}
_PLAIN_FLAGS = {"1": True, "0": False, "": False, "Y": True, "N": False, "Ya": True, "Tidak": False}

VALIDATOR_REASONS = {
    "nik.not_digits": "NIK bukan angka / NIK is not a number",
    "nik.length": "NIK tidak 16 digit / NIK is not 16 digits",
    "nik.region": "kode wilayah NIK tidak dikenal / unknown region code in the NIK",
    "nik.birth_date": "tanggal lahir dalam NIK tidak valid / invalid birth date in the NIK",
    "nik.serial": "nomor urut NIK 0000 / the NIK's serial is 0000",
    "kk.not_digits": "nomor KK bukan angka / KK is not a number",
    "kk.length": "nomor KK tidak 16 digit / KK is not 16 digits",
    "kk.region": "kode wilayah KK tidak dikenal / unknown region code in the KK",
    "kk.issue_date": "tanggal terbit dalam KK tidak valid / invalid issue date in the KK",
}


class CellRejected(ValueError):
    """A cell holds a value that cannot be imported; `reason` says why, for staff."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def identity_number_text(cell: object, label: str) -> tuple[str, bool]:
    """The digits of a NIK or KK cell, and whether the cell was a spreadsheet number.

    Spreadsheets turn long numbers into floats or scientific notation; the 16
    digits are recovered only when the cell proves them, never guessed.
    """
    if type(cell) is str and len(cell) == 16 and cell.isdigit():  # the usual case, first
        return cell, False
    if isinstance(cell, bool):
        raise CellRejected(f"{label} bukan angka / {label} is not a number")
    if isinstance(cell, int):
        return str(cell), True
    if isinstance(cell, float):
        if not cell.is_integer() or not 0 < cell < _LARGEST_EXACT_FLOAT:
            raise CellRejected(
                f"{label} tersimpan sebagai angka yang tidak utuh ({cell!r}); simpan kolom sebagai "
                f"teks / {label} stored as an inexact number ({cell!r}); store the column as text"
            )
        return str(int(cell)), True
    text = str(cell or "").strip().lstrip("'")
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        return _from_scientific(text, scientific, label), False
    whole = _WHOLE_WITH_ZERO_DECIMALS.match(text)
    return (whole["whole"] if whole else text), False


def _from_scientific(text: str, match: re.Match[str], label: str) -> str:
    written = match["mantissa"].replace(",", "").replace(".", "").lstrip("0")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CellRejected(f"{label} bukan angka / {label} is not a number") from None
    # 3.27104E+15 has lost its last ten digits; only a mantissa of 16 digits is exact.
    if len(written) < 16 or value != value.to_integral_value():
        raise CellRejected(
            f"{label} dalam notasi ilmiah kehilangan digit ({text}); simpan kolom sebagai teks / "
            f"{label} in scientific notation lost digits ({text}); store the column as text"
        )
    return str(int(value))


def clean_text(cell: object, *, max_length: int | None = None, label: str = "") -> str | None:
    """Text without control characters or repeated spaces; None when blank."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell)
    # The character-by-character pass only for the rare cell with control characters.
    if not text.isprintable():
        text = "".join(
            " " if unicodedata.category(character).startswith("C") else character
            for character in text
        )
    text = " ".join(text.split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not text:
        return None
    if max_length is not None and len(text) > max_length:
        raise CellRejected(
            f"{label} lebih dari {max_length} karakter / {label} is longer than {max_length} characters"
        )
    return text


def decile(cell: object) -> int | None:
    """A decile 1-10 from '3', 3, 3.0 or 'Desil 3'; None when blank."""
    if type(cell) is str and cell in _PLAIN_DECILES:
        return _PLAIN_DECILES[cell]
    text = clean_text(cell)
    if text is None or text == "-":
        return None
    match = _DECILE_TEXT.match(text.upper())
    value = int(match["value"]) if match else None
    if value is None or not 1 <= value <= 10:
        raise CellRejected(
            f"DESIL harus 1 sampai 10, bukan '{text}' / DESIL must be 1 to 10, not '{text}'"
        )
    return value


def program_flag(cell: object, label: str) -> bool:
    """Whether a program flag cell says the household receives the program."""
    if type(cell) is str and cell in _PLAIN_FLAGS:
        return _PLAIN_FLAGS[cell]
    if isinstance(cell, bool):
        return cell
    written = clean_text(cell) or ""
    text = written.upper()
    if text in _TRUE_FLAGS:
        return True
    if text in _FALSE_FLAGS or not text:
        return False
    raise CellRejected(
        f"nilai {label} tidak dikenal: '{written}' (pakai 1/0 atau Ya/Tidak) / "
        f"unknown {label} value: '{written}' (use 1/0 or Yes/No)"
    )
