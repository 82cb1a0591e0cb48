"""Export of the filtered queue: its own filters, visibility and order; every export audited.

The rows come from list_queue page by page, so an export holds exactly what the
queue shows, NIK masked as there. Full NIKs go only to the roles that may take
a list of them away (supervisors and admins, who report to program managers and
propose households for the registry) and only when asked for; such an export is
audited under its own action with the people whose numbers left, so "who saw
whose data" (UU 27/2022) stays answerable.

An export is built whole before it is sent, after the audit record is written in
the same transaction: a file never leaves without its record. To keep that
cheap it is capped at MAX_EXPORT_ROWS, counted before any row is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.access import require_role
from backend.casefiles.models import Complaint, ComplaintStatus, RegistryStatus
from backend.citizens.models import Channel, Citizen
from backend.clock import local_date, utcnow
from backend.complaints.queue import MAX_LIMIT, QueueItem, list_queue, queue_conditions
from backend.complaints.queue_cursor import QueueSort
from backend.complaints.queue_filters import QueueFilters, SearchKind, resolve_filters
from backend.errors import InvalidInput
from backend.security.crypto import Vault

R = ActorRole
EXPORTERS = frozenset({R.BACK_OFFICE, R.SUPERVISOR, R.ADMIN})
FULL_IDENTITY_EXPORTERS = frozenset({R.SUPERVISOR, R.ADMIN})
# About a year and more of a city's complaints; beyond it, narrow the dates.
MAX_EXPORT_ROWS = 20_000
EXPORT_ACTION = "complaints.exported"
IDENTITY_EXPORT_ACTION = "citizen.identity_exported"


class ExportFormat(StrEnum):
    """The file types an export is written as."""

    CSV = "csv"
    XLSX = "xlsx"


class ExportTooLarge(InvalidInput):
    """More complaints match than one export may hold."""

    def __init__(self, max_rows: int) -> None:
        super().__init__(
            f"More than {max_rows:,} complaints match; narrow the filters (the dates) "
            "and export in parts"
        )
        self.max_rows = max_rows


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One complaint of an export, as values; the panel puts them in the viewer's words."""

    ticket: str
    created_at: datetime
    channel: Channel
    status: ComplaintStatus
    category_code: str
    category_name_id: str
    category_name_en: str
    kecamatan_name: str | None
    kelurahan_code: str | None
    kelurahan_name: str | None
    citizen_name: str
    nik: str | None
    phone: str | None
    assignee_name: str | None
    due_on: date | None
    due_state: str | None
    resolved_at: datetime | None
    registry_status: RegistryStatus
    description: str


@dataclass(frozen=True, slots=True)
class Export:
    """The rows of an export and whether their NIKs are in full."""

    rows: list[ExportRow]
    full_identity: bool


async def count_for_export(
    session: AsyncSession, vault: Vault, actor: Actor, filters: QueueFilters,
    *, max_rows: int = MAX_EXPORT_ROWS,
) -> tuple[int, bool]:  # fmt: skip
    """How many complaints an export of these filters would hold, up to the cap (True: more)."""
    require_role(actor, EXPORTERS, "export the queue")
    resolved = await resolve_filters(session, filters, vault)
    conditions = queue_conditions(actor, resolved, local_date(utcnow()))
    capped = select(Complaint.id).where(*conditions).limit(max_rows + 1).subquery()
    count = (await session.execute(select(func.count()).select_from(capped))).scalar_one()
    return min(count, max_rows), count > max_rows


def describe_filters(filters: QueueFilters) -> dict[str, Any]:
    """The filters as the audit log keeps them; of a search only its kind (and a ticket).

    A searched NIK, name or phone is personal data: the log says a search narrowed
    the export, not whom it looked for.
    """
    described: dict[str, Any] = {
        "status": [status.value for status in filters.statuses],
        "category": filters.category,
        "kecamatan": filters.kecamatan,
        "kelurahan": filters.kelurahan,
        "assignee": "none" if filters.unassigned else filters.assignee_id,
        "channel": filters.channel.value if filters.channel else None,
        "overdue": filters.overdue,
        "created_from": filters.created_from.isoformat() if filters.created_from else None,
        "created_to": filters.created_to.isoformat() if filters.created_to else None,
    }
    if filters.search is not None:
        described["search"] = filters.search.kind.value
        if filters.search.kind == SearchKind.TICKET:
            described["ticket"] = filters.search.value
    return {key: value for key, value in described.items() if value not in (None, [], False)}


async def export_queue(
    session: AsyncSession,
    vault: Vault,
    actor: Actor,
    filters: QueueFilters,
    *,
    sort: QueueSort = QueueSort.DUE,
    file_format: ExportFormat,
    full_identity: bool = False,
    ip_address: str | None = None,
    max_rows: int = MAX_EXPORT_ROWS,
) -> Export:
    """Every complaint of the filtered queue, in its order, with the export audited."""
    require_role(actor, EXPORTERS, "export the queue")
    if full_identity:
        require_role(actor, FULL_IDENTITY_EXPORTERS, "export full NIKs")
    _, too_many = await count_for_export(session, vault, actor, filters, max_rows=max_rows)
    if too_many:
        raise ExportTooLarge(max_rows)
    rows: list[ExportRow] = []
    citizen_ids: set[int] = set()
    cursor = None
    while True:
        page = await list_queue(
            session, vault, actor, filters, sort=sort, cursor=cursor, limit=MAX_LIMIT,
            with_counts=False,
        )  # fmt: skip
        numbers = await _full_niks(session, vault, page.items) if full_identity else {}
        for item in page.items:
            complaint = item.complaint
            citizen_ids.add(complaint.citizen_id)
            nik = numbers.get(complaint.citizen_id) if full_identity else item.nik_masked
            rows.append(
                ExportRow(
                    ticket=complaint.ticket, created_at=complaint.created_at,
                    channel=complaint.channel, status=complaint.status,
                    category_code=item.category_code, category_name_id=item.category_name_id,
                    category_name_en=item.category_name_en, kecamatan_name=item.kecamatan_name,
                    kelurahan_code=complaint.kelurahan_code, kelurahan_name=item.kelurahan_name,
                    citizen_name=item.citizen_name, nik=nik, phone=item.phone,
                    assignee_name=item.assignee_name, due_on=complaint.due_on,
                    due_state=item.due_state, resolved_at=complaint.resolved_at,
                    registry_status=complaint.registry_status,
                    description=complaint.description,
                )
            )  # fmt: skip
        if page.next_cursor is None or len(rows) > max_rows:
            break
        cursor = page.next_cursor
    if len(rows) > max_rows:
        # Filed while we read: the cap holds all the same.
        raise ExportTooLarge(max_rows)
    detail: dict[str, Any] = {
        "format": file_format.value,
        "filters": describe_filters(filters),
        "sort": sort.value,
        "rows": len(rows),
        "identity": "full" if full_identity else "masked",
    }
    if full_identity:
        detail["citizen_ids"] = sorted(citizen_ids)
    action = IDENTITY_EXPORT_ACTION if full_identity else EXPORT_ACTION
    record_audit(session, actor, action, "complaint_export", None, detail, ip_address=ip_address)
    return Export(rows, full_identity)


async def _full_niks(session: AsyncSession, vault: Vault, items: list[QueueItem]) -> dict[int, str]:
    ids = {item.complaint.citizen_id for item in items}
    if not ids:
        return {}
    statement = select(Citizen.id, Citizen.nik_ciphertext).where(Citizen.id.in_(ids))
    return {
        citizen_id: vault.decrypt(ciphertext)
        for citizen_id, ciphertext in await session.execute(statement)
        if ciphertext
    }
