"""LAPOR!-SP4N tracking numbers: the national complaint system's id of a report (e.g. #1916449).

Staff registering a complaint that came through LAPOR! type its tracking number as
LAPOR! shows it ("#1916449", "LAPOR! 1916449"); it is kept as its digits. Five to
twelve digits: LAPOR!'s numbers have seven today, and a 16-digit NIK is never one.
"""

from __future__ import annotations

import re

MIN_DIGITS = 5
MAX_DIGITS = 12
# "LAPOR!", "lapor", a hash, a colon: what precedes the digits when copied from LAPOR!.
_PREFIX = re.compile(r"^\s*(?:lapor!?)?[\s:#\-]*", re.IGNORECASE)
_EXPLICIT = re.compile(r"^\s*(?:lapor|#)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_lapor_number(text: str | None) -> str | None:
    """The tracking number's digits, or None when the text is not one."""
    digits = _SEPARATORS.sub("", _PREFIX.sub("", text or "", count=1))
    if digits.isascii() and digits.isdigit() and MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return digits
    return None


def names_lapor(text: str) -> bool:
    """Whether the text says it is a LAPOR! number ("LAPOR 1916449", "#1916449")."""
    return bool(_EXPLICIT.match(text))
