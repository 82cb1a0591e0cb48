"""SLA deadlines in working days: weekends, holidays, cuti bersama and the 60-day limit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.casefiles.sla import (
    STATUTORY_LIMIT_DAYS,
    add_working_days,
    due_date,
    holiday_name,
    is_working_day,
    working_days_between,
)


class TestWeekends:
    """Saturday and Sunday are never working days."""

    def test_friday_plus_one_working_day_is_monday(self) -> None:
        assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)

    def test_a_whole_week_is_five_working_days(self) -> None:
        assert add_working_days(date(2026, 11, 2), 5) == date(2026, 11, 9)

    @pytest.mark.parametrize("day", [date(2026, 11, 28), date(2026, 11, 29)])
    def test_saturday_and_sunday_are_not_working_days(self, day: date) -> None:
        assert not is_working_day(day)

    def test_counting_from_a_weekend_starts_on_monday(self) -> None:
        assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)


class TestHolidaysAndCutiBersama:
    """Public holidays and cuti bersama (collective leave) close the office like a weekend."""

    @pytest.mark.parametrize(
        "day",
        [
            pytest.param(date(2026, 3, 18), id="cuti bersama Nyepi (Wed)"),
            pytest.param(date(2026, 3, 19), id="Nyepi (Thu)"),
            pytest.param(date(2026, 3, 20), id="cuti bersama Idul Fitri (Fri)"),
            pytest.param(date(2026, 3, 21), id="Idul Fitri (Sat)"),
            pytest.param(date(2026, 3, 22), id="Idul Fitri day two (Sun)"),
            pytest.param(date(2026, 3, 23), id="cuti bersama Idul Fitri (Mon)"),
            pytest.param(date(2026, 3, 24), id="cuti bersama Idul Fitri (Tue)"),
            pytest.param(date(2026, 12, 24), id="cuti bersama Natal"),
            pytest.param(date(2026, 12, 25), id="Natal"),
            pytest.param(date(2026, 1, 1), id="Tahun Baru"),
            pytest.param(date(2026, 8, 17), id="Hari Kemerdekaan"),
        ],
    )
    def test_is_named_and_not_a_working_day(self, day: date) -> None:
        assert holiday_name(day)
        assert not is_working_day(day)

    @pytest.mark.parametrize(
        ("day", "words"),
        [
            (date(2026, 3, 23), ("Cuti Bersama", "Idul Fitri")),
            (date(2026, 12, 24), ("Cuti Bersama", "Natal")),
            (date(2026, 8, 17), ("Kemerdekaan",)),
        ],
    )
    def test_names_it_in_bahasa_indonesia(self, day: date, words: tuple[str, ...]) -> None:
        name = holiday_name(day)
        assert name is not None and all(word in name for word in words), name

    @pytest.mark.parametrize("day", [date(2026, 3, 17), date(2026, 3, 25), date(2026, 12, 23)])
    def test_ordinary_weekdays_around_them_are_working_days(self, day: date) -> None:
        assert holiday_name(day) is None
        assert is_working_day(day)

    def test_the_idul_fitri_week_is_skipped_as_a_whole(self) -> None:
        assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)

    def test_christmas_is_skipped_with_its_cuti_bersama(self) -> None:
        # Wed 23 Dec, then Thu 24 and Fri 25 closed, then the weekend.
        assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)

    def test_working_days_across_the_idul_fitri_week(self) -> None:
        assert working_days_between(date(2026, 3, 16), date(2026, 3, 27)) == 4


class TestAddWorkingDaysArguments:
    """Zero days is the start itself; a negative count is a programming error."""

    @pytest.mark.parametrize(
        "start", [date(2026, 11, 27), date(2026, 11, 28), date(2026, 3, 20), date(2026, 12, 25)]
    )
    def test_zero_days_is_the_start_even_on_a_closed_day(self, start: date) -> None:
        assert add_working_days(start, 0) == start

    def test_negative_days_raise(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            add_working_days(date(2026, 11, 27), -1)

    def test_the_result_is_always_a_working_day(self) -> None:
        start = date(2026, 3, 13)
        for days in range(1, 30):
            assert is_working_day(add_working_days(start, days)), days


_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


class TestWorkingDaysBetweenIsTheInverse:
    """Counting the working days up to a deadline gives back the days that were added."""

    @given(start=_dates, days=st.integers(0, 80))
    def test_counts_back_the_days_added(self, start: date, days: int) -> None:
        assert working_days_between(start, add_working_days(start, days)) == days

    @given(start=_dates, end=_dates)
    def test_adding_the_count_never_passes_the_end(self, start: date, end: date) -> None:
        reached = add_working_days(start, working_days_between(start, end))
        assert reached <= max(start, end)
        if end > start and is_working_day(end):
            assert reached == end

    def test_nothing_lies_between_a_day_and_itself_or_an_earlier_day(self) -> None:
        assert working_days_between(date(2026, 11, 27), date(2026, 11, 27)) == 0
        assert working_days_between(date(2026, 11, 27), date(2026, 11, 1)) == 0


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class TestDueDateStatutoryLimit:
    """A deadline never falls later than 60 calendar days after the file was complete."""

    def test_caps_a_60_working_day_sla_at_60_calendar_days(self) -> None:
        complete = _utc(2026, 2, 2, 3, 0)  # Monday 10:00 WIB
        uncapped = add_working_days(date(2026, 2, 2), 60)
        assert uncapped > date(2026, 2, 2) + timedelta(days=STATUTORY_LIMIT_DAYS)
        assert due_date(complete, 60, complete) == date(2026, 4, 3)

    def test_the_limit_counts_from_the_complete_file_not_from_the_step(self) -> None:
        complete = _utc(2026, 2, 2, 3, 0)
        step_started = _utc(2026, 3, 30, 3, 0)
        assert due_date(step_started, 14, complete) == date(2026, 2, 2) + timedelta(days=60)

    def test_leaves_a_short_sla_alone(self) -> None:
        complete = _utc(2026, 11, 23, 3, 0)  # Monday
        assert due_date(complete, 5, complete) == date(2026, 11, 30)

    def test_without_a_complete_file_there_is_no_cap(self) -> None:
        started = _utc(2026, 2, 2, 3, 0)
        assert due_date(started, 60, None) == add_working_days(date(2026, 2, 2), 60)


class TestDueDateInKotaBogorTime:
    """Deadlines count from the WIB date of the instant, not the UTC date."""

    def test_a_late_utc_evening_is_already_the_next_day_in_jakarta(self) -> None:
        # 2026-11-27T18:00Z is Saturday 2026-11-28 01:00 WIB.
        assert due_date(_utc(2026, 11, 27, 18, 0), 0, None) == date(2026, 11, 28)

    def test_counts_working_days_from_the_wib_date(self) -> None:
        # 2026-11-25T18:00Z is Thursday 26 November in WIB: one working day is Friday,
        # where counting from the UTC date (Wednesday) would give Thursday.
        assert due_date(_utc(2026, 11, 25, 18, 0), 1, None) == date(2026, 11, 27)

    def test_an_instant_just_before_midnight_wib_stays_on_that_day(self) -> None:
        assert due_date(_utc(2026, 11, 27, 16, 59), 0, None) == date(2026, 11, 27)

    def test_the_cap_uses_the_wib_date_of_the_complete_file(self) -> None:
        complete = _utc(2026, 11, 27, 18, 0)  # 2026-11-28 in WIB
        assert due_date(complete, 60, complete) == date(2026, 11, 28) + timedelta(days=60)
