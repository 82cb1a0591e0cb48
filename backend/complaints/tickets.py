"""Ticket numbers a person can read out over the phone.

Format: ``YYMMDD-SSSC``, for example ``261128-00A7``.

- ``YYMMDD`` is the filing date in Kota Bogor (WIB), so tickets sort by day;
- ``SSS`` is that day's serial in Crockford base32 (digits and letters without
  I, L, O and U, which are mistaken for 1, 1, 0 and V), zero-padded, so tickets
  also sort by time within a day and one day holds 32,768 of them;
- ``C`` is a check character over the other nine, which catches a mistyped or
  misheard character and most swapped neighbours.

People may type it in lower case, without the dash, with spaces, or with the
ambiguous letters (O for 0, I or L for 1): `normalise_ticket` accepts all of that.
"""

from __future__ import annotations

import re
from datetime import date

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_LENGTH = 3
MAX_SERIAL = len(ALPHABET) ** SERIAL_LENGTH - 1
_VALUES = {character: value for value, character in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_TICKET_SHAPE = re.compile(r"^(\d{6})([0-9A-Z]{4})$")
# A ticket inside free text, for "a ticket number typed anywhere".
TICKET_IN_TEXT = re.compile(r"\b\d{6}[\s-]?[0-9A-Za-z]{4}\b")


def _encode_serial(serial: int) -> str:
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} out of range 1..{MAX_SERIAL}")
    characters = []
    for _ in range(SERIAL_LENGTH):
        serial, remainder = divmod(serial, len(ALPHABET))
        characters.append(ALPHABET[remainder])
    return "".join(reversed(characters))


def _check_character(body: str) -> str:
    # Weighted sum modulo 31 (a prime): any single substitution and any swap of
    # two neighbouring characters changes the result.
    total = sum((position + 1) * _VALUES[character] for position, character in enumerate(body))
    return ALPHABET[total % 31]


def format_ticket(day: date, serial: int) -> str:
    """The ticket for the `serial`-th complaint filed on `day`."""
    body = day.strftime("%y%m%d") + _encode_serial(serial)
    return f"{body[:6]}-{body[6:]}{_check_character(body)}"


def normalise_ticket(text: str) -> str | None:
    """The canonical ticket for what a person typed, or None if it is not one."""
    compact = re.sub(r"[\s\-.]", "", text).upper().translate(_LOOKALIKES)
    match = _TICKET_SHAPE.match(compact)
    if not match:
        return None
    body, check = compact[:9], compact[9]
    if _check_character(body) != check:
        return None
    return f"{body[:6]}-{body[6:]}{check}"
