"""A person's whole data for their written request (UU 27/2022 art. 7), from the complaint
page or a correction request's page: POST /panel/complaints/{ticket}/subject-export.json
or .pdf. Whole NIK and KK inside, so only IDENTITY_VIEWERS, and every export audited.

A POST, so the download never sits in a browser's history or a proxy's log as a
link; the ticket in the path is the only thing that names the person.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.casefiles.access import IDENTITY_VIEWERS
from backend.clock import local_date, utcnow
from backend.panel.complaint import visible_complaint
from backend.panel.deps import CurrentStaff, DataVault, Session, client_ip
from backend.panel.errors import PageForbidden
from backend.panel.rendering import SECURITY_HEADERS
from backend.privacy.subject_export import SubjectExportFormat, export_subject
from backend.privacy.subject_pdf import subject_pdf

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)
MEDIA_TYPES = {
    SubjectExportFormat.JSON: "application/json",
    SubjectExportFormat.PDF: "application/pdf",
}


async def _export(
    ticket: str, file_format: SubjectExportFormat, request: Request, staff: CurrentStaff,
    session: Session, vault: DataVault,
) -> Response:  # fmt: skip
    if staff.actor.role not in IDENTITY_VIEWERS:
        raise PageForbidden(staff.role)
    found = await visible_complaint(session, staff, ticket)
    data = await export_subject(
        session, vault, found, staff.actor, file_format, ip_address=client_ip(request)
    )
    if file_format == SubjectExportFormat.JSON:
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        body = subject_pdf(data)
    # Named by ticket and date, never by NIK or name.
    name = f"data-pribadi-{found.ticket}-{local_date(utcnow()):%Y%m%d}.{file_format.value}"
    return Response(
        body,
        media_type=MEDIA_TYPES[file_format],
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/{ticket}/subject-export.json")
async def export_json(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault
) -> Response:
    """Everything held about the person of the complaint, as JSON; audited."""
    return await _export(ticket, SubjectExportFormat.JSON, request, staff, session, vault)


@router.post("/{ticket}/subject-export.pdf")
async def export_pdf(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault
) -> Response:
    """Everything held about the person of the complaint, as a PDF to hand over; audited."""
    return await _export(ticket, SubjectExportFormat.PDF, request, staff, session, vault)
