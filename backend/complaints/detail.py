"""Everything staff see about one complaint, and the events they may fire on it now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.access import INTERNAL_READERS
from backend.casefiles.models import Attachment, Category, Complaint
from backend.citizens.models import Citizen
from backend.clock import local_date, utcnow
from backend.complaints.lifecycle import LifecycleEvent, appeal_window_passed, transitions_from
from backend.complaints.queue import due_state
from backend.complaints.timeline import TimelineEntry, build_timeline
from backend.facilitators.models import Facilitator
from backend.regions.models import Kecamatan, Kelurahan
from backend.registry.routes import SuggestedRoute, suggested_route
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number
from backend.staff.models import StaffUser


@dataclass(frozen=True, slots=True)
class AllowedEvent:
    """An event the caller may fire now, with the fields it needs.

    `outcomes` is set for record_outcome: each outcome with the extra fields it needs.
    """

    event: LifecycleEvent
    requires: tuple[str, ...]
    outcomes: dict[str, tuple[str, ...]] | None = None


@dataclass(slots=True)
class ComplaintView:
    """A complaint with its household (NIK and KK masked), places, people, the route its
    registry result suggests, and its timeline."""

    complaint: Complaint
    citizen: Citizen
    category: Category
    nik_masked: str | None
    kk_masked: str | None
    kelurahan: Kelurahan | None
    kecamatan: Kecamatan | None
    assignee: StaffUser | None
    facilitator: Facilitator | None
    due_state: str | None
    route: SuggestedRoute
    attachments: list[Attachment] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    allowed_events: list[AllowedEvent] = field(default_factory=list)


async def view_complaint(
    session: AsyncSession,
    vault: Vault,
    complaint: Complaint,
    actor: Actor,
    *,
    appeal_window_days: int = 14,
    now: datetime | None = None,
) -> ComplaintView:
    """The complaint as the actor may see it; the caller has checked it is visible."""
    now = now or utcnow()
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    kelurahan = (
        await session.get(Kelurahan, complaint.kelurahan_code) if complaint.kelurahan_code else None
    )
    attachments = await session.scalars(
        select(Attachment).where(Attachment.complaint_id == complaint.id).order_by(Attachment.id)
    )
    return ComplaintView(
        complaint=complaint,
        citizen=citizen,
        category=await session.get_one(Category, complaint.category_id),
        nik_masked=_masked(vault, citizen.nik_ciphertext),
        kk_masked=_masked(vault, citizen.kk_ciphertext),
        kelurahan=kelurahan,
        kecamatan=await session.get(Kecamatan, kelurahan.kecamatan_code) if kelurahan else None,
        assignee=await session.get(StaffUser, complaint.assignee_id)
        if complaint.assignee_id
        else None,
        facilitator=(
            await session.get(Facilitator, complaint.facilitator_id)
            if complaint.facilitator_id
            else None
        ),
        due_state=due_state(complaint, local_date(now)),
        route=await suggested_route(session, complaint),
        attachments=list(attachments),
        timeline=await build_timeline(
            session, complaint.id, with_internal=actor.role in INTERNAL_READERS
        ),
        allowed_events=allowed_events(complaint, actor, appeal_window_days, now),
    )


def allowed_events(
    complaint: Complaint, actor: Actor, appeal_window_days: int, now: datetime
) -> list[AllowedEvent]:
    """Exactly the lifecycle events the actor's role may fire from the complaint's status."""
    grouped: dict[LifecycleEvent, list] = {}
    for row in transitions_from(complaint.status):
        if actor.role in row.roles:
            grouped.setdefault(row.event, []).append(row)
    allowed = []
    for event, rows in grouped.items():
        if event == LifecycleEvent.APPEAL and appeal_window_passed(
            complaint, appeal_window_days, now
        ):
            continue
        if len(rows) == 1:
            allowed.append(AllowedEvent(event, rows[0].requires))
            continue
        # record_outcome: one row per outcome, each with its own needs beyond "outcome".
        common = tuple(name for name in rows[0].requires if all(name in r.requires for r in rows))
        outcomes = {
            row.outcome.value: tuple(name for name in row.requires if name not in common)
            for row in rows
        }
        allowed.append(AllowedEvent(event, common, outcomes))
    return allowed


def _masked(vault: Vault, ciphertext: bytes | None) -> str | None:
    return mask_identity_number(vault.decrypt(ciphertext)) if ciphertext else None
