"""SLA deadlines in working days, skipping weekends and Indonesian holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from backend.clock import local_date

# Perpres 76/2013: a complaint is settled within 60 days of its file being complete.
STATUTORY_LIMIT_DAYS = 60

# Government offices also close on cuti bersama (collective leave days).
_HOLIDAY_CATEGORIES = ("public", "government")


@lru_cache(maxsize=16)
def _holidays_of(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(
        "ID", years=year, categories=_HOLIDAY_CATEGORIES, language="id"
    )


def holiday_name(day: date) -> str | None:
    """The name of the Indonesian holiday on that day, if any."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday or cuti bersama."""
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end`."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def due_date(started_at: datetime, working_days: int, file_complete_at: datetime | None) -> date:
    """The deadline of a step, never later than the statutory limit for the file."""
    due = add_working_days(local_date(started_at), working_days)
    if file_complete_at is not None:
        limit = local_date(file_complete_at) + timedelta(days=STATUTORY_LIMIT_DAYS)
        due = min(due, limit)
    return due
