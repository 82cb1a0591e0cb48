"""The registry check of a complaint: is the household in the DTKS/DTSEN extract?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.access import require_role
from backend.casefiles.models import Complaint, RegistryStatus
from backend.citizens.models import Citizen
from backend.clock import utcnow
from backend.registry.proposals import propose_inclusion
from backend.registry.repository import find_by_nik_lookup

# Who may run the check again from the complaint page.
RECHECK_ROLES = frozenset(
    {ActorRole.FRONT_OFFICE, ActorRole.BACK_OFFICE, ActorRole.SUPERVISOR, ActorRole.ADMIN}
)


@dataclass(frozen=True, slots=True)
class RegistryResult:
    """The outcome of a check: registered with decile and programs, or not registered."""

    status: RegistryStatus
    decile: int | None = None
    programs: tuple[str, ...] = ()


async def look_up_registry(session: AsyncSession, nik_lookup: str | None) -> RegistryResult:
    """The registry result for a NIK hash; unchecked when there is no NIK."""
    if nik_lookup is None:
        return RegistryResult(RegistryStatus.UNCHECKED)
    record = await find_by_nik_lookup(session, nik_lookup)
    if record is None:
        return RegistryResult(RegistryStatus.NOT_REGISTERED)
    programs = tuple(sorted(code for code, receives in (record.programs or {}).items() if receives))
    return RegistryResult(RegistryStatus.REGISTERED, record.decile, programs)


async def check_complaint_registry(
    session: AsyncSession, complaint: Complaint, citizen: Citizen, now: datetime
) -> RegistryResult:
    """Writes the registry result of the citizen's NIK onto the complaint."""
    result = await look_up_registry(session, citizen.nik_lookup)
    if result.status == RegistryStatus.UNCHECKED:
        # No NIK (civil documents): nothing to check, the complaint stays unchecked.
        return result
    complaint.registry_status = result.status
    complaint.registry_decile = result.decile
    complaint.registry_programs = (
        list(result.programs) if result.status == RegistryStatus.REGISTERED else None
    )
    complaint.registry_checked_at = now
    return result


def registry_result_of(complaint: Complaint) -> RegistryResult:
    """The registry result last written on a complaint."""
    return RegistryResult(
        complaint.registry_status,
        complaint.registry_decile,
        tuple(complaint.registry_programs or ()),
    )


async def recheck_registry(
    session: AsyncSession, complaint: Complaint, actor: Actor, *, now: datetime | None = None
) -> RegistryResult:
    """Runs the check again (staff, e.g. after a new import), audited; proposes when not registered."""
    require_role(actor, RECHECK_ROLES, "re-run the registry check")
    now = now or utcnow()
    before = registry_result_of(complaint)
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    result = await check_complaint_registry(session, complaint, citizen, now)
    await session.flush()
    record_audit(
        session, actor, "complaint.registry_check", "complaint", complaint.ticket,
        {
            "from": before.status.value, "to": result.status.value,
            "decile": result.decile, "programs": list(result.programs),
        },
    )  # fmt: skip
    if result.status == RegistryStatus.NOT_REGISTERED:
        await propose_inclusion(session, complaint, now=now)
    return result
