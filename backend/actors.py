"""Who is acting: a citizen in a chat, a facilitator, a staff member, or the system."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActorRole(StrEnum):
    """Every kind of actor the lifecycle knows; staff ones match `Role`."""

    CITIZEN = "citizen"
    FACILITATOR = "facilitator"
    FRONT_OFFICE = "front_office"
    BACK_OFFICE = "back_office"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYSTEM = "system"
    # An agency's officer answering one referral through its answer link (no account).
    AGENCY = "agency"


@dataclass(frozen=True, slots=True)
class Actor:
    """The one who fires an event; ids say which citizen, facilitator or staff user."""

    role: ActorRole
    staff_id: int | None = None
    facilitator_id: int | None = None
    citizen_id: int | None = None
    # The kelurahan a staff account is limited to (its kecamatan expanded); None is the
    # whole city. backend/staff/areas.py loads it and turns it into SQL.
    area_kelurahan: frozenset[str] | None = None

    @property
    def audit_id(self) -> str | None:
        """The id written to the audit log beside the role."""
        for value in (self.staff_id, self.facilitator_id, self.citizen_id):
            if value is not None:
                return str(value)
        return None


SYSTEM = Actor(ActorRole.SYSTEM)
