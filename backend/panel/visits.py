"""Home visits in the panel: the "home visit needed" form and calling a visit off on the
complaint page, and the visits list (/panel/visits) with counts per facilitator and kelurahan.

The list is one query (backend/visits/repository.py) that takes the complaint filter of
the account (casefiles.access.visible_to), so a narrower rule of who sees what applies here
too without a second copy of it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backend.casefiles.access import visible_to
from backend.casefiles.models import Complaint
from backend.clock import local_date, utcnow
from backend.errors import InvalidInput, NotFound
from backend.ids import PathId, id_from_text
from backend.panel.complaint_actions import _act
from backend.panel.deps import AppSettings, DataVault, PanelStaff, Session, require_roles
from backend.panel.nav import VISIT_ROLES
from backend.panel.rendering import render
from backend.regions.repository import list_all_kelurahan
from backend.visits import repository
from backend.visits.models import VisitState
from backend.visits.repository import VisitFilters
from backend.visits.service import cancel_visit, is_overdue, request_visit

router = APIRouter(prefix="/panel", include_in_schema=False)
Requester = Annotated[PanelStaff, Depends(require_roles(*VISIT_ROLES))]


def _due_on(form: dict[str, str]) -> date:
    try:
        return date.fromisoformat(form.get("due_on", "").strip())
    except ValueError:
        raise InvalidInput("Choose the day by which the visit is due", field="due_on") from None


@router.post("/complaints/{ticket}/visits")
async def ask_for_visit(
    ticket: str, request: Request, staff: Requester, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Asks for a home visit: the kelurahan's facilitators are told in their chat."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        await request_visit(
            session, found, staff.actor, reason=form.get("reason", ""), due_on=_due_on(form),
            now=utcnow(),
        )  # fmt: skip

    return await _act(
        request, staff, session, vault, settings, ticket, "visit", "visit-requested", action
    )


@router.post("/complaints/{ticket}/visits/{visit_id}/cancel")
async def call_off_visit(
    ticket: str, visit_id: PathId, request: Request, staff: Requester, session: Session,
    vault: DataVault, settings: AppSettings,
) -> Response:  # fmt: skip
    """Calls off a visit still to be made."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        visit = await repository.get_visit(session, visit_id)
        if visit is None or visit.complaint_id != found.id:
            raise NotFound(f"No home visit {visit_id} on this complaint")
        await cancel_visit(session, visit.id, staff.actor, now=utcnow())

    return await _act(
        request, staff, session, vault, settings, ticket, "visit", "visit-cancelled", action
    )


def _filters(request: Request) -> VisitFilters:
    query = request.query_params
    state = query.get("state", "")
    return VisitFilters(
        state=VisitState(state) if state in {s.value for s in VisitState} else None,
        overdue=query.get("overdue") == "1",
        kelurahan_code=query.get("kelurahan") or None,
        facilitator_id=id_from_text(query.get("facilitator", "")),
    )


@router.get("/visits")
async def visits(request: Request, staff: Requester, session: Session) -> Response:
    """Home visits by urgency, filtered; counts per facilitator and per kelurahan."""
    filters = _filters(request)
    now = utcnow()
    today = local_date(now)
    complaint_filter = visible_to(staff.actor)
    rows = await repository.list_visits(
        session, filters, complaint_filter=complaint_filter, today=today
    )
    by_facilitator, by_kelurahan = await repository.visit_counts(
        session, filters, complaint_filter=complaint_filter, today=today
    )
    context = {
        "rows": rows,
        "overdue": {row.visit.id for row in rows if is_overdue(row.visit, now)},
        "filters": filters,
        "states": list(VisitState),
        "kelurahan": await list_all_kelurahan(session),
        "facilitators": await repository.facilitators_by_name(session),
        "by_facilitator": by_facilitator,
        "by_kelurahan": by_kelurahan,
    }
    return render(request, "visits.html", context)
