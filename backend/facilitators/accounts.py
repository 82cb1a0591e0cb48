"""A panel sign-in for a facilitator: a staff account of the facilitator role, linked to the
facilitator record, so its panel shows only that facilitator's own filings.

Made by an administrator from the facilitator's page; the generated password is shown once
and must be changed at the first sign-in, as for any account an admin sets up.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.errors import Conflict, Forbidden
from backend.facilitators.models import Facilitator
from backend.staff.models import Role, StaffUser
from backend.staff.service import create_staff_user, generate_password


@dataclass(frozen=True, slots=True)
class FacilitatorAccount:
    """The new account and its password (known only here; stored as a hash)."""

    user: StaffUser
    password: str


async def create_facilitator_account(
    session: AsyncSession, facilitator: Facilitator, *, email: str, actor: Actor
) -> FacilitatorAccount:
    """An administrator gives an active facilitator a panel sign-in linked to their record.

    Raises Conflict when the facilitator is deactivated or already has one, EmailTaken
    (a Conflict) when the email signs in to another account.
    """
    if actor.role != ActorRole.ADMIN:
        raise Forbidden(f"The role {actor.role.value} may not create accounts; admins may")
    if not facilitator.is_active:
        raise Conflict("This facilitator is deactivated; reactivate before giving a sign-in")
    if facilitator.staff_user_id is not None:
        raise Conflict("This facilitator already has a panel sign-in")
    password = generate_password()
    user = await create_staff_user(
        session, email=email, full_name=facilitator.full_name, role=Role.FACILITATOR,
        password=password,
    )  # fmt: skip
    # The administrator saw this password: the facilitator replaces it at the first sign-in.
    user.password_must_change = True
    facilitator.staff_user_id = user.id
    record_audit(
        session, actor, "staff.created", "staff_user", user.id,
        {"email": user.email, "role": Role.FACILITATOR.value, "facilitator_id": facilitator.id},
    )  # fmt: skip
    record_audit(
        session, actor, "facilitator.account_linked", "facilitator", facilitator.id,
        {"staff_user_id": user.id},
    )  # fmt: skip
    return FacilitatorAccount(user, password)
