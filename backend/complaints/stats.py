"""The dashboard's figures: complaints by status, category and kecamatan, volume per week,
open and overdue work by assignee, and the median days to resolve.

Everything but the workload is about the complaints filed in a period of WIB
dates, read through the created_at index: one grouped count gives status,
category and kecamatan at once, one row of conditional counts gives the weeks,
and the median comes from the resolved complaints' durations in Python, which
reads the same on SQLite and PostgreSQL. The workload is the open work as it
stands now, whatever the period.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.access import require_role, visible_to
from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.clock import LOCAL_ZONE
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.errors import InvalidInput
from backend.regions.models import Kecamatan, Kelurahan
from backend.staff.repository import users_named

STATS_READERS = frozenset({ActorRole.BACK_OFFICE, ActorRole.SUPERVISOR, ActorRole.ADMIN})
DEFAULT_WEEKS = 12
# The weekly chart stays readable up to a year; a longer period shows its last 53 weeks.
MAX_WEEKS = 53
# Ten years back is as far as a period may reach (a typo like 0202 would scan everything).
MAX_PERIOD_DAYS = 3660
SECONDS_PER_DAY = 86_400


def _start_of(day: date) -> datetime:
    # Staff think in WIB dates; storage is UTC.
    return datetime.combine(day, time(0), tzinfo=LOCAL_ZONE).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Period:
    """A run of WIB dates, both ends included."""

    first_day: date
    last_day: date

    @classmethod
    def last_weeks(cls, today: date, weeks: int = DEFAULT_WEEKS) -> Period:
        """The `weeks` weeks (Monday first) up to today, this week included."""
        monday = today - timedelta(days=today.weekday())
        return cls(monday - timedelta(weeks=weeks - 1), today)

    @classmethod
    def checked(cls, first_day: date, last_day: date) -> Period:
        """The period, or InvalidInput when it runs backwards or reaches too far."""
        if first_day > last_day:
            raise InvalidInput("The period starts after it ends; swap the dates", field="from")
        if (last_day - first_day).days > MAX_PERIOD_DAYS:
            raise InvalidInput("The period may span ten years at most", field="from")
        return cls(first_day, last_day)

    @property
    def start(self) -> datetime:
        """The first instant of the period (UTC)."""
        return _start_of(self.first_day)

    @property
    def end(self) -> datetime:
        """The first instant after the period (UTC)."""
        return _start_of(self.last_day + timedelta(days=1))

    def week_starts(self) -> list[date]:
        """The Mondays of the weeks the period touches; the last MAX_WEEKS of them."""
        monday = self.first_day - timedelta(days=self.first_day.weekday())
        weeks = []
        while monday <= self.last_day:
            weeks.append(monday)
            monday += timedelta(weeks=1)
        return weeks[-MAX_WEEKS:]


@dataclass(frozen=True, slots=True)
class StatusCount:
    """Complaints filed in the period that now have this status."""

    status: ComplaintStatus
    count: int


@dataclass(frozen=True, slots=True)
class CategoryCount:
    """Complaints filed in the period under a category."""

    code: str
    name_id: str
    name_en: str
    count: int


@dataclass(frozen=True, slots=True)
class KecamatanCount:
    """Complaints filed in the period from a kecamatan; code None: no kelurahan given."""

    code: str | None
    name: str | None
    count: int


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Complaints filed in a week (Monday first), within the period."""

    first_day: date
    count: int
    # The period begins or ends inside this week, so the count covers part of it.
    partial: bool


@dataclass(frozen=True, slots=True)
class Workload:
    """Open complaints of one assignee (None: nobody yet), and how many are overdue."""

    staff_id: int | None
    name: str | None
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class CategoryResolution:
    """How long the resolved complaints of one category took."""

    code: str
    name_id: str
    name_en: str
    resolved: int
    median_days: float


@dataclass(frozen=True, slots=True)
class Resolution:
    """Median calendar days from filing to resolution of the period's resolved complaints."""

    resolved: int
    median_days: float | None
    by_category: list[CategoryResolution]


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    """Everything the dashboard shows."""

    period: Period
    filed: int
    by_status: list[StatusCount]
    by_category: list[CategoryCount]
    by_kecamatan: list[KecamatanCount]
    weekly: list[WeekCount]
    workload: list[Workload]
    resolution: Resolution

    @property
    def open_now(self) -> int:
        """Open complaints now, whenever filed."""
        return sum(load.open for load in self.workload)

    @property
    def overdue_now(self) -> int:
        """Open complaints whose deadline has passed, whenever filed."""
        return sum(load.overdue for load in self.workload)


async def dashboard_figures(
    session: AsyncSession, actor: Actor, period: Period, today: date
) -> DashboardFigures:
    """The dashboard's figures for complaints filed in `period`, and the open work as of today."""
    require_role(actor, STATS_READERS, "see the dashboard")
    # An account limited to areas sees the figures of its areas only.
    scope = visible_to(actor)
    groups = await _grouped_counts(session, period, scope)
    categories = list(await session.scalars(select(Category)))
    return DashboardFigures(
        period=period,
        filed=sum(groups.values()),
        by_status=_by_status(groups),
        by_category=_by_category(groups, categories),
        by_kecamatan=await _by_kecamatan(session, groups, actor),
        weekly=await weekly_volume(session, period, scope),
        workload=await workload(session, today, scope),
        resolution=await resolution_times(session, period, categories, scope),
    )


async def _grouped_counts(
    session: AsyncSession, period: Period, scope: ColumnElement[bool]
) -> Counter[tuple[ComplaintStatus, int, str | None]]:
    # One pass over the period's complaints; the groups are at most statuses x
    # categories x kelurahan (a few thousand), summed three ways in Python.
    statement = (
        select(Complaint.status, Complaint.category_id, Complaint.kelurahan_code, func.count())
        .where(Complaint.created_at >= period.start, Complaint.created_at < period.end, scope)
        .group_by(Complaint.status, Complaint.category_id, Complaint.kelurahan_code)
    )
    return Counter(
        {(status, category, kelurahan): count
         for status, category, kelurahan, count in await session.execute(statement)}
    )  # fmt: skip


def _by_status(groups: Counter[tuple[ComplaintStatus, int, str | None]]) -> list[StatusCount]:
    totals: Counter[ComplaintStatus] = Counter()
    for (status, _, _), count in groups.items():
        totals[status] += count
    return [StatusCount(status, totals[status]) for status in ComplaintStatus]


def _by_category(
    groups: Counter[tuple[ComplaintStatus, int, str | None]], categories: list[Category]
) -> list[CategoryCount]:
    totals: Counter[int] = Counter()
    for (_, category_id, _), count in groups.items():
        totals[category_id] += count
    rows = [
        CategoryCount(c.code, c.name_id, c.name_en, totals[c.id])
        for c in sorted(categories, key=lambda c: (c.sort_order, c.code))
        if c.is_active or totals[c.id]
    ]
    return sorted(rows, key=lambda row: -row.count)


async def _by_kecamatan(
    session: AsyncSession, groups: Counter[tuple[ComplaintStatus, int, str | None]], actor: Actor
) -> list[KecamatanCount]:
    kecamatan_of = dict(
        (await session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code))).all()
    )
    totals: Counter[str | None] = Counter()
    for (_, _, kelurahan), count in groups.items():
        totals[kecamatan_of.get(kelurahan) if kelurahan else None] += count
    # The kecamatan of the actor's areas only: a limited account sees no bar of another.
    shown = {kecamatan_of[code] for code in actor.area_kelurahan or kecamatan_of}
    rows = [
        KecamatanCount(kecamatan.code, kecamatan.name, totals[kecamatan.code])
        for kecamatan in await session.scalars(select(Kecamatan).order_by(Kecamatan.name))
        if kecamatan.code in shown
    ]
    if totals[None]:
        rows.append(KecamatanCount(None, None, totals[None]))
    return sorted(rows, key=lambda row: -row.count)


async def weekly_volume(
    session: AsyncSession, period: Period, scope: ColumnElement[bool]
) -> list[WeekCount]:
    """Complaints filed per week of the period, in one row of conditional counts."""
    weeks = period.week_starts()
    windows = []
    for monday in weeks:
        first = max(monday, period.first_day)
        last = min(monday + timedelta(days=6), period.last_day)
        windows.append((monday, first, last))
    columns = [
        func.count(
            case(
                (and_(Complaint.created_at >= _start_of(first),
                      Complaint.created_at < _start_of(last + timedelta(days=1))), 1)
            )
        )
        for _, first, last in windows
    ]  # fmt: skip
    lower = _start_of(windows[0][1])
    statement = select(*columns).where(
        Complaint.created_at >= lower, Complaint.created_at < period.end, scope
    )
    counts = (await session.execute(statement)).one()
    return [
        WeekCount(monday, count, partial=(last - first).days < 6)
        for (monday, first, last), count in zip(windows, counts, strict=True)
    ]


def is_overdue(today: date) -> ColumnElement[bool]:
    """A complaint still being worked on whose deadline (a WIB date) is before `today`."""
    return and_(Complaint.status.in_(OPEN_STATUSES), Complaint.due_on < today)


async def overdue_count(session: AsyncSession, today: date) -> int:
    """How many complaints are past their deadline now, whoever holds them."""
    statement = select(func.count()).select_from(Complaint).where(is_overdue(today))
    return int((await session.execute(statement)).scalar_one())


async def workload(
    session: AsyncSession, today: date, scope: ColumnElement[bool]
) -> list[Workload]:
    """Open complaints per assignee now, with those past their deadline; most overdue first."""
    statement = (
        select(
            Complaint.assignee_id,
            func.count(),
            func.count(case((is_overdue(today), 1))),
        )
        .where(Complaint.status.in_(OPEN_STATUSES), scope)
        .group_by(Complaint.assignee_id)
    )
    rows = (await session.execute(statement)).all()
    names = await users_named(session, {staff_id for staff_id, _, _ in rows if staff_id})
    loads = [
        Workload(staff_id, names.get(staff_id) if staff_id else None, open_count, overdue)
        for staff_id, open_count, overdue in rows
    ]
    return sorted(loads, key=lambda load: (-load.overdue, -load.open, load.name or ""))


async def resolution_times(
    session: AsyncSession, period: Period, categories: list[Category], scope: ColumnElement[bool]
) -> Resolution:
    """Median days from filing to resolution, of the period's complaints resolved by now.

    Resolved and closed complaints count (closing keeps the resolution time); an
    appealed one counts again once it is resolved again.
    """
    statement = select(Complaint.category_id, Complaint.created_at, Complaint.resolved_at).where(
        Complaint.created_at >= period.start,
        Complaint.created_at < period.end,
        Complaint.resolved_at.is_not(None),
        scope,
    )
    durations: dict[int, list[float]] = {}
    for category_id, created_at, resolved_at in await session.execute(statement):
        assert resolved_at is not None  # the query takes resolved complaints only
        days = (resolved_at - created_at).total_seconds() / SECONDS_PER_DAY
        durations.setdefault(category_id, []).append(days)
    everything = [days for values in durations.values() for days in values]
    by_id = {category.id: category for category in categories}
    per_category = [
        CategoryResolution(
            by_id[category_id].code, by_id[category_id].name_id, by_id[category_id].name_en,
            len(values), statistics.median(values),
        )
        for category_id, values in durations.items()
    ]  # fmt: skip
    return Resolution(
        resolved=len(everything),
        median_days=statistics.median(everything) if everything else None,
        by_category=sorted(per_category, key=lambda row: (-row.median_days, row.code)),
    )
