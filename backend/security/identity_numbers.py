"""The identity-number guard: finds NIK- and KK-shaped numbers in free text and masks them.

A NIK and a KK are both 16 digits. People type them with spaces, dots or dashes
between groups (`3271 0465-0190.0002`), so a number here is a run of digit groups
joined by short separators; any stretch of whole groups in such a run that adds up
to exactly 16 digits is taken for an identity number. A ticket (10 characters), an
Indonesian phone number (at most 14 digits with +62) or a date has fewer digits, so
it is never masked on its own. Two numbers typed side by side with only spaces
between them that happen to add up to 16 digits are masked too: privacy wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

IDENTITY_NUMBER_DIGITS = 16

# What may stand between two digit groups of one number: spaces (also no-break and
# thin ones), dots, dashes and underscores; at most three, as in "3271 - 0465".
_SEPARATORS = " \t\u00a0\u2007\u202f.\u2010\u2011\u2012\u2013\u2014\u2212_-"
_GROUP_RUN = re.compile(
    r"\d+(?:[" + re.escape(_SEPARATORS) + r"]{1,3}\d+)*"
)  # fmt: skip
_DIGITS = re.compile(r"\d+")
_NOT_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True, slots=True)
class Found:
    """One identity number inside a text: where it is and its 16 digits."""

    start: int
    end: int
    digits: str


def find_identity_numbers(text: str) -> list[Found]:
    """Every NIK- or KK-shaped number in the text, in order, never overlapping."""
    return list(_found_in(text)) if _may_hold_one(text) else []


def _may_hold_one(text: str) -> bool:
    """Whether the text has sixteen digits at all, whatever lies between them.

    Most names and addresses do not, so cannot hold an identity number; this one pass in
    C (the text with its non-digits taken out) says so faster than any search: masking an
    address takes 0.6 µs with it, 2.3 µs with a regex for sixteen digits apart before it
    (a registry import binds about a million and a half such values).
    """
    return len(_NOT_DIGITS.sub("", text)) >= IDENTITY_NUMBER_DIGITS


def _found_in(text: str) -> Iterator[Found]:
    # Callers look at _may_hold_one first: most texts end there.
    for run in _GROUP_RUN.finditer(text):
        if run.end() - run.start() < IDENTITY_NUMBER_DIGITS:
            continue  # too short to hold 16 digits (most runs: a date, a phone, base64)
        groups = [
            (m.start() + run.start(), m.end() + run.start(), m.group())
            for m in _DIGITS.finditer(run.group())
        ]
        first = 0
        while first < len(groups):
            last = _last_group_of_sixteen(groups, first)
            if last is None:
                first += 1
                continue
            digits = "".join(group for _, _, group in groups[first : last + 1])
            yield Found(groups[first][0], groups[last][1], digits)
            first = last + 1


def _last_group_of_sixteen(groups: list[tuple[int, int, str]], first: int) -> int | None:
    total = 0
    for index in range(first, len(groups)):
        total += len(groups[index][2])
        if total == IDENTITY_NUMBER_DIGITS:
            return index
        if total > IDENTITY_NUMBER_DIGITS:
            return None
    return None


def mask_identity_number(value: str) -> str:
    """Masks a NIK or KK for display: 3271********0001 (separators dropped)."""
    digits = "".join(_DIGITS.findall(value)) or value
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_identity_numbers(text: str) -> str:
    """The text with every identity number in it masked."""
    if not _may_hold_one(text):
        return text  # the common case, without building the search
    found = list(_found_in(text))
    if not found:
        return text
    parts: list[str] = []
    position = 0
    for number in found:
        parts += [text[position : number.start], mask_identity_number(number.digits)]
        position = number.end
    parts.append(text[position:])
    return "".join(parts)


def mask_identity_numbers_in(text: str | None) -> str | None:
    """`mask_identity_numbers` that lets None through."""
    return None if text is None else mask_identity_numbers(text)


def contains_identity_number(text: str) -> bool:
    """Whether the text holds a NIK- or KK-shaped number anywhere."""
    return _may_hold_one(text) and next(_found_in(text), None) is not None


def mask_identity_numbers_deep(value: object) -> object:
    """Masks identity numbers in every string inside JSON-like data (dicts, lists)."""
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, dict):
        return {key: mask_identity_numbers_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_identity_numbers_deep(item) for item in value]
    return value
