"""Emails the sender gave up on (/panel/emails), for supervisors and admins: why, and send again.

An email is parked as failed after its last try (backend/mail/sender.py); once the
reason is fixed (the SMTP settings, the agency's address), one press puts it back in line.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.clock import utcnow
from backend.mail.sender import failed_emails, send_again
from backend.panel.deps import PanelStaff, Session, require_roles
from backend.panel.nav import OUTBOX_ROLES
from backend.panel.rendering import render

router = APIRouter(prefix="/panel/emails", include_in_schema=False)
EmailStaff = Depends(require_roles(*OUTBOX_ROLES))
NOTICES = frozenset({"sent-again"})


@router.get("")
async def failed_emails_page(
    request: Request, session: Session, staff: PanelStaff = EmailStaff
) -> Response:
    """The failed emails, newest first, each with its last error and a send-again button."""
    notice = request.query_params.get("notice")
    context = {
        "emails": await failed_emails(session),
        "notice": notice if notice in NOTICES else None,
    }
    return render(request, "failed_emails.html", context)


@router.post("/{email_id}/send-again")
async def send_email_again(
    email_id: int, session: Session, staff: PanelStaff = EmailStaff
) -> Response:
    """Puts the failed email back in line (audited); the sender tries it at once."""
    await send_again(session, staff.actor, email_id, now=utcnow())
    return RedirectResponse("/panel/emails?notice=sent-again", status_code=303)
