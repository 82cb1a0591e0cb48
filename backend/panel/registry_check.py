"""Re-running a complaint's registry check from its page (POST, with the form's CSRF token)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from backend.panel.complaint import visible_complaint
from backend.panel.deps import CurrentStaff, Session
from backend.panel.errors import PageForbidden
from backend.registry.checks import RECHECK_ROLES, recheck_registry

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)


@router.post("/{ticket}/registry-check")
async def registry_check(
    ticket: str, request: Request, staff: CurrentStaff, session: Session
) -> Response:
    """Checks the household's NIK against the extract as it is now; audited."""
    if staff.actor.role not in RECHECK_ROLES:
        raise PageForbidden(staff.role)
    found = await visible_complaint(session, staff, ticket, for_update=True)
    await recheck_registry(session, found, staff.actor)
    return RedirectResponse(
        f"/panel/complaints/{found.ticket}?notice=registry-checked#h-registry", status_code=303
    )
