"""The identity-number guard: every NIK or KK in any spelling, and nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.security.identity_numbers import (
    find_identity_numbers,
    mask_identity_number,
    mask_identity_numbers,
    mask_identity_numbers_deep,
)

SEPARATOR_CHARACTERS = " .-_\u00a0\u2013\t"

sixteen_digits = st.text(alphabet="0123456789", min_size=16, max_size=16)
separator = st.text(alphabet=SEPARATOR_CHARACTERS, min_size=1, max_size=3)
# Words between numbers: never empty, always holding a letter, so numbers stay apart.
words = st.lists(
    st.sampled_from(["NIK", "KK", "saya", "nomor", "anak", "Tel.", "tgl", "(", "):", ",", "\n"]),
    min_size=1, max_size=3,
).map(lambda parts: " " + " ".join(parts) + " x ")  # fmt: skip


@st.composite
def spelled(draw: st.DrawFn, digits: str) -> str:
    """The 16 digits as a person might type them: groups with any separators."""
    cuts = sorted(draw(st.sets(st.integers(1, 15), max_size=6)))
    groups = [digits[start:end] for start, end in zip([0, *cuts], [*cuts, 16], strict=True)]
    spelled_number = groups[0]
    for group in groups[1:]:
        spelled_number += draw(separator) + group
    return spelled_number


@st.composite
def identity_number(draw: st.DrawFn) -> tuple[str, str]:
    """(16 digits, how they were typed)."""
    digits = draw(sixteen_digits)
    return digits, draw(spelled(digits))


@st.composite
def ticket(draw: st.DrawFn) -> str:
    """A ticket as the office prints it or a person retypes it: 261203-0042, 261203A7K2."""
    day = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    serial = draw(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXY", min_size=4, max_size=4))
    return day + draw(st.sampled_from(["", "-", " "])) + serial


@st.composite
def phone(draw: st.DrawFn) -> str:
    """An Indonesian phone number in the usual spellings (at most 13 digits after 0)."""
    body = draw(st.text(alphabet="0123456789", min_size=8, max_size=11))
    prefix = draw(st.sampled_from(["08", "+62 8", "62 8", "(0251) ", "+628"]))
    if draw(st.booleans()):
        body = "-".join(body[index : index + 4] for index in range(0, len(body), 4))
    return prefix + body


@st.composite
def date(draw: st.DrawFn) -> str:
    """A date as people write it: 03-12-2026, 2026-12-03, 3/12/26, 03.12.2026, 3 Desember 2026."""
    day, month = draw(st.integers(1, 31)), draw(st.integers(1, 12))
    year = draw(st.integers(1930, 2030))
    return draw(st.sampled_from([
        f"{day:02d}-{month:02d}-{year}", f"{year}-{month:02d}-{day:02d}", f"{day}/{month}/{year % 100:02d}",
        f"{day:02d}.{month:02d}.{year}", f"{day} Desember {year}", f"{day:02d}{month:02d}{year}",
    ]))  # fmt: skip


harmless = st.one_of(ticket(), phone(), date(), st.integers(0, 10**12).map(str))


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


class TestFindsEveryIdentityNumber:
    """Whatever the spacing and punctuation, 16 digits are found and masked."""

    @pytest.mark.parametrize(
        "typed",
        ["3271046501900002", "3271 0465 0190 0002", "3271-0465-0190-0002", "3271.0465.0190.0002",
         "3271 0465-0190.0002", "3271 - 0465 - 0190 - 0002", "32 71 04 65 01 90 00 02"],
    )  # fmt: skip
    def test_the_spellings_people_use(self, typed: str) -> None:
        [found] = find_identity_numbers(f"NIK saya {typed}, terima kasih")
        assert found.digits == "3271046501900002"
        assert mask_identity_numbers(f"NIK saya {typed}.") == "NIK saya 3271********0002."

    @given(identity_number(), words, words)
    def test_any_spelling_inside_text(
        self, number: tuple[str, str], before: str, after: str
    ) -> None:
        digits, typed = number
        text = before + typed + after
        [found] = find_identity_numbers(text)
        assert found.digits == digits
        masked = mask_identity_numbers(text)
        assert digits not in digits_only(masked)
        assert masked == before + mask_identity_number(digits) + after

    @given(st.lists(st.one_of(identity_number(), harmless), min_size=1, max_size=6), words)
    def test_among_tickets_phones_and_dates(
        self, parts: list[tuple[str, str] | str], between: str
    ) -> None:
        text = between.join(part[1] if isinstance(part, tuple) else part for part in parts)
        masked = mask_identity_numbers(text)
        for part in parts:
            if isinstance(part, tuple):
                assert part[1] not in masked
                assert mask_identity_number(part[0]) in masked
            else:
                assert part in masked

    def test_two_numbers_in_one_line(self) -> None:
        text = "NIK 3271046501900002 KK 3271-0112-3456-0006"
        assert mask_identity_numbers(text) == "NIK 3271********0002 KK 3271********0006"


class TestLeavesEverythingElse:
    """Tickets, phone numbers and dates are never masked."""

    @given(st.lists(harmless, min_size=1, max_size=5), words)
    def test_tickets_phones_dates_and_amounts(self, parts: list[str], between: str) -> None:
        text = between.join(parts)
        assert mask_identity_numbers(text) == text

    @pytest.mark.parametrize(
        "text",
        ["Tiket 261203-0042", "Telepon +62 812-3456-7890", "Tgl 03-12-2026 jam 10.30",
         "Rp 1.500.000", "RT 003/RW 005", "32710465019000012 (17 digits)", "327104650190000 (15)"],
    )  # fmt: skip
    def test_examples(self, text: str) -> None:
        assert mask_identity_numbers(text) == text


class TestJSON:
    """Strings at any depth of JSON-like data are masked; the rest is kept."""

    def test_nested(self) -> None:
        data = {"text": "NIK 3271046501900002", "rows": [["3271 0465 0190 0002", 5]], "n": None}
        assert mask_identity_numbers_deep(data) == {
            "text": "NIK 3271********0002", "rows": [["3271********0002", 5]], "n": None,
        }  # fmt: skip
