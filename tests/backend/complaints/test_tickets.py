"""Ticket numbers: their shape, their order, and how mistyped tickets are caught."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.casefiles.tickets import (
    ALPHABET,
    MAX_SERIAL,
    TICKET_IN_TEXT,
    format_ticket,
    normalise_ticket,
)

DAY = date(2026, 11, 28)
_SHAPE = re.compile(r"^\d{6}-[0-9A-HJKMNP-TV-Z]{4}$")

_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
_serials = st.integers(1, MAX_SERIAL)

# A few tickets whose exhaustive neighbourhoods are checked below.
SAMPLE_TICKETS = [
    format_ticket(DAY, 1),
    format_ticket(DAY, 1000),
    format_ticket(date(2024, 2, 29), 31 * 32 + 7),
    format_ticket(date(2025, 1, 1), MAX_SERIAL),
]


def compact(ticket: str) -> str:
    """The ten characters of a ticket without its dash."""
    return ticket.replace("-", "")


def zero_z_exchange(a: str, b: str) -> bool:
    """Whether two characters are 0 and Z, whose values differ by exactly the check modulus 31."""
    return {a, b} == {"0", "Z"}


class TestTicketFormat:
    """A ticket is YYMMDD, a dash, three serial characters and a check character."""

    def test_first_ticket_of_a_day(self) -> None:
        ticket = format_ticket(DAY, 1)
        assert ticket.startswith("261128-001")
        assert _SHAPE.match(ticket)
        assert len(ticket) == 11

    def test_last_ticket_of_a_day(self) -> None:
        assert format_ticket(DAY, MAX_SERIAL).startswith("261128-YYY")

    def test_a_day_holds_29790_tickets(self) -> None:
        assert MAX_SERIAL == 31**3 - 1

    @given(day=_days, serial=_serials)
    def test_starts_with_the_filing_date(self, day: date, serial: int) -> None:
        ticket = format_ticket(day, serial)
        assert ticket[:6] == day.strftime("%y%m%d")
        assert _SHAPE.match(ticket), ticket


class TestTicketAlphabet:
    """The letters people confuse with digits (I, L, O, U) never appear in a ticket."""

    def test_the_alphabet_leaves_them_out(self) -> None:
        assert len(ALPHABET) == 31
        assert not set("ILOUZ") & set(ALPHABET)

    @given(day=_days, serial=_serials)
    def test_no_ticket_contains_them(self, day: date, serial: int) -> None:
        assert not set("ILOU") & set(format_ticket(day, serial))

    def test_no_serial_of_a_day_contains_them(self) -> None:
        tickets = {format_ticket(DAY, serial) for serial in range(1, MAX_SERIAL + 1)}
        assert len(tickets) == MAX_SERIAL
        assert not set("ILOU") & set("".join(tickets))


class TestTicketSerialRange:
    """A serial outside 1..MAX_SERIAL has no ticket."""

    @pytest.mark.parametrize("serial", [0, -1, MAX_SERIAL + 1, 10**6])
    def test_raises_value_error(self, serial: int) -> None:
        with pytest.raises(ValueError, match="out of range"):
            format_ticket(DAY, serial)


class TestTicketOrder:
    """Sorting tickets as text sorts them by filing day, then by serial."""

    @given(first=st.tuples(_days, _serials), second=st.tuples(_days, _serials))
    def test_text_order_is_day_then_serial_order(
        self, first: tuple[date, int], second: tuple[date, int]
    ) -> None:
        tickets = format_ticket(*first), format_ticket(*second)
        assert (tickets[0] < tickets[1]) == (first < second)
        assert (tickets[0] == tickets[1]) == (first == second)

    @given(st.lists(st.tuples(_days, _serials), max_size=20))
    def test_sorted_tickets_follow_sorted_filings(self, filings: list[tuple[date, int]]) -> None:
        assert sorted(format_ticket(*f) for f in filings) == [
            format_ticket(*f) for f in sorted(filings)
        ]


class TestNormaliseAcceptsWhatPeopleType:
    """Lower case, no dash, spaces and the look-alike letters all lead to the canonical ticket."""

    @pytest.mark.parametrize(
        ("typed", "ticket"),
        [
            ("261128-001T", "261128-001T"),
            ("261128-001t", "261128-001T"),
            ("261128001T", "261128-001T"),
            ("261128 001T", "261128-001T"),
            (" 26 11 28 - 00 1T ", "261128-001T"),
            ("261128.001T", "261128-001T"),
            pytest.param("261128-OO1T", "261128-001T", id="O for 0"),
            pytest.param("261128-oo1t", "261128-001T", id="o for 0, lower case"),
            pytest.param("261128-00IT", "261128-001T", id="I for 1"),
            pytest.param("261128-00lT", "261128-001T", id="l for 1"),
            pytest.param("26II28-001T", "261128-001T", id="I for 1 in the date"),
            pytest.param("2611280O1t", "261128-001T", id="everything at once"),
        ],
    )
    def test_returns_the_canonical_ticket(self, typed: str, ticket: str) -> None:
        assert format_ticket(DAY, 1) == "261128-001T"
        assert normalise_ticket(typed) == ticket

    @given(day=_days, serial=_serials)
    def test_every_issued_ticket_normalises_to_itself(self, day: date, serial: int) -> None:
        ticket = format_ticket(day, serial)
        assert normalise_ticket(ticket) == ticket
        assert normalise_ticket(ticket.lower().replace("-", " ")) == ticket


class TestNormaliseRefusesGarbage:
    """Text that is not shaped like a ticket is not one."""

    @pytest.mark.parametrize(
        "typed",
        [
            "",
            "-",
            "tiket",
            "261128-001",
            "261128-001TT",
            "26112-8001TA",
            "A61128-001T",
            "261128_001T",
            "261128/001T",
            "3271046501900001",
            "261128-00!T",
        ],
    )
    def test_returns_none(self, typed: str) -> None:
        assert normalise_ticket(typed) is None


class TestNormaliseRefusesOneChangedCharacter:
    """Changing any single character of a ticket is caught by the check character.

    The one exception is 0 and Z in the serial: their values, 0 and 31, differ by
    exactly the check modulus 31, so the check cannot tell them apart (see
    TestKnownGapOfTheModulo31Check).
    """

    @pytest.mark.parametrize("ticket", SAMPLE_TICKETS)
    def test_refuses_every_substitution_except_zero_for_z(self, ticket: str) -> None:
        original = compact(ticket)
        passed = []
        for position, old in enumerate(original):
            for new in ALPHABET:
                if new == old or (position in (6, 7, 8) and zero_z_exchange(old, new)):
                    continue
                changed = original[:position] + new + original[position + 1 :]
                if normalise_ticket(changed) is not None:
                    passed.append(changed)
        assert passed == []

    @pytest.mark.parametrize("ticket", SAMPLE_TICKETS)
    def test_refuses_every_changed_check_character(self, ticket: str) -> None:
        original = compact(ticket)
        for new in ALPHABET.replace(original[9], ""):
            assert normalise_ticket(original[:9] + new) is None, new


class TestNormaliseRefusesSwappedNeighbours:
    """Swapping two neighbouring distinct characters is caught, except a 0 next to a Z."""

    @pytest.mark.parametrize("ticket", SAMPLE_TICKETS)
    def test_refuses_every_swap(self, ticket: str) -> None:
        original = compact(ticket)
        for position in range(len(original) - 1):
            left, right = original[position], original[position + 1]
            if left == right or zero_z_exchange(left, right):
                continue
            swapped = original[:position] + right + left + original[position + 2 :]
            assert normalise_ticket(swapped) is None, swapped

    @given(day=_days, serial=_serials)
    def test_refuses_every_swap_of_any_ticket(self, day: date, serial: int) -> None:
        original = compact(format_ticket(day, serial))
        for position in range(len(original) - 1):
            left, right = original[position], original[position + 1]
            if left == right or zero_z_exchange(left, right):
                continue
            swapped = original[:position] + right + left + original[position + 2 :]
            assert normalise_ticket(swapped) is None, swapped


class TestTheLetterZIsNotUsed:
    """Z is left out so the alphabet has 31 characters and the check catches every typo."""

    def test_a_ticket_with_z_is_refused(self) -> None:
        assert normalise_ticket("261128-Z01T") is None


class TestNormaliseNeverRaises:
    """Whatever the text, the answer is a ticket or None, never an exception.

    Python's `\\d` also matches non-ASCII digits (full-width, Arabic-Indic, ...), which
    have no value in the check alphabet.
    """

    @pytest.mark.parametrize(
        "typed",
        [
            pytest.param("２６１１２８-001T", id="full-width digits"),
            pytest.param("٢٦١١٢٨-001T", id="Arabic-Indic digits"),
            pytest.param("261128-00１T", id="one full-width digit in the serial"),
        ],
    )
    def test_non_ascii_digits_give_none_or_the_ticket(self, typed: str) -> None:
        assert normalise_ticket(typed) in (None, "261128-001T")

    @given(
        date_digits=st.text(st.characters(categories=["Nd"]), min_size=6, max_size=6),
        rest=st.text(st.sampled_from(ALPHABET), min_size=4, max_size=4),
    )
    def test_any_six_digits_and_four_characters(self, date_digits: str, rest: str) -> None:
        result = normalise_ticket(date_digits + "-" + rest)
        assert result is None or _SHAPE.match(result)

    def test_a_ticket_found_in_text_with_other_digits_does_not_crash_normalising(self) -> None:
        match = TICKET_IN_TEXT.search("tiket saya ٢٦١١٢٨-001T")
        if match is not None:
            assert normalise_ticket(match.group()) in (None, "261128-001T")


class TestTicketInText:
    """A ticket typed anywhere in a message is found."""

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            ("Tiket saya 261128-001T, mohon dicek", "261128-001T"),
            ("cek status 261128001t ya", "261128001t"),
            ("nomor 261128 001T.", "261128 001T"),
            ("261128-001T", "261128-001T"),
        ],
    )
    def test_finds_the_ticket(self, text: str, found: str) -> None:
        match = TICKET_IN_TEXT.search(text)
        assert match is not None and match.group() == found
        assert normalise_ticket(match.group()) == "261128-001T"

    @pytest.mark.parametrize(
        "text",
        ["tidak ada nomor", "NIK 3271046501900001", "telepon 081234567890", "x261128-001T"],
    )
    def test_finds_nothing_where_there_is_no_ticket(self, text: str) -> None:
        assert TICKET_IN_TEXT.search(text) is None
