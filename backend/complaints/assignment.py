"""Who works a complaint: supervisors assign and reassign, back office takes unassigned ones."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.access import ASSIGNERS, SELF_ASSIGNERS, require_role
from backend.casefiles.models import Category, Complaint
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.staff.areas import area_kelurahan_of, covers
from backend.staff.models import Role, StaffUser
from backend.staff_alerts.new_complaints import tell_assigned

# Who can be given a complaint to work: the roles that fire the working events.
ASSIGNABLE_ROLES = frozenset({Role.BACK_OFFICE, Role.SUPERVISOR})


async def assign_complaint(
    session: AsyncSession, complaint: Complaint, actor: Actor, assignee_id: int | None
) -> StaffUser | None:
    """Assigns the complaint to a back-office (or supervisor) account, or unassigns it (None)."""
    require_role(actor, ASSIGNERS | SELF_ASSIGNERS, "assign complaints")
    if complaint.status not in OPEN_STATUSES:
        raise Conflict(
            f"The complaint is {complaint.status.value}: only open complaints can be assigned"
        )
    if actor.role in SELF_ASSIGNERS:
        _check_taking_for_oneself(complaint, actor, assignee_id)
    assignee = None
    if assignee_id is not None:
        assignee = await session.get(StaffUser, assignee_id)
        if assignee is None or not assignee.is_active:
            raise InvalidInput(
                f"No active staff account has the id {assignee_id}", field="assignee_id"
            )
        if assignee.role not in ASSIGNABLE_ROLES:
            raise InvalidInput(
                f"{assignee.full_name} is {assignee.role.value}; complaints go to back office "
                "or supervisors",
                field="assignee_id",
            )
        # The assignee must be able to open it: the complaint lies in their areas.
        assignee_actor = Actor(
            ActorRole(assignee.role.value), assignee.id,
            area_kelurahan=await area_kelurahan_of(session, assignee.id),
        )  # fmt: skip
        if not covers(assignee_actor, complaint.kelurahan_code):
            raise InvalidInput(
                f"{assignee.full_name} works other areas than this complaint's kelurahan; "
                "choose someone whose areas hold it",
                field="assignee_id",
            )
    previous = complaint.assignee_id
    if previous != assignee_id:
        complaint.assignee_id = assignee_id
        await session.flush()
        record_audit(
            session, actor, "complaint.assign", "complaint", complaint.ticket,
            {"from": previous, "to": assignee_id},
        )  # fmt: skip
        if assignee_id is not None and assignee_id != actor.staff_id:
            category = await session.get_one(Category, complaint.category_id)
            await tell_assigned(
                session, assignee_id, ticket=complaint.ticket,
                category=(category.name_id, category.name_en), due_on=complaint.due_on,
            )  # fmt: skip
    return assignee


def _check_taking_for_oneself(complaint: Complaint, actor: Actor, assignee_id: int | None) -> None:
    if assignee_id != actor.staff_id:
        raise Forbidden(
            f"The role {actor.role.value} may only take a complaint for oneself; "
            "a supervisor assigns others"
        )
    if complaint.assignee_id not in (None, actor.staff_id):
        raise Forbidden(
            "This complaint is assigned to someone else; ask a supervisor to reassign it"
        )
