"""Export of the filtered queue (/panel/export, /panel/export.csv, /panel/export.xlsx).

The filters are read exactly as the queue page reads them (queue.read_filters),
so a link from the queue exports what the queue shows. A plain GET downloads
with NIK masked; the export page posts its form (with the CSRF token, and the
search text kept out of the address), which is also the only way to ask for
full NIKs: a link from another site cannot make a supervisor's browser save a
list of identity numbers. The rows, the cap and the audit record are the
service's (backend.complaints.export).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData, QueryParams

from backend.casefiles.models import Category
from backend.clock import LOCAL_ZONE, utcnow
from backend.complaints.export import (
    FULL_IDENTITY_EXPORTERS,
    MAX_EXPORT_ROWS,
    Export,
    ExportFormat,
    ExportRow,
    ExportTooLarge,
    count_for_export,
    export_queue,
)
from backend.complaints.schemas import QueueQuery
from backend.errors import InvalidInput
from backend.ids import id_from_text
from backend.panel.deps import DataVault, PanelStaff, Session, client_ip, require_roles
from backend.panel.export_formats import csv_bytes, xlsx_bytes
from backend.panel.i18n import Texts, texts_for
from backend.panel.nav import EXPORT_ROLES
from backend.panel.problems import Problem, describe
from backend.panel.queue import link_filters, read_filters
from backend.panel.rendering import SECURITY_HEADERS, query_string, render
from backend.regions.models import Kecamatan, Kelurahan
from backend.staff.models import StaffUser

router = APIRouter(prefix="/panel", include_in_schema=False)
ExportStaff = Depends(require_roles(*EXPORT_ROLES))
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Column widths of the XLSX sheet, in characters, in the order of _header().
_WIDTHS = (14, 17, 14, 20, 30, 18, 20, 15, 24, 19, 16, 20, 12, 18, 17, 22, 60)


def _header(t: Texts) -> list[str]:
    return [
        t("col-ticket"), t("export-col-filed"), t("complaint-channel"), t("col-status"),
        t("col-category"), t("queue-kecamatan"), t("queue-kelurahan"),
        t("export-col-kelurahan-code"), t("household-name"), "NIK", t("household-phone"),
        t("col-assignee"), t("col-due"), t("export-col-due-state"), t("export-col-resolved"),
        t("registry-title"), t("complaint-description"),
    ]  # fmt: skip


def _local(instant: datetime | None) -> datetime | None:
    # Spreadsheets know no time zones: WIB wall time, as staff read it.
    return instant.astimezone(LOCAL_ZONE).replace(tzinfo=None) if instant else None


def _cells(t: Texts, row: ExportRow) -> list[Any]:
    return [
        row.ticket, _local(row.created_at), t.label("channel", row.channel),
        t.label("status", row.status),
        row.category_name_en if t.language == "en" else row.category_name_id,
        row.kecamatan_name, row.kelurahan_name, row.kelurahan_code, row.citizen_name,
        row.nik, row.phone, row.assignee_name, row.due_on,
        t("due-" + row.due_state) if row.due_state else None, _local(row.resolved_at),
        t.label("registry", row.registry_status), row.description,
    ]  # fmt: skip


def _query(values: dict[str, Any]) -> QueueQuery:
    # As the queue page does, less the page position: an export starts at the top.
    data = {
        key: value for key, value in values.items()
        if key not in ("cursor", "limit") and value not in ("", [], None, False)
    }  # fmt: skip
    return QueueQuery.model_validate(data)


def _wants_full(source: QueryParams | FormData) -> bool:
    return str(source.get("identity") or "") == "full"


def file_response(t: Texts, export: Export, file_format: ExportFormat) -> Response:
    """The export as a download named after the day and time it was made."""
    header = _header(t)
    rows = (_cells(t, row) for row in export.rows)
    if file_format == ExportFormat.CSV:
        body = csv_bytes(header, rows)
    else:
        body = xlsx_bytes(header, rows, sheet_title=t("export-sheet"), widths=_WIDTHS)
    stamp = utcnow().astimezone(LOCAL_ZONE).strftime("%Y%m%d-%H%M")
    name = f"{t('export-file-name')}-{stamp}.{file_format.value}"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=MEDIA_TYPES[file_format], headers=headers)


async def _summary(session: Session, t: Texts, values: dict[str, Any]) -> list[tuple[str, str]]:
    """The filters in words: what the export will hold."""
    shown: list[tuple[str, str]] = []
    if values["q"]:
        shown.append((t("queue-search"), values["q"]))
    if values["status"]:
        shown.append((t("queue-status"), ", ".join(t.label("status", s) for s in values["status"])))
    if values["category"]:
        category = await session.scalar(select(Category).where(Category.code == values["category"]))
        name = (category.name_en if t.language == "en" else category.name_id) if category else None
        shown.append((t("queue-category"), name or values["category"]))
    if values["kecamatan"]:
        kecamatan = await session.get(Kecamatan, values["kecamatan"])
        shown.append((t("queue-kecamatan"), kecamatan.name if kecamatan else values["kecamatan"]))
    if values["kelurahan"]:
        kelurahan = await session.get(Kelurahan, values["kelurahan"])
        shown.append((t("queue-kelurahan"), kelurahan.name if kelurahan else values["kelurahan"]))
    if values["assignee"]:
        assignee = values["assignee"]
        if assignee in ("me", "none"):
            name = t("queue-assignee-" + assignee)
        else:
            staff_id = id_from_text(assignee)
            person = await session.get(StaffUser, staff_id) if staff_id is not None else None
            name = person.full_name if person else assignee
        shown.append((t("queue-assignee"), name))
    if values["channel"]:
        shown.append((t("queue-channel"), t.label("channel", values["channel"])))
    if values["overdue"]:
        shown.append((t("col-due"), t("queue-overdue-only")))
    if values["created_from"]:
        shown.append((t("queue-created-from"), values["created_from"]))
    if values["created_to"]:
        shown.append((t("queue-created-to"), values["created_to"]))
    return shown


async def _page(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault,
    values: dict[str, Any], *, problem: Problem | None = None,
) -> Response:  # fmt: skip
    t = texts_for(staff.language)
    count, capped = None, False
    if problem is None:
        try:
            query = _query(values)
            count, capped = await count_for_export(
                session, vault, staff.actor, query.filters(staff.actor.staff_id)
            )
        except InvalidInput as error:
            problem = describe(error, t)
        except ValidationError as error:
            problem = _invalid(t, error)
    if capped and problem is None:
        problem = Problem(422, t("export-too-large", limit=MAX_EXPORT_ROWS))
    links = link_filters(values)
    context = {
        "values": values,
        "count": count,
        "capped": capped,
        "problem": problem,
        "summary": await _summary(session, t, values),
        "can_export_identity": staff.actor.role in FULL_IDENTITY_EXPORTERS,
        "queue_link": "/panel" + (f"?{query_string(links)}" if query_string(links) else ""),
        "limit": MAX_EXPORT_ROWS,
    }
    status = problem.status_code if problem else 200
    return render(request, "export.html", context, status_code=status)


def _invalid(t: Texts, error: ValidationError) -> Problem:
    fields = sorted({str(item["loc"][0]) for item in error.errors() if item.get("loc")})
    return Problem(422, t("queue-invalid-filters", fields=", ".join(fields)))


async def _download(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault,
    source: QueryParams | FormData, file_format: ExportFormat,
) -> Response:  # fmt: skip
    t = texts_for(staff.language)
    values = read_filters(source)
    try:
        query = _query(values)
        export = await export_queue(
            session, vault, staff.actor, query.filters(staff.actor.staff_id), sort=query.sort,
            file_format=file_format, full_identity=_wants_full(source),
            ip_address=client_ip(request),
        )  # fmt: skip
    except ExportTooLarge:
        return await _page(
            request, staff, session, vault, values,
            problem=Problem(422, t("export-too-large", limit=MAX_EXPORT_ROWS)),
        )  # fmt: skip
    except ValidationError as error:
        return await _page(request, staff, session, vault, values, problem=_invalid(t, error))
    except InvalidInput as error:
        return await _page(request, staff, session, vault, values, problem=describe(error, t))
    return file_response(t, export, file_format)


@router.get("/export")
async def export_page(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = ExportStaff
) -> Response:
    """What the export of the queue's filters will hold, and its buttons."""
    return await _page(request, staff, session, vault, read_filters(request.query_params))


@router.post("/export")
async def export_page_searched(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = ExportStaff
) -> Response:
    """The export page for a queue with a search text (posted, so it stays out of addresses)."""
    return await _page(request, staff, session, vault, read_filters(await request.form()))


async def _get_download(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault,
    file_format: ExportFormat,
) -> Response:  # fmt: skip
    if _wants_full(request.query_params):
        t = texts_for(staff.language)
        problem = Problem(400, t("export-full-needs-form"))
        values = read_filters(request.query_params)
        return await _page(request, staff, session, vault, values, problem=problem)
    return await _download(request, staff, session, vault, request.query_params, file_format)


@router.get("/export.csv")
async def export_csv(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = ExportStaff
) -> Response:
    """The filtered queue as CSV, NIK masked."""
    return await _get_download(request, staff, session, vault, ExportFormat.CSV)


@router.post("/export.csv")
async def export_csv_posted(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = ExportStaff
) -> Response:
    """The filtered queue as CSV, from the export page's form (full NIK if asked and allowed)."""
    return await _download(request, staff, session, vault, await request.form(), ExportFormat.CSV)


@router.get("/export.xlsx")
async def export_xlsx(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = ExportStaff
) -> Response:
    """The filtered queue as XLSX, NIK masked."""
    return await _get_download(request, staff, session, vault, ExportFormat.XLSX)


@router.post("/export.xlsx")
async def export_xlsx_posted(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = ExportStaff
) -> Response:
    """The filtered queue as XLSX, from the export page's form (full NIK if asked and allowed)."""
    return await _download(request, staff, session, vault, await request.form(), ExportFormat.XLSX)
