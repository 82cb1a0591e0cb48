"""Who saw whole NIK and KK in a period, from the audit log: the breach drill's report.

UU 27/2022 asks that, after a breach, the office can say whose data was exposed
and to whom. One row per person whose numbers were shown or exported, per audit
record: when, which staff account, what action, the ticket(s), which numbers,
and from which address. The report names people by citizen id and ticket only,
so the file itself carries no names or numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint
from backend.clock import LOCAL_ZONE
from backend.complaints.export import IDENTITY_EXPORT_ACTION
from backend.complaints.identity import VIEW_ACTION
from backend.registry.models import InclusionProposal
from backend.registry.report import spreadsheet_safe
from backend.staff.models import StaffUser

# Audit actions that put whole identity numbers before someone, with the numbers each
# shows when its record does not say which. The one place to extend: add an action here
# and the drill reports it. A record marked masked ("full": false, "identity": "masked")
# is not reported.
IDENTITY_REVEALING_ACTIONS: dict[str, tuple[str, ...]] = {
    # A complaint's NIK/KK shown whole (and the numbers typed into its text).
    VIEW_ACTION: ("nik", "kk"),
    # The queue exported with full NIK.
    IDENTITY_EXPORT_ACTION: ("nik",),
    # backend/registry/export.py: inclusion proposals exported, full when "full" is true.
    "inclusion_proposal.export": ("nik", "kk"),
    # A person's own data exported for them (their right of access).
    "citizen.data_exported": ("nik", "kk"),
}
# Actors whose audit id is a staff account's id.
STAFF_ACTOR_ROLES = frozenset(
    {ActorRole.FRONT_OFFICE, ActorRole.BACK_OFFICE, ActorRole.SUPERVISOR, ActorRole.ADMIN}
)
ACCESS_REPORT_HEADER = (
    "waktu (WIB) / time (WIB)", "waktu (UTC) / time (UTC)", "email staf / staff email",
    "nama staf / staff name", "peran / role", "id pelaku / actor id", "tindakan / action",
    "tiket / tickets", "id warga / citizen id", "data / fields", "alamat IP / IP address",
    "id audit / audit id",
)  # fmt: skip
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class IdentityAccess:
    """One person's whole numbers, shown to or exported by one actor, once."""

    audit_id: int
    at: datetime
    actor_role: str
    actor_id: str | None
    staff_email: str | None
    staff_name: str | None
    action: str
    # The ticket viewed; for an export, the person's tickets filed by then.
    tickets: tuple[str, ...]
    citizen_id: int | None
    fields: tuple[str, ...]
    # Identity numbers typed into the case's text, shown with the view.
    typed_numbers: int
    ip_address: str | None

    def cells(self) -> list[str]:
        """The row under ACCESS_REPORT_HEADER; text a spreadsheet never runs as a formula."""
        cells = [
            self.at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M:%S"),
            self.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            self.staff_email or "", self.staff_name or "", self.actor_role, self.actor_id or "",
            self.action, " ".join(self.tickets),
            "" if self.citizen_id is None else str(self.citizen_id),
            self._fields(), self.ip_address or "",
            str(self.audit_id),
        ]  # fmt: skip
        return [str(spreadsheet_safe(cell)) for cell in cells]

    def _fields(self) -> str:
        shown = [field.upper() for field in self.fields]
        if self.typed_numbers:
            shown.append(f"{self.typed_numbers} nomor di teks / numbers in text")
        return ", ".join(shown)


def wib_period(since: date, until: date) -> tuple[datetime, datetime]:
    """From the start of `since` to the end of `until`, WIB days, as UTC instants."""
    start = datetime.combine(since, time(), LOCAL_ZONE)
    end = datetime.combine(until + timedelta(days=1), time(), LOCAL_ZONE)
    return start.astimezone(UTC), end.astimezone(UTC)


async def staff_by_email(session: AsyncSession, email: str) -> StaffUser | None:
    """The staff account with this email (any case, spaces around ignored)."""
    statement = select(StaffUser).where(StaffUser.email == email.strip().lower())
    return (await session.execute(statement)).scalar_one_or_none()


def _reveals(detail: dict[str, Any]) -> bool:
    return detail.get("full") is not False and detail.get("identity") != "masked"


async def identity_accesses(
    session: AsyncSession, start: datetime, end: datetime, *, staff_id: int | None = None
) -> list[IdentityAccess]:
    """Every showing or export of whole NIK/KK from `start` up to `end`, oldest first."""
    statement = (
        select(AuditRecord)
        .where(
            AuditRecord.action.in_(IDENTITY_REVEALING_ACTIONS),
            AuditRecord.at >= start,
            AuditRecord.at < end,
        )
        .order_by(AuditRecord.at, AuditRecord.id)
    )
    if staff_id is not None:
        statement = statement.where(
            AuditRecord.actor_id == str(staff_id), AuditRecord.actor_role.in_(STAFF_ACTOR_ROLES)
        )
    records = [record for record in await session.scalars(statement) if _reveals(record.detail)]
    staff = await _staff_of(session, records)
    proposals = await _proposal_citizens(session, records)
    people = {record.id: _citizen_ids(record, proposals) for record in records}
    tickets = await _tickets_of(session, {c for ids in people.values() for c in ids})
    rows: list[IdentityAccess] = []
    for record in records:
        account = (
            staff.get(record.actor_id or "") if record.actor_role in STAFF_ACTOR_ROLES else None
        )
        detail = record.detail or {}
        fields = detail.get("fields", IDENTITY_REVEALING_ACTIONS[record.action])
        subjects: list[int | None] = [*people[record.id]] or [None]
        for citizen_id in subjects:
            if "ticket" in detail:
                filed: tuple[str, ...] = (str(detail["ticket"]),)
            else:
                filed = tuple(t for t, at in tickets.get(citizen_id, []) if at <= record.at)
            rows.append(IdentityAccess(
                audit_id=record.id, at=record.at, actor_role=record.actor_role,
                actor_id=record.actor_id, staff_email=account.email if account else None,
                staff_name=account.full_name if account else None, action=record.action,
                tickets=filed, citizen_id=citizen_id, fields=tuple(fields),
                typed_numbers=int(detail.get("typed_numbers") or 0), ip_address=record.ip_address,
            ))  # fmt: skip
    return rows


def _citizen_ids(record: AuditRecord, proposals: dict[int, int]) -> list[int]:
    detail = record.detail or {}
    if "citizen_ids" in detail:
        return [int(value) for value in detail["citizen_ids"]]
    if "proposal_ids" in detail:
        return [proposals[int(p)] for p in detail["proposal_ids"] if int(p) in proposals]
    if "citizen_id" in detail:
        return [int(detail["citizen_id"])]
    if record.object_type == "citizen" and record.object_id:
        return [int(record.object_id)]
    return []


def _chunks(values: Iterable[int]) -> Iterable[Sequence[int]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


async def _staff_of(session: AsyncSession, records: list[AuditRecord]) -> dict[str, StaffUser]:
    ids = {
        int(actor_id)
        for record in records
        if record.actor_role in STAFF_ACTOR_ROLES and (actor_id := record.actor_id or "").isdigit()
    }
    found: dict[str, StaffUser] = {}
    for chunk in _chunks(ids):
        for user in await session.scalars(select(StaffUser).where(StaffUser.id.in_(chunk))):
            found[str(user.id)] = user
    return found


async def _proposal_citizens(session: AsyncSession, records: list[AuditRecord]) -> dict[int, int]:
    ids = {int(p) for record in records for p in (record.detail or {}).get("proposal_ids", [])}
    found: dict[int, int] = {}
    for chunk in _chunks(ids):
        statement = select(InclusionProposal.id, InclusionProposal.citizen_id).where(
            InclusionProposal.id.in_(chunk)
        )
        found.update({row.id: row.citizen_id for row in await session.execute(statement)})
    return found


async def _tickets_of(
    session: AsyncSession, citizen_ids: set[int]
) -> dict[int | None, list[tuple[str, datetime]]]:
    found: defaultdict[int | None, list[tuple[str, datetime]]] = defaultdict(list)
    for chunk in _chunks(citizen_ids):
        statement = (
            select(Complaint.citizen_id, Complaint.ticket, Complaint.created_at)
            .where(Complaint.citizen_id.in_(chunk))
            .order_by(Complaint.created_at, Complaint.id)
        )
        for row in await session.execute(statement):
            found[row.citizen_id].append((row.ticket, row.created_at))
    return found
