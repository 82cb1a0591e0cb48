"""How a person's data was processed: who (by role) saw their full identity, exported it,
or changed their case, and when; from the audit log and the status events.

The person is told roles, never names: staff act for the office, and naming them
would put the staff's own personal data in a citizen's chat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint, StatusEvent
from backend.complaints.export import IDENTITY_EXPORT_ACTION
from backend.complaints.lifecycle import LifecycleEvent

STATUS_PREFIX = "status."
# Audit records of lifecycle events say what the status events already say.
_SAID_BY_STATUS_EVENTS = frozenset(
    {"complaint.register", *(f"complaint.{event.value}" for event in LifecycleEvent)}
)
# What the person is shown in the chat: whole identity seen or sent out, the case moved.
SHOWN_TO_THE_PERSON = frozenset(
    {
        "citizen.identity_viewed",
        "citizen.data_exported",
        IDENTITY_EXPORT_ACTION,
        "citizen.correction_applied",
        "citizen.correction_refused",
        "complaint.attachment_viewed",
        "complaint.assign",
        "complaint.registry_check",
    }
)


@dataclass(frozen=True, slots=True)
class ProcessingEntry:
    """One thing done with the person's data: when, by which role, what, on which ticket.

    `action` is an audit action (citizen.identity_viewed) or status.<event> for a
    status change, whose new status is `to_status`.
    """

    at: datetime
    role: str
    action: str
    ticket: str | None = None
    to_status: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def is_status_change(self) -> bool:
        """Whether this entry is a status event."""
        return self.action.startswith(STATUS_PREFIX)


async def processing_log(session: AsyncSession, citizen_id: int) -> list[ProcessingEntry]:
    """Everything recorded about the person and their complaints, newest first."""
    tickets = {
        complaint_id: ticket
        for complaint_id, ticket in await session.execute(
            select(Complaint.id, Complaint.ticket).where(Complaint.citizen_id == citizen_id)
        )
    }
    entries = [
        ProcessingEntry(
            at=row.created_at,
            role=row.actor_role,
            action=f"{STATUS_PREFIX}{row.event}",
            ticket=tickets[row.complaint_id],
            to_status=row.to_status.value,
        )
        for row in await session.scalars(
            select(StatusEvent).where(StatusEvent.complaint_id.in_(list(tickets)))
        )
    ]
    about_them = or_(
        and_(AuditRecord.object_type == "citizen", AuditRecord.object_id == str(citizen_id)),
        and_(
            AuditRecord.object_type == "complaint",
            AuditRecord.object_id.in_(list(tickets.values())),
        ),
        # A queue export with whole NIKs names its people inside the record (checked below).
        AuditRecord.action == IDENTITY_EXPORT_ACTION,
    )
    for record in await session.scalars(select(AuditRecord).where(about_them)):
        if record.action in _SAID_BY_STATUS_EVENTS:
            continue
        detail = dict(record.detail or {})
        if record.action == IDENTITY_EXPORT_ACTION and citizen_id not in detail.get(
            "citizen_ids", []
        ):
            continue
        ticket = record.object_id if record.object_type == "complaint" else detail.get("ticket")
        entries.append(
            ProcessingEntry(
                at=record.at, role=record.actor_role, action=record.action,
                ticket=ticket if isinstance(ticket, str) else None, detail=detail,
            )
        )  # fmt: skip
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def shown_to_the_person(entries: list[ProcessingEntry]) -> list[ProcessingEntry]:
    """The entries the chat shows: what others did (not the person's own steps)."""
    return [
        entry
        for entry in entries
        if entry.role != ActorRole.CITIZEN.value
        and (entry.is_status_change or entry.action in SHOWN_TO_THE_PERSON)
    ]
