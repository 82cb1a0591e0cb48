"""A complaint's referral letters in the panel: the PDF of each, downloaded from the complaint page.

A download is a POST (a form with its CSRF token, like the data export): the letter may
carry a full NIK, so each download is audited, and a link a browser prefetches or a page
from elsewhere makes must not write an audit record in someone's name.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.casefiles.access import IDENTITY_VIEWERS
from backend.clock import utcnow
from backend.letters.models import ReferralLetter
from backend.letters.service import letter_file_name, letter_pdf, link_settings_of
from backend.panel.complaint import visible_complaint
from backend.panel.deps import AppSettings, CurrentStaff, DataVault, Session, client_ip
from backend.panel.errors import PageForbidden, PageNotFound
from backend.panel.rendering import SECURITY_HEADERS

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)


@router.post("/{ticket}/referral-letters/{letter_id}.pdf")
async def download_letter(
    ticket: str, letter_id: int, request: Request, staff: CurrentStaff, session: Session,
    vault: DataVault, settings: AppSettings,
) -> Response:  # fmt: skip
    """The letter, drawn now from its row; audited."""
    if staff.actor.role not in IDENTITY_VIEWERS:
        raise PageForbidden(staff.role)
    found = await visible_complaint(session, staff, ticket)
    letter = await session.get(ReferralLetter, letter_id)
    if letter is None or letter.complaint_id != found.id:
        raise PageNotFound(ticket)
    body = await letter_pdf(
        session, vault, letter, staff.actor, link_settings_of(settings), now=utcnow(),
        ip_address=client_ip(request),
    )  # fmt: skip
    name = letter_file_name(letter, found.ticket)
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type="application/pdf", headers=headers)
