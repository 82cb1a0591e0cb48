"""The dashboard (/panel/dashboard): the period's complaints by status, category and kecamatan,
volume per week, open and overdue work by assignee, the median days to resolve, and the
complaints by outreach source and kelurahan (dashboard_outreach).

The figures come from backend.complaints.stats; this module turns them into
SVG charts (dashboard_charts) with their numbers as tables, each row leading
to the queue filtered the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backend.clock import local_date, utcnow
from backend.complaints.stats import DashboardFigures, Period, dashboard_figures
from backend.errors import InvalidInput
from backend.panel.dashboard_charts import (
    Bar,
    Chart,
    Segment,
    TableRow,
    bar_chart,
    column_chart,
)
from backend.panel.dashboard_outreach import sources_chart
from backend.panel.deps import PanelStaff, Session, require_roles
from backend.panel.i18n import Texts, texts_for
from backend.panel.nav import DASHBOARD_ROLES, OUTBOX_ROLES
from backend.panel.outbox_health import PARKED_PATH, outbox_health
from backend.panel.problems import Problem
from backend.panel.rendering import query_string, render

router = APIRouter(prefix="/panel/dashboard", include_in_schema=False)
DashboardStaff = Depends(require_roles(*DASHBOARD_ROLES))


def _read_period(request: Request, today: date) -> tuple[Period, dict[str, str], str | None]:
    values = {
        name: str(request.query_params.get(name) or "").strip()
        for name in ("created_from", "created_to")
    }
    default = Period.last_weeks(today)
    if not values["created_from"] and not values["created_to"]:
        return default, values, None
    try:
        first = date.fromisoformat(values["created_from"]) if values["created_from"] else None
        last = date.fromisoformat(values["created_to"]) if values["created_to"] else today
    except ValueError:
        return default, values, "dashboard-invalid-date"
    try:
        return Period.checked(first or last - timedelta(weeks=12), last), values, None
    except InvalidInput:
        return default, values, "dashboard-invalid-period"


def _queue(period: Period, **filters: Any) -> str:
    params = {
        **filters,
        "created_from": period.first_day.isoformat(),
        "created_to": period.last_day.isoformat(),
    }
    return "/panel?" + query_string(params)


def _desc(t: Texts, bars: list[Bar]) -> str:
    items = "; ".join(bar.spoken for bar in bars)
    return t("dashboard-chart-desc", items=items or t("dashboard-no-data"))


class _Charts:
    """Builds the dashboard's charts in the viewer's language."""

    def __init__(self, t: Texts, figures: DashboardFigures) -> None:
        self.t = t
        self.figures = figures
        self.period = figures.period

    def number(self, value: float) -> str:
        """A figure as the viewer reads numbers (1.234 or 1,234; 4,5 or 4.5)."""
        return format_decimal(value, format="#,##0.#", locale=self.t.language)

    def counts(
        self, chart_id: str, title: str, note: str, column: str,
        rows: Sequence[tuple[str, int, str, str | None]],
    ) -> Chart:  # fmt: skip
        """A bar chart of counts; rows are (label, count, bar class, queue link)."""
        bars = [
            Bar(label, (Segment(count, css),), self.number(count)) for label, count, css, _ in rows
        ]
        svg = bar_chart(chart_id, title, _desc(self.t, bars), bars) if rows else None
        table = [TableRow([label, self.number(count)], href) for label, count, _, href in rows]
        return Chart(chart_id, title, note, svg, [column, self.t("dashboard-count")], table)

    def by_status(self) -> Chart:
        """Complaints of the period per status."""
        t = self.t
        rows = [
            (t.label("status", row.status), row.count, f"bar bar-{row.status.value}",
             _queue(self.period, status=[row.status.value]))
            for row in self.figures.by_status
        ]  # fmt: skip
        return self.counts(
            "chart-status", t("dashboard-by-status"), t("dashboard-by-status-note"),
            t("col-status"), rows,
        )  # fmt: skip

    def by_category(self) -> Chart:
        """Complaints of the period per category."""
        t = self.t
        rows = [
            (row.name_en if t.language == "en" else row.name_id, row.count, "bar",
             _queue(self.period, category=row.code))
            for row in self.figures.by_category
        ]  # fmt: skip
        return self.counts(
            "chart-category", t("dashboard-by-category"), t("dashboard-period-note"),
            t("col-category"), rows,
        )  # fmt: skip

    def by_kecamatan(self) -> Chart:
        """Complaints of the period per kecamatan."""
        t = self.t
        rows = [
            (row.name or t("dashboard-no-kelurahan"), row.count, "bar",
             _queue(self.period, kecamatan=row.code) if row.code else None)
            for row in self.figures.by_kecamatan
        ]  # fmt: skip
        return self.counts(
            "chart-kecamatan", t("dashboard-by-kecamatan"), t("dashboard-period-note"),
            t("queue-kecamatan"), rows,
        )  # fmt: skip

    def weekly(self) -> Chart:
        """Complaints filed per week of the period."""
        t = self.t
        columns, table = [], []
        for week in self.figures.weekly:
            label = t.day(week.first_day)
            count = self.number(week.count)
            short = format_date(week.first_day, "d MMM", locale=t.language)
            columns.append(Bar(short, (Segment(week.count, "bar"),), count, long_label=label))
            first = max(week.first_day, self.period.first_day)
            last = min(week.first_day + timedelta(days=6), self.period.last_day)
            href = "/panel?" + query_string(
                {"created_from": first.isoformat(), "created_to": last.isoformat()}
            )
            shown = label + (f" ({t('dashboard-partial-week')})" if week.partial else "")
            table.append(TableRow([shown, self.number(week.count)], href))
        title = t("dashboard-weekly")
        svg = column_chart("chart-weekly", title, _desc(t, columns), columns)
        return Chart(
            "chart-weekly", title, t("dashboard-weekly-note"), svg,
            [t("dashboard-week"), t("dashboard-count")], table,
        )  # fmt: skip

    def workload(self) -> Chart:
        """Open and overdue complaints per assignee, now."""
        t = self.t
        bars, table = [], []
        for load in self.figures.workload:
            name = load.name or t("unassigned")
            value = t("dashboard-workload-value", overdue=load.overdue, open=load.open)
            short = t("dashboard-workload-short", overdue=load.overdue, open=load.open)
            segments = (
                Segment(load.overdue, "bar bar-overdue"),
                Segment(load.open - load.overdue, "bar bar-open"),
            )
            bars.append(Bar(name, segments, short, long_value=value))
            assignee = str(load.staff_id) if load.staff_id else "none"
            href = "/panel?" + query_string({"assignee": assignee, "overdue": load.overdue > 0})
            table.append(TableRow([name, self.number(load.open), self.number(load.overdue)], href))
        title = t("dashboard-workload")
        svg = bar_chart("chart-workload", title, _desc(t, bars), bars) if bars else None
        columns = [t("col-assignee"), t("dashboard-open"), t("due-overdue")]
        legend = (("bar bar-overdue", t("due-overdue")), ("bar bar-open", t("dashboard-on-time")))
        return Chart(
            "chart-workload", title, t("dashboard-workload-note"), svg, columns, table, legend
        )

    def resolution(self) -> Chart:
        """Median days to resolve per category."""
        t = self.t
        bars, table = [], []
        for row in self.figures.resolution.by_category:
            name = row.name_en if t.language == "en" else row.name_id
            days = t("dashboard-days", days=self.number(row.median_days))
            bars.append(Bar(name, (Segment(row.median_days, "bar bar-days"),), days))
            table.append(
                TableRow(
                    [name, self.number(row.resolved), days], _queue(self.period, category=row.code)
                )
            )
        title = t("dashboard-resolution")
        svg = bar_chart("chart-resolution", title, _desc(t, bars), bars) if bars else None
        columns = [t("col-category"), t("dashboard-resolved"), t("dashboard-median")]
        return Chart("chart-resolution", title, t("dashboard-resolution-note"), svg, columns, table)


@router.get("")
async def dashboard(
    request: Request, session: Session, staff: PanelStaff = DashboardStaff
) -> Response:
    """The dashboard for a period of filing dates (the last 12 weeks unless chosen)."""
    t = texts_for(staff.language)
    today = local_date(utcnow())
    period, values, problem_key = _read_period(request, today)
    figures = await dashboard_figures(session, staff.actor, period, today)
    outbox = await outbox_health(session, utcnow()) if staff.role in OUTBOX_ROLES else None
    charts = _Charts(t, figures)
    median = figures.resolution.median_days
    context = {
        "values": values,
        "period": period,
        "figures": figures,
        "median": t("dashboard-days", days=charts.number(median)) if median is not None else "–",
        "number": charts.number,
        "charts": [
            charts.by_status(),
            charts.weekly(),
            charts.by_category(),
            charts.by_kecamatan(),
            charts.workload(),
            charts.resolution(),
            await sources_chart(session, staff.actor, t, period, charts.number),
        ],
        "problem": Problem(422, t(problem_key)) if problem_key else None,
        "queue_period": _queue(period),
        "outbox": outbox,
        "parked_path": PARKED_PATH,
    }
    return render(request, "dashboard.html", context, status_code=422 if problem_key else 200)
