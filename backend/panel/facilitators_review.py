"""What supervisors watch of facilitators' work: filings waiting for approval
(/panel/facilitators/approvals) and news not confirmed as passed on to households
(/panel/facilitators/relays).

Approving and rejecting are the lifecycle's approve and reject events, fired from
the complaint page (or the API), so the rules and the messages stay in one place.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backend.clock import local_date, utcnow
from backend.facilitators.relays import confirm_by, overdue_relays
from backend.facilitators.repository import pending_filings
from backend.panel.deps import AppSettings, PanelStaff, Session, require_roles
from backend.panel.nav import FACILITATOR_ROLES
from backend.panel.rendering import render

router = APIRouter(prefix="/panel/facilitators", include_in_schema=False)
Supervisor = Annotated[PanelStaff, Depends(require_roles(*FACILITATOR_ROLES))]


@router.get("/approvals")
async def approvals(request: Request, session: Session, staff: Supervisor) -> Response:
    """Facilitators' filings waiting for a supervisor, oldest first."""
    return render(
        request,
        "facilitator_approvals.html",
        {"filings": await pending_filings(session, staff.actor)},
    )


@router.get("/relays")
async def relays(
    request: Request, session: Session, settings: AppSettings, staff: Supervisor
) -> Response:
    """News a facilitator has not confirmed as passed on within the working days allowed."""
    now = utcnow()
    days = settings.relay_confirm_working_days
    rows = [
        (row, confirm_by(row.relay, days))
        for row in await overdue_relays(session, now, days, actor=staff.actor)
    ]
    return render(
        request, "facilitator_relays.html", {"rows": rows, "days": days, "today": local_date(now)}
    )
