"""Registers complaints and moves them through the lifecycle.

Services never commit: the caller's unit of work does, so the status, its
event, the SLA, the audit record and the outbox rows land together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles import repository
from backend.casefiles.models import (
    Category,
    Complaint,
    ComplaintStatus,
    FiledFor,
    RegistryStatus,
    StatusEvent,
)
from backend.casefiles.tickets import format_ticket
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.clock import local_date, utcnow
from backend.complaints.expected_date import (
    ExpectedDate,
    first_expected_date,
    next_expected_date,
    staff_deadline,
)
from backend.complaints.lifecycle import (
    LifecycleEvent,
    Outcome,
    Transition,
    appeal_window_passed,
    next_status,
    rows_for,
)
from backend.complaints.news import queue_for_complaint
from backend.errors import DomainError, Forbidden, InvalidInput
from backend.letters.service import issue_referral_letter
from backend.referrals.models import Agency, Referral, ReferralStatus
from backend.referrals.repository import get_agency_by_code, open_referral_of
from backend.registry.checks import check_complaint_registry
from backend.registry.proposals import propose_inclusion
from backend.staff_alerts.new_complaints import tell_received

# The creation of a complaint is recorded as a status event of this name.
REGISTER_EVENT = "register"
MAX_NOTE_LENGTH = 2000


class EventRefused(DomainError):
    """A lifecycle event may not be fired; nothing was written."""

    def __init__(
        self,
        status: ComplaintStatus,
        event: str,
        reason: str,
        *,
        status_code: int = 409,
    ) -> None:
        super().__init__(f"Cannot {event} a complaint that is {status.value}: {reason}")
        self.status = status
        self.event = event
        self.reason = reason
        self.status_code = status_code


@dataclass(frozen=True, slots=True)
class EventDetails:
    """What an event carries; each event requires some of these (see lifecycle)."""

    note: str | None = None
    internal_note: str | None = None
    reason: str | None = None
    agency: str | None = None
    resolution: str | None = None
    outcome: Outcome | None = None

    def has(self, name: str) -> bool:
        """Whether the field is given and not blank."""
        value = getattr(self, name)
        return value is not None and (not isinstance(value, str) or bool(value.strip()))


async def register_complaint(
    session: AsyncSession,
    *,
    citizen: Citizen,
    category: Category,
    description: str,
    channel: Channel,
    actor: Actor,
    identity: ChannelIdentity | None = None,
    facilitator_id: int | None = None,
    filed_for: FiledFor = FiledFor.SELF,
    kelurahan_code: str | None = None,
    address: str | None = None,
    nik_outside_city: bool = False,
    now: datetime | None = None,
) -> Complaint:
    """Registers a complaint, gives it a ticket and starts its SLA clock."""
    now = now or utcnow()
    # A facilitator's filing waits for a supervisor before the SLA starts.
    by_facilitator = actor.role == ActorRole.FACILITATOR
    status = ComplaintStatus.PENDING_APPROVAL if by_facilitator else ComplaintStatus.RECEIVED
    serial = await repository.next_ticket_serial(session, local_date(now))
    complaint = Complaint(
        ticket=format_ticket(local_date(now), serial),
        citizen_id=citizen.id,
        filed_for=filed_for,
        channel=channel,
        identity_id=identity.id if identity else None,
        facilitator_id=facilitator_id,
        filed_by_staff_id=actor.staff_id,
        category_id=category.id,
        description=description,
        kelurahan_code=kelurahan_code or citizen.kelurahan_code,
        address=address or citizen.address,
        status=status,
        nik_outside_city=nik_outside_city,
        created_at=now,
    )
    await _check_registry(session, complaint, citizen, now)
    if status == ComplaintStatus.RECEIVED:
        _start_file(complaint, category, now)
    session.add(complaint)
    await session.flush()
    session.add(
        StatusEvent(
            complaint_id=complaint.id,
            event=REGISTER_EVENT,
            from_status=None,
            to_status=status,
            actor_role=actor.role.value,
            actor_staff_id=actor.staff_id,
            actor_facilitator_id=actor.facilitator_id,
            actor_citizen_id=actor.citizen_id,
            due_on=complaint.due_on,
            created_at=now,
        )
    )
    record_audit(
        session, actor, "complaint.register", "complaint", complaint.ticket,
        {"to": status.value, "channel": channel.value},
    )  # fmt: skip
    if status == ComplaintStatus.RECEIVED:
        await tell_received(
            session, ticket=complaint.ticket, category=(category.name_id, category.name_en),
            due_on=complaint.due_on, kelurahan_code=complaint.kelurahan_code,
        )  # fmt: skip
    if complaint.registry_status == RegistryStatus.NOT_REGISTERED:
        # Proposed at once (one proposal per citizen), so no household waits on a staff step.
        await propose_inclusion(session, complaint, now=now)
    return complaint


async def _check_registry(
    session: AsyncSession, complaint: Complaint, citizen: Citizen, now: datetime
) -> None:
    # Decile and programs when registered; see backend/registry/checks.py.
    await check_complaint_registry(session, complaint, citizen, now)


def _start_file(complaint: Complaint, category: Category, now: datetime) -> None:
    # The file is complete from here; the statutory 60 days count from now.
    complaint.file_complete_at = now
    complaint.expected_completion_on = first_expected_date(category, now)
    complaint.due_on = staff_deadline(ComplaintStatus.RECEIVED, complaint.expected_completion_on)


async def fire_event(
    session: AsyncSession,
    complaint: Complaint,
    event: LifecycleEvent | str,
    actor: Actor,
    details: EventDetails | None = None,
    *,
    appeal_window_days: int = 14,
    now: datetime | None = None,
) -> StatusEvent:
    """Fires a lifecycle event, writing status, event, SLA, audit and outbox together."""
    fired = await fire_event_dated(
        session, complaint, event, actor, details, appeal_window_days=appeal_window_days, now=now
    )
    return fired.event


@dataclass(frozen=True, slots=True)
class FiredEvent:
    """A fired event and the expected date after it (whether, and why, it moved)."""

    event: StatusEvent
    expected: ExpectedDate
    # The status message's parameters, as the chats that did not act were sent them.
    status_params: dict[str, Any]


async def fire_event_dated(
    session: AsyncSession,
    complaint: Complaint,
    event: LifecycleEvent | str,
    actor: Actor,
    details: EventDetails | None = None,
    *,
    appeal_window_days: int = 14,
    now: datetime | None = None,
) -> FiredEvent:
    """`fire_event`, also telling the caller how the expected date moved (for its own reply)."""
    details = details or EventDetails()
    now = now or utcnow()
    row = _authorised_row(complaint, event, actor, details)
    agency = await _agency_for(session, complaint, row, details)
    if row.event == LifecycleEvent.APPEAL and appeal_window_passed(
        complaint, appeal_window_days, now
    ):
        raise EventRefused(
            complaint.status, row.event, f"the {appeal_window_days}-day appeal window has passed"
        )
    dest = next_status(complaint.status, row.event, details.outcome)
    if dest != row.dest:  # the machine and the table are built from one source
        raise AssertionError(f"machine took {row.event} to {dest}, table says {row.dest}")

    category = await repository.get_category(session, complaint.category_id)
    source = complaint.status
    effects = await _apply_effects(session, complaint, row, details, agency, actor, now)
    complaint.status = dest
    expected = await _move_expected_date(session, complaint, category, source, dest, now)
    status_event = StatusEvent(
        complaint_id=complaint.id,
        event=row.event.value,
        from_status=source,
        to_status=dest,
        actor_role=actor.role.value,
        actor_staff_id=actor.staff_id,
        actor_facilitator_id=actor.facilitator_id,
        actor_citizen_id=actor.citizen_id,
        public_note=_public_note(row, details),
        internal_note=details.internal_note,
        due_on=complaint.due_on,
        created_at=now,
    )
    session.add(status_event)
    await session.flush()
    record_audit(
        session, actor, f"complaint.{row.event.value}", "complaint", complaint.ticket,
        {"from": source.value, "to": dest.value, **effects},
    )  # fmt: skip
    params = _status_params(complaint, status_event, agency, expected)
    await queue_for_complaint(
        session, complaint, actor, f"complaint.{status_event.event}", params,
        status_event_id=status_event.id,
    )  # fmt: skip
    if row.event == LifecycleEvent.APPROVE:
        # A facilitator's filing, approved, enters the office's queue like any new complaint.
        await tell_received(
            session, ticket=complaint.ticket, category=(category.name_id, category.name_en),
            due_on=complaint.due_on, kelurahan_code=complaint.kelurahan_code,
        )  # fmt: skip
    return FiredEvent(status_event, expected, params)


def _authorised_row(
    complaint: Complaint, event: LifecycleEvent | str, actor: Actor, details: EventDetails
) -> Transition:
    status = complaint.status
    try:
        event = LifecycleEvent(event)
    except ValueError:
        raise InvalidInput(f"Unknown event '{event}'", field="event") from None
    rows = rows_for(status, event)
    if not rows:
        raise EventRefused(status, event, "this event is not possible from this status")
    rows = tuple(row for row in rows if actor.role in row.roles)
    if not rows:
        raise EventRefused(
            status, event, f"the role {actor.role.value} may not do this", status_code=403
        )
    _check_own_case(complaint, actor)
    if len(rows) > 1:
        if details.outcome is None:
            raise EventRefused(status, event, "an outcome is required", status_code=422)
        rows = tuple(row for row in rows if row.outcome == details.outcome)
        if not rows:
            raise EventRefused(
                status, event, "the outcome must be in_progress or resolved", status_code=422
            )
    row = rows[0]
    too_long = [
        name for name in ("note", "internal_note", "reason", "resolution")
        if len(getattr(details, name) or "") > MAX_NOTE_LENGTH
    ]  # fmt: skip
    if too_long:
        # A note is read in a chat message, which holds 4,096 characters with its frame.
        raise EventRefused(
            status, event, f"{', '.join(too_long)} is longer than {MAX_NOTE_LENGTH} characters",
            status_code=422,
        )  # fmt: skip
    missing = [name for name in row.requires if not details.has(name)]
    if missing:
        raise EventRefused(status, event, f"{', '.join(missing)} is required", status_code=422)
    return row


def _check_own_case(complaint: Complaint, actor: Actor) -> None:
    # Citizens and facilitators act only on their own complaints.
    if actor.role == ActorRole.CITIZEN and actor.citizen_id != complaint.citizen_id:
        raise Forbidden("This complaint belongs to someone else")
    if actor.role == ActorRole.FACILITATOR and actor.facilitator_id != complaint.facilitator_id:
        raise Forbidden("This complaint was filed by another facilitator")


async def _agency_for(
    session: AsyncSession, complaint: Complaint, row: Transition, details: EventDetails
) -> Agency | None:
    if row.event == LifecycleEvent.RECORD_OUTCOME:
        # The agency that answered: the citizen's message names it.
        referral = await open_referral_of(session, complaint.id)
        return await session.get(Agency, referral.agency_id) if referral else None
    if row.event != LifecycleEvent.REFER:
        return None
    agency = await get_agency_by_code(session, details.agency or "")
    if agency is None:
        raise EventRefused(
            complaint.status, row.event, f"unknown agency '{details.agency}'", status_code=422
        )
    return agency


async def _apply_effects(
    session: AsyncSession,
    complaint: Complaint,
    row: Transition,
    details: EventDetails,
    agency: Agency | None,
    actor: Actor,
    now: datetime,
) -> dict[str, Any]:
    """The side effects of each event on the complaint and its referrals, in one place;
    answers what the event's audit record should also say about them."""
    event = row.event
    audited: dict[str, Any] = {}
    if event in (LifecycleEvent.APPROVE, LifecycleEvent.PROVIDE_INFO):
        complaint.file_complete_at = now
    elif event == LifecycleEvent.REFER and agency is not None:
        referred = Referral(
            complaint_id=complaint.id,
            agency_id=agency.id,
            note=details.note,
            referred_by_id=actor.staff_id,
            referred_at=now,
        )
        session.add(referred)
        await session.flush()
        # Every referral has its numbered letter and the date the agency should answer by;
        # the event's one audit record names them (each issue audited, one record per event).
        letter = await issue_referral_letter(session, referred, complaint, now)
        audited = {
            "agency": agency.code,
            "letter": letter.number,
            "due_on": letter.due_on.isoformat(),
        }
    elif event == LifecycleEvent.RECORD_OUTCOME:
        # The answer closes the referral, and with it the agency's answer link.
        referral = await open_referral_of(session, complaint.id)
        if referral is not None:
            referral.status = ReferralStatus.ANSWERED
            referral.answer = details.note or details.resolution or details.internal_note
            referral.answered_at = now
    elif event == LifecycleEvent.REJECT:
        complaint.rejection_reason = details.reason
    elif event == LifecycleEvent.APPEAL:
        complaint.appeal_count += 1
        complaint.resolved_at = None
        complaint.file_complete_at = now
    if row.dest == ComplaintStatus.RESOLVED:
        complaint.resolution = details.resolution
        complaint.resolved_at = now
    return audited


async def _move_expected_date(
    session: AsyncSession,
    complaint: Complaint,
    category: Category,
    source: ComplaintStatus,
    dest: ComplaintStatus,
    now: datetime,
) -> ExpectedDate:
    """The one date the citizen and the panel read, and the staff deadline that follows it."""
    waiting_since = None
    if source == ComplaintStatus.NEEDS_INFO:
        waiting_since = await repository.last_entered(session, complaint.id, source)
    expected = next_expected_date(
        current=complaint.expected_completion_on, category=category, source=source, dest=dest,
        now=now, file_complete_at=complaint.file_complete_at, waiting_since=waiting_since,
    )  # fmt: skip
    complaint.expected_completion_on = expected.on
    complaint.due_on = staff_deadline(dest, expected.on)
    return expected


def _public_note(row: Transition, details: EventDetails) -> str | None:
    # What the citizen reads; guarded columns mask a NIK or KK typed into it.
    if row.event in (LifecycleEvent.REJECT, LifecycleEvent.APPEAL):
        note = details.reason if not details.note else f"{details.reason}\n\n{details.note}"
    elif row.dest == ComplaintStatus.RESOLVED:
        note = details.resolution
    else:
        note = details.note
    return note


def _status_params(
    complaint: Complaint, status_event: StatusEvent, agency: Agency | None, expected: ExpectedDate
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ticket": complaint.ticket,
        "event": status_event.event,
        "status": status_event.to_status.value,
        "note": status_event.public_note,
        "due_on": _iso(complaint.expected_completion_on),
        "agency_id": agency.name_id if agency else None,
        "agency_en": agency.name_en if agency else None,
    }
    if expected.moved is not None:
        # The message says the date moved, from when, and why (bot/notifier/compose.py).
        params |= {
            "due_moved": expected.moved.value,
            "due_before": _iso(expected.before),
            "due_days": expected.days,
        }
    return params


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]
