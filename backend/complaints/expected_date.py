"""The one expected completion date of a complaint, and when and why it moves.

The citizen reads it as "perkiraan selesai" (receipt, status view, status messages) and
the panel shows it as "Tenggat"; docs/expected-date.md says what it means. It is set
once at receipt and moves only later, never earlier, and only for a reason the
status message then names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from backend.casefiles.models import Category, ComplaintStatus
from backend.casefiles.sla import (
    STATUTORY_LIMIT_DAYS,
    add_working_days,
    due_date,
    working_days_between,
)
from backend.clock import local_date

# Statuses in which office staff (or an agency) owe the next step: the date is their deadline.
CLOCK_RUNS = frozenset(
    {
        ComplaintStatus.RECEIVED,
        ComplaintStatus.IN_REVIEW,
        ComplaintStatus.IN_PROGRESS,
        ComplaintStatus.REFERRED,
    }
)
_FINISHED = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED, ComplaintStatus.REJECTED})


class DateMove(StrEnum):
    """Why the expected date moved; each has its sentence in notifications.ftl."""

    INFO_PAUSE = "info_pause"  # the complaint waited for the citizen's answer
    HANDLING = "handling"  # handling in house needs more time than the date left
    REFERRAL = "referral"  # the agency's own clock ends later
    APPEAL = "appeal"  # an appeal opened a new review


@dataclass(frozen=True, slots=True)
class ExpectedDate:
    """The date after an event, the one before it, and why it moved (None if it did not)."""

    on: date | None
    before: date | None = None
    moved: DateMove | None = None
    # The working days behind the move, for the sentence that explains it.
    days: int = 0


def first_expected_date(category: Category, now: datetime) -> date:
    """The date given at receipt: triage, disposition and resolution in working days."""
    total = category.sla_triage_days + category.sla_disposition_days + category.sla_resolution_days
    return due_date(now, total, now)


def next_expected_date(
    *,
    current: date | None,
    category: Category,
    source: ComplaintStatus | None,
    dest: ComplaintStatus,
    now: datetime,
    file_complete_at: datetime | None,
    waiting_since: datetime | None = None,
) -> ExpectedDate:
    """The expected date once a complaint moves from `source` to `dest` at `now`.

    `waiting_since` is when it began to wait for the citizen (needs_info), if it did.
    """
    if dest == ComplaintStatus.RECEIVED:
        return ExpectedDate(first_expected_date(category, now))
    if dest in _FINISHED or dest == ComplaintStatus.PENDING_APPROVAL:
        return ExpectedDate(None)
    if dest == ComplaintStatus.NEEDS_INFO:
        # On hold, not gone: the citizen still reads it, and it moves when they answer.
        return ExpectedDate(current)
    if dest == ComplaintStatus.IN_REVIEW and source == ComplaintStatus.RESOLVED:
        days = category.sla_disposition_days + category.sla_resolution_days
        return ExpectedDate(due_date(now, days, now), current, DateMove.APPEAL, days)
    if current is None:  # rows from before the date was kept through every step
        return ExpectedDate(_step_date(category, dest, now, file_complete_at)[0])
    if dest == ComplaintStatus.IN_REVIEW and source == ComplaintStatus.NEEDS_INFO:
        return _after_pause(current, now, file_complete_at, waiting_since)
    if dest in (ComplaintStatus.IN_PROGRESS, ComplaintStatus.REFERRED):
        candidate, days = _step_date(category, dest, now, file_complete_at)
        if candidate > current:
            move = DateMove.REFERRAL if dest == ComplaintStatus.REFERRED else DateMove.HANDLING
            return ExpectedDate(candidate, current, move, days)
    return ExpectedDate(current)


def staff_deadline(status: ComplaintStatus, expected: date | None) -> date | None:
    """The deadline the queue sorts and flags by: the same date while a staff clock runs."""
    return expected if status in CLOCK_RUNS else None


def _step_date(
    category: Category, dest: ComplaintStatus, now: datetime, file_complete_at: datetime | None
) -> tuple[date, int]:
    if dest == ComplaintStatus.REFERRED:
        days = category.sla_referral_days
    elif dest == ComplaintStatus.IN_PROGRESS:
        days = category.sla_resolution_days
    else:
        days = category.sla_disposition_days + category.sla_resolution_days
    return due_date(now, days, file_complete_at), days


def _after_pause(
    current: date, now: datetime, file_complete_at: datetime | None, waiting_since: datetime | None
) -> ExpectedDate:
    # The office's clock stood still while the citizen was asked: it resumes where it was.
    if waiting_since is None:
        return ExpectedDate(current)
    waited = working_days_between(local_date(waiting_since), local_date(now))
    if not waited:
        return ExpectedDate(current)
    moved = add_working_days(current, waited)
    if file_complete_at is not None:
        moved = min(moved, local_date(file_complete_at) + timedelta(days=STATUTORY_LIMIT_DAYS))
    if moved <= current:
        return ExpectedDate(current)
    return ExpectedDate(moved, current, DateMove.INFO_PAUSE, waited)
