"""The registry part of the complaint page: the DTSEN result, the route it suggests, the
household's inclusion proposal, and whether this account may run the check again."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Complaint, RegistryStatus
from backend.panel.deps import PanelStaff
from backend.panel.nav import PROPOSAL_ROLES
from backend.referrals.repository import get_agency_by_code
from backend.registry.checks import RECHECK_ROLES
from backend.registry.repository import proposal_of_citizen
from backend.registry.routes import SuggestedRoute


async def registry_context(
    session: AsyncSession, staff: PanelStaff, complaint: Complaint, route: SuggestedRoute
) -> dict[str, Any]:
    """What _registry.html shows beside the result written on the complaint and its route."""
    agency = await get_agency_by_code(session, route.agency_code) if route.agency_code else None
    proposal = (
        await proposal_of_citizen(session, complaint.citizen_id)
        if complaint.registry_status == RegistryStatus.NOT_REGISTERED
        else None
    )
    return {
        "registry_route": route,
        "registry_agency": agency,
        "registry_proposal": proposal,
        "can_see_proposals": staff.role in PROPOSAL_ROLES,
        "can_recheck": staff.actor.role in RECHECK_ROLES,
    }
