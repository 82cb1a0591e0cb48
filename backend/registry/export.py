"""Exports the inclusion proposals to CSV or XLSX for the verification and validation round.

NIK and KK are masked unless the export is asked for in full (the verification
round needs them whole); every export is audited, with whether it was full.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.clock import local_date
from backend.errors import Forbidden
from backend.registry import repository
from backend.registry.models import ProposalStatus
from backend.registry.proposals import PROPOSAL_ROLES, STATUS_LABELS
from backend.registry.report import spreadsheet_safe
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number

ExportFormat = Literal["csv", "xlsx"]
EXPORT_ROLES = PROPOSAL_ROLES | {ActorRole.SYSTEM}
# Whole NIK and KK leave only with those who may export them from the queue too.
FULL_IDENTITY_EXPORTERS = frozenset({ActorRole.SUPERVISOR, ActorRole.ADMIN, ActorRole.SYSTEM})
EXPORT_HEADER = (
    "id usulan / proposal id", "status", "NIK", "No. KK", "nama / name", "kecamatan",
    "kelurahan", "kode kelurahan / kelurahan code", "alamat / address",
    "tiket pengaduan / complaint tickets", "kategori / categories",
    "diusulkan / proposed on", "status berubah / status changed on", "catatan / note",
)  # fmt: skip
# NIK and KK columns: text in XLSX, or Excel turns them into 15-digit numbers.
_IDENTITY_COLUMNS = (2, 3)
_DATE_COLUMNS = (11, 12)

# What a cell of an export row holds.
ExportValue = str | int | date | None


async def proposal_rows(
    session: AsyncSession,
    vault: Vault,
    *,
    full: bool = False,
    statuses: Sequence[ProposalStatus] | None = None,
    actor: Actor | None = None,
) -> list[list[ExportValue]]:
    """One row per proposal (for an actor, in its areas), in EXPORT_HEADER order; NIK and
    KK masked unless full."""
    proposals = await repository.list_proposals(session, statuses, actor=actor)
    complaints = await repository.complaints_of_proposals(session, [p.id for p in proposals])
    people = await repository.households_of(session, [p.citizen_id for p in proposals])
    rows: list[list[ExportValue]] = []
    for proposal in proposals:
        citizen, kelurahan, kecamatan = people[proposal.citizen_id]
        filed = complaints.get(proposal.id, [])
        rows.append([
            proposal.id,
            STATUS_LABELS[proposal.status],
            _identity(vault, citizen.nik_ciphertext, full),
            _identity(vault, citizen.kk_ciphertext, full),
            citizen.full_name,
            kecamatan,
            kelurahan,
            citizen.kelurahan_code,
            citizen.address,
            ", ".join(ticket for ticket, _, _ in filed),
            ", ".join(sorted({code for _, code, _ in filed})),
            local_date(proposal.proposed_at),
            local_date(proposal.status_changed_at),
            proposal.note,
        ])  # fmt: skip
    return rows


async def export_proposals(
    session: AsyncSession,
    vault: Vault,
    actor: Actor,
    *,
    file_format: ExportFormat,
    full: bool = False,
    statuses: Sequence[ProposalStatus] | None = None,
    now: datetime | None = None,
) -> bytes:
    """The proposals as a CSV or XLSX file, audited; NIK and KK whole only when `full`."""
    if actor.role not in EXPORT_ROLES:
        raise Forbidden(f"The role {actor.role.value} may not export inclusion proposals")
    if full and actor.role not in FULL_IDENTITY_EXPORTERS:
        raise Forbidden(f"The role {actor.role.value} may not export whole NIK and KK")
    rows = await proposal_rows(session, vault, full=full, statuses=statuses, actor=actor)
    detail: dict[str, object] = {
        "format": file_format, "full": full, "count": len(rows),
        "statuses": [status.value for status in statuses or ()],
    }  # fmt: skip
    if full:
        # Whose whole numbers left, so a later question can be answered per person.
        detail["proposal_ids"] = [row[0] for row in rows]
    record_audit(session, actor, "inclusion_proposal.export", "inclusion_proposal", None, detail)
    await session.flush()
    return _xlsx(rows) if file_format == "xlsx" else _csv(rows)


def _identity(vault: Vault, ciphertext: bytes | None, full: bool) -> str | None:
    if ciphertext is None:
        return None
    value = vault.decrypt(ciphertext)
    return value if full else mask_identity_number(value)


def _csv(rows: list[list[ExportValue]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADER)
    for row in rows:
        writer.writerow(
            [value.isoformat() if isinstance(value, date) else spreadsheet_safe(value)
             for value in row]
        )  # fmt: skip
    # The BOM tells Excel the file is UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[ExportValue]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Usulan DTSEN")
    bold = Font(bold=True)
    header = []
    for title in EXPORT_HEADER:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for position, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # the stubs omit date
            if isinstance(value, str):
                # Text stays text: a name or address starting with "=" is never a formula.
                cell.data_type = "s"
            if position in _IDENTITY_COLUMNS:
                cell.number_format = "@"
            elif position in _DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
