"""Letter numbers: <sequence>/<letter code>/SLRT/<month in roman numerals>/<year>.

The sequence restarts each year (WIB calendar) and is taken by one upsert on the
year's counter row, so two staff members referring at the same moment on either
database each get their own number and none is skipped by a rollback of another.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import take_next
from backend.letters.models import LetterSequence

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def format_letter_number(sequence: int, letter_code: str, issued_on: date) -> str:
    """The number printed on the letter, e.g. 7/DINSOS/SLRT/XII/2026."""
    return f"{sequence}/{letter_code}/SLRT/{ROMAN_MONTHS[issued_on.month - 1]}/{issued_on.year}"


async def next_letter_sequence(session: AsyncSession, year: int) -> int:
    """Takes the next sequence of `year`; concurrent callers each get their own."""
    return await take_next(session, LetterSequence.year, LetterSequence.last_sequence, year)
