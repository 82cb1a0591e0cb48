"""What people type as NIK, KK, phone number and name: normalised or refused with a reason."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.citizens.validators import (
    NAME_MAX_LENGTH,
    PROVINCE_CODES,
    InvalidValue,
    parse_kk,
    parse_name,
    parse_nik,
    parse_phone,
)
from backend.config import PROJECT_ROOT

TODAY = date(2026, 11, 28)


def nik(
    region: str = "327104",
    day: int = 25,
    month: int = 1,
    year: int = 90,
    *,
    female: bool = False,
    serial: str = "0001",
) -> str:
    """A NIK from its parts; `day` is the real day, `female` adds 40 as the card does."""
    return f"{region}{day + 40 if female else day:02d}{month:02d}{year:02d}{serial}"


def refusal_code(parse, text: str, **kwargs) -> str:
    """The catalog key a parser refuses `text` with; fails the test if it accepts it."""
    with pytest.raises(InvalidValue) as refused:
        parse(text, **kwargs)
    return refused.value.code


# --- NIK ---------------------------------------------------------------------------------


class TestNikAsPeopleTypeIt:
    """A NIK copied from a card with spaces, dots or dashes is the same NIK."""

    @pytest.mark.parametrize(
        "typed",
        [
            "3271046501900001",
            "3271 0465 0190 0001",
            "32.71.04.650190.0001",
            "3271-04-650190-0001",
            "  3271046501900001 \n",
            "3271 04 6501 90 0001",
        ],
    )
    def test_normalises_separators_to_sixteen_digits(self, typed: str) -> None:
        assert parse_nik(typed, today=TODAY).value == "3271046501900001"


class TestNikMustBeSixteenDigits:
    """Anything but exactly sixteen ASCII digits is refused, saying which is wrong."""

    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            ("327104650190000", "nik.length"),
            ("32710465019000011", "nik.length"),
            ("3271 0465 0190", "nik.length"),
            ("3271O46501900001", "nik.not_digits"),
            ("3271/04/650190/0001", "nik.not_digits"),
            ("３２７１０４６５０１９０００１", "nik.not_digits"),
            ("NIK saya 3271046501900001", "nik.not_digits"),
        ],
    )
    def test_refuses_with_the_right_code(self, typed: str, code: str) -> None:
        assert refusal_code(parse_nik, typed, today=TODAY) == code


class TestNikBirthDateOfWomen:
    """Women's NIKs carry day + 40: days 41-71 mean female and the real day is day - 40."""

    @pytest.mark.parametrize(
        ("typed", "born", "is_female"),
        [
            ("3271042501900001", date(1990, 1, 25), False),
            ("3271046501900001", date(1990, 1, 25), True),
            ("3271040101900001", date(1990, 1, 1), False),
            ("3271044101900001", date(1990, 1, 1), True),
            ("3271043112890001", date(1989, 12, 31), False),
            ("3271047112890001", date(1989, 12, 31), True),
            ("3271046902240001", date(2024, 2, 29), True),
        ],
    )
    def test_reads_sex_and_real_birth_date(self, typed: str, born: date, is_female: bool) -> None:
        parsed = parse_nik(typed, today=TODAY)
        assert (parsed.birth_date, parsed.is_female) == (born, is_female)


class TestNikWithImpossibleBirthDate:
    """A birth date that does not exist on the calendar is refused as nik.birth_date."""

    @pytest.mark.parametrize(
        "typed",
        [
            pytest.param(nik(day=0), id="day 00"),
            pytest.param(nik(day=32), id="day 32"),
            pytest.param("3271044001900001", id="day 40: neither a man's nor a woman's day"),
            pytest.param("3271047201900001", id="day 72: a woman's day 32"),
            pytest.param(nik(month=13), id="month 13"),
            pytest.param(nik(month=0), id="month 00"),
            pytest.param(nik(day=30, month=2), id="30 February"),
            pytest.param(nik(day=30, month=2, female=True), id="30 February, woman"),
            pytest.param(nik(day=29, month=2, year=25), id="29 February 2025 and 1925"),
            pytest.param(nik(day=29, month=2, year=25, female=True), id="29 February 2025, woman"),
            pytest.param(nik(day=31, month=4), id="31 April"),
        ],
    )
    def test_refuses_it(self, typed: str) -> None:
        assert refusal_code(parse_nik, typed, today=TODAY) == "nik.birth_date"

    def test_accepts_29_february_of_a_leap_year(self) -> None:
        assert parse_nik(nik(day=29, month=2, year=24), today=TODAY).birth_date == date(2024, 2, 29)


class TestNikTwoDigitYear:
    """A two-digit year is the latest year ending in those digits that is not in the future."""

    @pytest.mark.parametrize(
        ("day", "month", "year", "today", "born"),
        [
            (1, 1, 25, TODAY, date(2025, 1, 1)),
            (28, 11, 26, TODAY, date(2026, 11, 28)),
            (29, 11, 26, TODAY, date(1926, 11, 29)),
            (1, 1, 27, TODAY, date(1927, 1, 1)),
            (1, 1, 0, TODAY, date(2000, 1, 1)),
            (31, 12, 99, TODAY, date(1999, 12, 31)),
            (2, 1, 26, date(2026, 1, 1), date(1926, 1, 2)),
            (29, 11, 26, date(2027, 1, 1), date(2026, 11, 29)),
        ],
    )
    def test_resolves_to_the_most_recent_past_year(
        self, day: int, month: int, year: int, today: date, born: date
    ) -> None:
        assert parse_nik(nik(day=day, month=month, year=year), today=today).birth_date == born


class TestNikRegion:
    """An unknown region is refused; a NIK issued outside Kota Bogor is accepted and flagged."""

    @pytest.mark.parametrize(
        "region",
        [
            pytest.param("997104", id="province 99 does not exist"),
            pytest.param("107104", id="province 10 does not exist"),
            pytest.param("000104", id="province 00"),
            pytest.param("320004", id="city 00"),
            pytest.param("327100", id="district 00"),
        ],
    )
    def test_refuses_an_unknown_region(self, region: str) -> None:
        assert refusal_code(parse_nik, nik(region=region), today=TODAY) == "nik.region"

    @pytest.mark.parametrize(
        ("region", "in_kota_bogor"),
        [
            pytest.param("327104", True, id="Kota Bogor, Bogor Barat"),
            pytest.param("327101", True, id="Kota Bogor, Bogor Selatan"),
            pytest.param("320104", False, id="Kabupaten Bogor"),
            pytest.param("317101", False, id="Jakarta Pusat"),
            pytest.param("947101", False, id="a Papua province of 2022"),
        ],
    )
    def test_accepts_any_known_region_and_flags_where_it_was_issued(
        self, region: str, in_kota_bogor: bool
    ) -> None:
        parsed = parse_nik(nik(region=region), today=TODAY)
        assert parsed.region_code == region
        assert parsed.issued_in_kota_bogor is in_kota_bogor


class TestNikSerial:
    """Serial 0000 is never issued."""

    def test_refuses_serial_zero(self) -> None:
        assert refusal_code(parse_nik, nik(serial="0000"), today=TODAY) == "nik.serial"

    @pytest.mark.parametrize("serial", ["0001", "0420", "9999"])
    def test_accepts_any_other_serial(self, serial: str) -> None:
        assert parse_nik(nik(serial=serial), today=TODAY).value.endswith(serial)


_separators = st.text(alphabet=" .-", max_size=3)


@st.composite
def typed_niks(draw: st.DrawFn) -> tuple[str, str, date, bool]:
    """A valid NIK, the same NIK typed with separators, its birth date and sex."""
    region = (
        draw(st.sampled_from(sorted(PROVINCE_CODES)))
        + f"{draw(st.integers(1, 99)):02d}"
        + f"{draw(st.integers(1, 99)):02d}"
    )
    # Within the 100 years before TODAY, a two-digit year names exactly one date.
    born = draw(st.dates(min_value=date(1926, 11, 29), max_value=TODAY))
    female = draw(st.booleans())
    serial = f"{draw(st.integers(1, 9999)):04d}"
    value = nik(region, born.day, born.month, born.year % 100, female=female, serial=serial)
    gaps = draw(st.lists(_separators, min_size=len(value) + 1, max_size=len(value) + 1))
    typed = gaps[0] + "".join(digit + gap for digit, gap in zip(value, gaps[1:], strict=True))
    return value, typed, born, female


class TestNikSeparatorsNeverChangeTheValue:
    """Spaces, dots and dashes anywhere between the digits of a valid NIK change nothing."""

    @given(typed_niks())
    def test_parses_to_the_same_nik(self, case: tuple[str, str, date, bool]) -> None:
        value, typed, born, female = case
        parsed = parse_nik(typed, today=TODAY)
        assert parsed == parse_nik(value, today=TODAY)
        assert (parsed.value, parsed.birth_date, parsed.is_female) == (value, born, female)


# --- KK ----------------------------------------------------------------------------------


class TestKkAccepted:
    """A family card number is sixteen digits with a known region and a real issue date."""

    @pytest.mark.parametrize(
        "typed",
        ["3271041203150007", "3271 0412 0315 0007", "32.71.04.120315.0007", " 3271-041203-150007 "],
    )
    def test_normalises_to_sixteen_digits(self, typed: str) -> None:
        assert parse_kk(typed, today=TODAY) == "3271041203150007"

    def test_accepts_a_family_card_from_outside_kota_bogor(self) -> None:
        assert parse_kk("3201041203150007", today=TODAY) == "3201041203150007"


class TestKkRefused:
    """A family card number that cannot exist is refused, saying why."""

    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            ("327104120315000", "kk.length"),
            ("32710412031500071", "kk.length"),
            ("3271O41203150007", "kk.not_digits"),
            ("KK 3271041203150007", "kk.not_digits"),
            ("9971041203150007", "kk.region"),
            ("3200041203150007", "kk.region"),
            ("3271043203150007", "kk.issue_date"),
            ("3271041213150007", "kk.issue_date"),
            ("3271043002150007", "kk.issue_date"),
            pytest.param("3271044503150007", "kk.issue_date", id="no day + 40 on a KK"),
        ],
    )
    def test_refuses_with_the_right_code(self, typed: str, code: str) -> None:
        assert refusal_code(parse_kk, typed, today=TODAY) == code


# --- Phone -------------------------------------------------------------------------------


class TestPhoneNormalisedToE164:
    """Indonesian numbers in every usual spelling become +62… (E.164)."""

    @pytest.mark.parametrize(
        ("typed", "e164"),
        [
            ("081234567890", "+6281234567890"),
            ("0812-3456-7890", "+6281234567890"),
            ("0812 3456 7890", "+6281234567890"),
            ("  081234567890\n", "+6281234567890"),
            ("+6281234567890", "+6281234567890"),
            ("+62 812 3456 7890", "+6281234567890"),
            ("+62-812-3456-7890", "+6281234567890"),
            ("6281234567890", "+6281234567890"),
            ("62 812-3456-7890", "+6281234567890"),
            pytest.param("0251 8321234", "+622518321234", id="Bogor landline"),
            pytest.param("(0251) 832-1234", "+622518321234", id="Bogor landline, area in brackets"),
            pytest.param("+62 251 8321234", "+622518321234", id="Bogor landline, international"),
        ],
    )
    def test_normalises(self, typed: str, e164: str) -> None:
        assert parse_phone(typed) == e164


class TestPhoneRefused:
    """Foreign numbers and things that are not numbers are refused, saying which."""

    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            pytest.param("+65 9123 4567", "phone.not_indonesian", id="Singapore"),
            pytest.param("+60 12-345 6789", "phone.not_indonesian", id="Malaysia"),
            pytest.param("+1 650 253 0000", "phone.not_indonesian", id="United States"),
            pytest.param("0812", "phone.invalid", id="too short"),
            pytest.param("0811 1111", "phone.invalid", id="mobile too short"),
            pytest.param("12", "phone.invalid", id="two digits"),
            pytest.param("", "phone.invalid", id="empty"),
            pytest.param("nomor saya", "phone.invalid", id="words"),
            pytest.param("0812345678901234", "phone.invalid", id="too long"),
        ],
    )
    def test_refuses_with_the_right_code(self, typed: str, code: str) -> None:
        assert refusal_code(parse_phone, typed) == code


class TestPhoneNeverBecomesAnotherNumber:
    """Letters in a number are refused or read as the digit meant, never make another number."""

    @pytest.mark.parametrize(
        ("typed", "meant"),
        [
            pytest.param("0812-3456-789O", "+6281234567890", id="letter O for the last zero"),
            pytest.param("0812 3456 78OO", "+6281234567890", id="two letters O for zeros"),
            pytest.param("0812-ABCD-7890", None, id="letters where digits belong"),
        ],
    )
    def test_refuses_or_reads_the_number_meant(self, typed: str, meant: str | None) -> None:
        try:
            parsed = parse_phone(typed)
        except InvalidValue as refused:
            assert refused.code == "phone.invalid"
            return
        assert parsed == meant, f"{typed!r} was stored as a different number, {parsed}"


# --- Names -------------------------------------------------------------------------------


class TestNameAccepted:
    """Names in any script, with spaces, apostrophes, dots and hyphens, come back tidied."""

    @pytest.mark.parametrize(
        ("typed", "name"),
        [
            ("Siti Aminah", "Siti Aminah"),
            ("  Siti    Aminah  ", "Siti Aminah"),
            ("Siti\u00a0Aminah", "Siti Aminah"),
            ("Ni Luh Putu Ayu", "Ni Luh Putu Ayu"),
            ("José Ramos-Horta", "José Ramos-Horta"),
            pytest.param("Jose\u0301", "José", id="decomposed accent composed"),
            ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
            ("محمد", "محمد"),
            ("O'Neil", "O'Neil"),
            ("Nur’aini", "Nur’aini"),
            ("Muh. Ali", "Muh. Ali"),
            ("Abdul-Rahman", "Abdul-Rahman"),
            ("Hj. Siti Nur'aini S.Pd.", "Hj. Siti Nur'aini S.Pd."),
            ("Ab", "Ab"),
        ],
    )
    def test_returns_the_tidied_name(self, typed: str, name: str) -> None:
        assert parse_name(typed) == name

    def test_accepts_the_longest_name_allowed(self) -> None:
        assert parse_name("A" * NAME_MAX_LENGTH) == "A" * NAME_MAX_LENGTH

    def test_counts_length_after_collapsing_spaces(self) -> None:
        assert parse_name("A" + " " * 200 + "B") == "A B"


class TestNameRefused:
    """What cannot be part of a name is refused with the code that explains it."""

    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            pytest.param("Siti2", "name.characters", id="digit"),
            pytest.param("Agus 17", "name.characters", id="number as a word"),
            pytest.param("siti_aminah", "name.characters", id="underscore"),
            pytest.param("Siti 😀", "name.characters", id="emoji"),
            pytest.param("Siti\x00Aminah", "name.characters", id="NUL"),
            pytest.param("Siti\x07", "name.characters", id="bell"),
            pytest.param("Siti\u200bAminah", "name.characters", id="zero-width space (Cf)"),
            pytest.param("\u202eSiti", "name.characters", id="right-to-left override (Cf)"),
            pytest.param("...", "name.characters", id="only dots"),
            pytest.param("'-.’", "name.characters", id="only punctuation"),
            pytest.param("Siti <b>", "name.characters", id="markup"),
            pytest.param("A", "name.too_short", id="one letter"),
            pytest.param("", "name.too_short", id="empty"),
            pytest.param("    ", "name.too_short", id="only spaces"),
            pytest.param("A" * (NAME_MAX_LENGTH + 1), "name.too_long", id="101 letters"),
            pytest.param("Siti " * 25, "name.too_long", id="many words"),
        ],
    )
    def test_refuses_with_the_right_code(self, typed: str, code: str) -> None:
        assert refusal_code(parse_name, typed) == code


_PARSE_NAME_IN_A_CHILD = """
import sys
from backend.citizens.validators import InvalidValue, parse_name
try:
    print(parse_name(sys.argv[1]))
except InvalidValue as refused:
    print(refused.code)
"""


class TestNameCheckTimeIsBounded:
    """A long run of punctuation is refused at once, not after exponential backtracking.

    The name check runs inside the chat handler, so a slow pattern would let one
    message hold a worker (and its event loop) indefinitely. It runs in a child
    process here so that a regression fails after a few seconds instead of hanging.
    """

    @pytest.mark.parametrize(
        "typed",
        [
            pytest.param("A" + "." * 60 + "1", id="letter, 60 dots, digit"),
            pytest.param("Siti" + "' " * 40 + "_", id="letters, 40 apostrophes and spaces, _"),
        ],
    )
    def test_refuses_within_seconds(self, typed: str) -> None:
        try:
            child = subprocess.run(
                [sys.executable, "-c", _PARSE_NAME_IN_A_CHILD, typed],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=5,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"parse_name took more than 5 s on a {len(typed)}-character input")
        assert child.returncode == 0, child.stderr
        assert child.stdout.strip() == "name.characters"
