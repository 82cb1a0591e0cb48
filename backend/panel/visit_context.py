"""What the complaint page shows of its home visits, and whether the account may ask for one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from backend.casefiles.models import Complaint
from backend.clock import local_date, utcnow
from backend.panel.deps import PanelStaff, Session
from backend.panel.nav import VISIT_ROLES
from backend.visits import repository
from backend.visits.models import OPEN_STATES
from backend.visits.service import accepts_visits, is_overdue

# The due day the form offers: a week from today.
DEFAULT_DUE_DAYS = 7


async def visit_context(
    session: Session, staff: PanelStaff, complaint: Complaint
) -> dict[str, Any]:
    """What the complaint page shows of its visits and whether this account may ask for one."""
    now = utcnow()
    visits = await repository.visits_of_complaint(session, complaint.id)
    open_visit = next((visit for visit in visits if visit.state in OPEN_STATES), None)
    return {
        "overdue_visits": {visit.id for visit in visits if is_overdue(visit, now)},
        "open_visit": open_visit,
        # An open visit can still be called off once the complaint is finished.
        "can_request_visit": staff.role in VISIT_ROLES
        and (accepts_visits(complaint) or open_visit is not None),
        "visit_default_due": local_date(now) + timedelta(days=DEFAULT_DUE_DAYS),
    }
