"""Validation of what people type, shared by every channel and the panel.

Each parser takes raw text and returns a normalised value, or raises
`InvalidValue` whose `code` is a message-catalog key that explains the problem
to a person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers

KOTA_BOGOR_PREFIX = "3271"

# Province codes in use (BPS / Kemendagri), including the Papua provinces of 2022.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36", "51", "52", "53",
        "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        "81", "82", "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip

# What people put between digit groups when they copy a number from a card.
_DIGIT_SEPARATORS = re.compile(r"[\s.\-]")
# A letter, then letters and the punctuation of names (linear time: no nested repeats).
_NAME_ALLOWED = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '’.\-])*$")
_PHONE_CHARACTERS = re.compile(r"\+?[0-9\s().\-]+")
NAME_MAX_LENGTH = 100


class InvalidValue(ValueError):
    """A value a person typed is not acceptable; `code` names the explanation."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Nik:
    """A parsed national identity number (NIK)."""

    value: str
    birth_date: date
    is_female: bool

    @property
    def region_code(self) -> str:
        """Province, city and district where the NIK was first issued."""
        return self.value[:6]

    @property
    def issued_in_kota_bogor(self) -> bool:
        """False for a NIK from elsewhere: staff see a flag, the citizen is not refused."""
        return self.value.startswith(KOTA_BOGOR_PREFIX)


def _digits(text: str, length: int, *, code: str) -> str:
    compact = _DIGIT_SEPARATORS.sub("", text.strip())
    if not compact.isascii() or not compact.isdigit():
        raise InvalidValue(f"{code}.not_digits")
    if len(compact) != length:
        raise InvalidValue(f"{code}.length")
    return compact


def _two_digit_year_date(day: int, month: int, year: int, today: date) -> date | None:
    # A two-digit year is the most recent year ending in those digits, not in the future.
    for century in (2000, 1900):
        try:
            candidate = date(century + year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def parse_nik(text: str, *, today: date | None = None) -> Nik:
    """Parses a NIK: 16 digits, a known province, a real birth date (women: day + 40)."""
    value = _digits(text, 16, code="nik")
    if value[:2] not in PROVINCE_CODES or value[2:4] == "00" or value[4:6] == "00":
        raise InvalidValue("nik.region")
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    is_female = day > 40
    if is_female:
        day -= 40
    birth_date = _two_digit_year_date(day, month, year, today or date.today())
    if birth_date is None:
        raise InvalidValue("nik.birth_date")
    if value[12:] == "0000":
        raise InvalidValue("nik.serial")
    return Nik(value=value, birth_date=birth_date, is_female=is_female)


def parse_kk(text: str, *, today: date | None = None) -> str:
    """Parses a family card number (KK): 16 digits, a known region, a real issue date."""
    value = _digits(text, 16, code="kk")
    if value[:2] not in PROVINCE_CODES or value[2:4] == "00":
        raise InvalidValue("kk.region")
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if _two_digit_year_date(day, month, year, today or date.today()) is None:
        raise InvalidValue("kk.issue_date")
    return value


def parse_phone(text: str) -> str:
    """Parses an Indonesian phone number (08…, +62…, 62…) into E.164 (+62…)."""
    cleaned = text.strip()
    # phonenumbers reads letters as keypad digits; a typo must not become another number.
    if not _PHONE_CHARACTERS.fullmatch(cleaned):
        raise InvalidValue("phone.invalid")
    if cleaned.startswith("62"):
        cleaned = "+" + cleaned
    try:
        number = phonenumbers.parse(cleaned, "ID")
    except phonenumbers.NumberParseException as error:
        raise InvalidValue("phone.invalid") from error
    if number.country_code != 62:
        raise InvalidValue("phone.not_indonesian")
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("phone.invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_name(text: str) -> str:
    """Parses a person's name: letters, spaces, apostrophes, dots and hyphens."""
    if any(unicodedata.category(character).startswith("C") for character in text):
        raise InvalidValue("name.characters")
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if len(name) < 2:
        raise InvalidValue("name.too_short")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidValue("name.too_long")
    if not _NAME_ALLOWED.match(name):
        raise InvalidValue("name.characters")
    return name
