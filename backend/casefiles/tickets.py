"""Ticket numbers a person can read out over the phone.

Format: ``YYMMDD-SSSC``, for example ``261128-00A7``.

- ``YYMMDD`` is the filing date in Kota Bogor (WIB), so tickets sort by day;
- ``SSS`` is that day's serial in base 31 written with digits and the letters
  that are not mistaken for others (no I, L, O, U, and no Z, so that the
  alphabet has a prime size), zero-padded, so tickets also sort by time within
  a day and one day holds 29,790 of them;
- ``C`` is a check character over the other nine: a weighted sum modulo 31,
  which catches every single mistyped or misheard character and every swap of
  two neighbouring characters.

People may type it in lower case, without the dash, with spaces, or with the
ambiguous letters (O for 0, I or L for 1): `normalise_ticket` accepts all of that.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
SERIAL_LENGTH = 3
MAX_SERIAL = len(ALPHABET) ** SERIAL_LENGTH - 1
_VALUES = {character: value for value, character in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_TICKET_SHAPE = re.compile(r"^([0-9]{6})([0-9A-Y]{4})$")
# A ticket inside free text, for "a ticket number typed anywhere".
TICKET_IN_TEXT = re.compile(r"\b[0-9]{6}[\s-]?[0-9A-Za-z]{4}\b")


def _encode_serial(serial: int) -> str:
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} out of range 1..{MAX_SERIAL}")
    characters = []
    for _ in range(SERIAL_LENGTH):
        serial, remainder = divmod(serial, len(ALPHABET))
        characters.append(ALPHABET[remainder])
    return "".join(reversed(characters))


def _check_character(body: str) -> str:
    # Weights 1..9 and values 0..30 are all non-zero modulo the prime 31, so any
    # single substitution and any swap of two neighbours changes the result.
    total = sum((position + 1) * _VALUES[character] for position, character in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def format_ticket(day: date, serial: int) -> str:
    """The ticket for the `serial`-th complaint filed on `day`."""
    body = day.strftime("%y%m%d") + _encode_serial(serial)
    return f"{body[:6]}-{body[6:]}{_check_character(body)}"


def normalise_ticket(text: str) -> str | None:
    """The canonical ticket for what a person typed, or None if it is not one."""
    # NFKC turns full-width digits (typed on some phone keyboards) into ASCII.
    compact = re.sub(r"[\s\-.]", "", unicodedata.normalize("NFKC", text))
    compact = compact.upper().translate(_LOOKALIKES)
    match = _TICKET_SHAPE.match(compact)
    if not match:
        return None
    body, check = compact[:9], compact[9]
    if _check_character(body) != check:
        return None
    return f"{body[:6]}-{body[6:]}{check}"
