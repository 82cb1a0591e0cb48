"""Who among staff may see which complaint, and do what besides lifecycle events.

Lifecycle events carry their own roles (lifecycle.py); the rules here cover
reading, identity numbers, notes, messages and assignment. A facilitator account
sees only the complaints it filed, and an account limited to areas only the
complaints of its kelurahan (backend/staff/areas.py): any other is answered as not
found, so a ticket number reveals nothing.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles import repository
from backend.casefiles.models import Complaint
from backend.casefiles.tickets import normalise_ticket
from backend.errors import Forbidden, NotFound
from backend.staff.areas import covers, in_area

R = ActorRole
OFFICE_STAFF = frozenset({R.FRONT_OFFICE, R.BACK_OFFICE, R.SUPERVISOR, R.ADMIN})
READERS = OFFICE_STAFF | {R.FACILITATOR}
# Full NIK and KK: office staff, each view audited; facilitators get masked numbers only.
IDENTITY_VIEWERS = OFFICE_STAFF
NOTE_WRITERS = OFFICE_STAFF
MESSAGE_WRITERS = OFFICE_STAFF
# Who may hand a complaint to anyone; back office may only take unassigned ones.
ASSIGNERS = frozenset({R.SUPERVISOR, R.ADMIN})
SELF_ASSIGNERS = frozenset({R.BACK_OFFICE})
# Internal notes and internal parts of status events stay inside the office.
INTERNAL_READERS = OFFICE_STAFF


def require_role(actor: Actor, roles: frozenset[ActorRole], doing: str) -> None:
    """Raises Forbidden naming the action when the actor's role is not among `roles`."""
    if actor.role not in roles:
        allowed = ", ".join(sorted(role.value for role in roles))
        raise Forbidden(f"The role {actor.role.value} may not {doing} (allowed: {allowed})")


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """The SQL condition on complaints that the actor may see: its role's, in its areas.

    Every list, count, export and figure of complaints goes through this condition.
    """
    area = in_area(actor, Complaint.kelurahan_code)
    if actor.role in OFFICE_STAFF:
        return area
    if actor.role == R.FACILITATOR and actor.facilitator_id is not None:
        return and_(Complaint.facilitator_id == actor.facilitator_id, area)
    # A facilitator account not linked to a facilitator sees nothing (never IS NULL).
    return false()


def can_see(actor: Actor, complaint: Complaint) -> bool:
    """Whether the actor may see this complaint (the rule of visible_to, on one row)."""
    if not covers(actor, complaint.kelurahan_code):
        return False
    if actor.role in OFFICE_STAFF:
        return True
    return (
        actor.role == R.FACILITATOR
        and actor.facilitator_id is not None
        and complaint.facilitator_id == actor.facilitator_id
    )


async def get_visible_complaint(
    session: AsyncSession, ticket: str, actor: Actor, *, for_update: bool = False
) -> Complaint:
    """The complaint with this ticket (typed loosely), if the actor may see it; else NotFound."""
    require_role(actor, READERS, "read complaints")
    canonical = normalise_ticket(ticket)
    complaint = (
        await repository.get_by_ticket(session, canonical, for_update=for_update)
        if canonical
        else None
    )
    if complaint is None or not can_see(actor, complaint):
        raise NotFound(
            f"No complaint with the ticket {ticket!r}; check the number (like 261128-00A7)"
        )
    return complaint
