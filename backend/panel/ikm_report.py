"""The IKM report (/panel/reports/ikm) and its files (.xlsx, .pdf) for the dashboard's roles.

The period is of WIB dates of submission, the current quarter unless chosen (the
regulation asks for at least one survey a year; offices publish per quarter or semester).
The figures come from backend.satisfaction.report; the files from ikm_files.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backend.clock import local_date, utcnow
from backend.complaints.stats import Period
from backend.errors import InvalidInput
from backend.office.settings import office_settings
from backend.panel.deps import PanelStaff, Session, require_roles
from backend.panel.i18n import texts_for
from backend.panel.ikm_files import (
    element_header,
    element_rows,
    group_header,
    group_rows,
    ikm_pdf,
    ikm_xlsx,
    number,
)
from backend.panel.nav import DASHBOARD_ROLES
from backend.panel.problems import Problem
from backend.panel.rendering import SECURITY_HEADERS, query_string, render
from backend.satisfaction.report import ikm_report

PATH = "/panel/reports/ikm"
router = APIRouter(include_in_schema=False)
IkmStaff = Depends(require_roles(*DASHBOARD_ROLES))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def this_quarter(today: date) -> Period:
    """The calendar quarter (triwulan) of today, up to today."""
    return Period(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)


def _read_period(request: Request) -> tuple[Period, dict[str, str], str | None]:
    values = {name: str(request.query_params.get(name) or "").strip() for name in ("from", "to")}
    default = this_quarter(local_date(utcnow()))
    if not values["from"] and not values["to"]:
        return default, values, None
    try:
        first = date.fromisoformat(values["from"]) if values["from"] else default.first_day
        last = date.fromisoformat(values["to"]) if values["to"] else default.last_day
        return Period.checked(first, last), values, None
    except ValueError:
        return default, values, "dashboard-invalid-date"
    except InvalidInput:
        return default, values, "dashboard-invalid-period"


def _file_name(period: Period, extension: str) -> str:
    return f"ikm-{period.first_day.isoformat()}-{period.last_day.isoformat()}.{extension}"


@router.get(PATH)
async def ikm_page(request: Request, session: Session, staff: PanelStaff = IkmStaff) -> Response:
    """The period's IKM: overall with its grade, the nine elements, per category and channel."""
    t = texts_for(staff.language)
    period, values, problem_key = _read_period(request)
    report = await ikm_report(session, staff.actor, period)
    categories, channels = group_rows(t, report)
    files = query_string({"from": period.first_day.isoformat(), "to": period.last_day.isoformat()})
    context = {
        "values": values,
        "period": period,
        "report": report,
        "ikm": number(report.overall.ikm),
        "grade": report.overall.grade,
        "elements": (element_header(t), element_rows(t, report.overall)),
        "categories": (group_header(t, t("col-category")), categories),
        "channels": (group_header(t, t("complaint-channel")), channels),
        "xlsx_href": f"{PATH}.xlsx?{files}",
        "pdf_href": f"{PATH}.pdf?{files}",
        "problem": Problem(422, t(problem_key)) if problem_key else None,
    }
    return render(request, "ikm_report.html", context, status_code=422 if problem_key else 200)


@router.get(PATH + ".xlsx")
async def ikm_xlsx_file(
    request: Request, session: Session, staff: PanelStaff = IkmStaff
) -> Response:
    """The report as an XLSX workbook."""
    period, _, problem_key = _read_period(request)
    if problem_key:
        return Response(texts_for(staff.language)(problem_key), status_code=422)
    report = await ikm_report(session, staff.actor, period)
    return _download(ikm_xlsx(texts_for(staff.language), report), XLSX, _file_name(period, "xlsx"))


@router.get(PATH + ".pdf")
async def ikm_pdf_file(
    request: Request, session: Session, staff: PanelStaff = IkmStaff
) -> Response:
    """The report as a PDF for publication."""
    period, _, problem_key = _read_period(request)
    if problem_key:
        return Response(texts_for(staff.language)(problem_key), status_code=422)
    report = await ikm_report(session, staff.actor, period)
    office = await office_settings(session)
    heading = f"{office.letterhead_government} · {office.office_name}"
    pdf = ikm_pdf(texts_for(staff.language), report, heading)
    return _download(pdf, "application/pdf", _file_name(period, "pdf"))


def _download(content: bytes, media_type: str, name: str) -> Response:
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)
