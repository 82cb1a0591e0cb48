"""One timeline of a complaint: status events, messages both ways, notes, referrals, deliveries,
and the facilitators' confirmations that they passed news on to the household.

Each outbox delivery hangs under the status event or message it carried, so
staff see at a glance whether the citizen got it; deliveries of anything else
stand on their own. Facilitators never see internal notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import (
    ComplaintMessage,
    ComplaintStatus,
    MessageDirection,
    StatusEvent,
)
from backend.facilitators.repository import relays_of_complaint
from backend.notifications.models import DeliveryAttempt, OutboxMessage
from backend.referrals.models import Agency, AgencyAnswer, AgencyAnswerKind, Referral
from backend.staff.repository import users_named
from backend.visits.repository import attachments_of_visits, facilitator_names, visits_of_complaint

_MESSAGE_KINDS = {
    MessageDirection.INBOUND: "message_in",
    MessageDirection.OUTBOUND: "message_out",
    MessageDirection.INTERNAL: "note",
}
# Same instant: the status change first, then what it caused.
_KIND_ORDER = {"status": 0, "referral": 1, "referral_answer": 2, "agency_answer": 2, "note": 3,
               "message_out": 4, "message_in": 5, "delivery": 6, "relay_confirmed": 7,
               "visit_requested": 8, "visit_taken": 8, "visit_done": 8, "visit_cancelled": 8}  # fmt: skip
# The rows of a complaint that are read whole, in the order they were written.
_Row = TypeVar("_Row", StatusEvent, ComplaintMessage, OutboxMessage)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try to deliver a message."""

    at: datetime
    result: str
    error: str | None


@dataclass(slots=True)
class Delivery:
    """An outbox message: to whom, by which template, and whether it arrived."""

    id: int
    recipient: str
    template: str
    status: str
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None
    relay_of_id: int | None
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class VisitDetail:
    """What a recorded home visit found, with its photos and voice notes (id and kind)."""

    visit_id: int
    visited_on: date | None
    met: str | None
    latitude: float | None
    longitude: float | None
    files: tuple[tuple[int, str], ...] = ()


@dataclass(slots=True)
class TimelineEntry:
    """Something that happened to the complaint; which fields are set depends on `kind`."""

    at: datetime
    kind: str
    id: int
    actor_role: str | None = None
    actor_staff_id: int | None = None
    actor_name: str | None = None
    actor_facilitator_id: int | None = None
    event: str | None = None
    from_status: ComplaintStatus | None = None
    to_status: ComplaintStatus | None = None
    public_note: str | None = None
    internal_note: str | None = None
    due_on: date | None = None
    text: str | None = None
    agency_code: str | None = None
    agency_name: str | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    visit: VisitDetail | None = None


async def build_timeline(
    session: AsyncSession, complaint_id: int, *, with_internal: bool
) -> list[TimelineEntry]:
    """Every entry of the complaint's timeline, oldest first."""
    entries = [
        _status_entry(row, with_internal) for row in await _all(session, StatusEvent, complaint_id)
    ]
    for message in await _all(session, ComplaintMessage, complaint_id):
        if message.direction == MessageDirection.INTERNAL and not with_internal:
            continue
        entries.append(
            TimelineEntry(
                at=message.created_at, kind=_MESSAGE_KINDS[message.direction], id=message.id,
                actor_role=message.author_role, actor_staff_id=message.author_staff_id,
                text=message.text,
            )
        )  # fmt: skip
    entries.extend(await _referral_entries(session, complaint_id, with_internal))
    entries.extend(await _relay_entries(session, complaint_id))
    entries.extend(await _visit_entries(session, complaint_id))
    await _attach_deliveries(session, complaint_id, entries)
    names = await users_named(session, {e.actor_staff_id for e in entries if e.actor_staff_id})
    # A facilitator's step is shown with their name, not only their role.
    facilitators = await facilitator_names(
        session, {e.actor_facilitator_id for e in entries if e.actor_facilitator_id}
    )
    for entry in entries:
        if entry.actor_staff_id:
            entry.actor_name = names.get(entry.actor_staff_id)
        elif entry.actor_facilitator_id:
            entry.actor_name = facilitators.get(entry.actor_facilitator_id)
    entries.sort(key=lambda entry: (entry.at, _KIND_ORDER[entry.kind], entry.id))
    return entries


async def _all(session: AsyncSession, model: type[_Row], complaint_id: int) -> list[_Row]:
    statement = select(model).where(model.complaint_id == complaint_id).order_by(model.id)
    return list(await session.scalars(statement))


def _status_entry(row: StatusEvent, with_internal: bool) -> TimelineEntry:
    return TimelineEntry(
        at=row.created_at, kind="status", id=row.id, actor_role=row.actor_role,
        actor_staff_id=row.actor_staff_id, actor_facilitator_id=row.actor_facilitator_id,
        event=row.event, from_status=row.from_status,
        to_status=row.to_status, public_note=row.public_note,
        internal_note=row.internal_note if with_internal else None, due_on=row.due_on,
    )  # fmt: skip


async def _referral_entries(
    session: AsyncSession, complaint_id: int, with_internal: bool
) -> list[TimelineEntry]:
    statement = (
        select(Referral, Agency)
        .join(Agency, Agency.id == Referral.agency_id)
        .where(Referral.complaint_id == complaint_id)
        .order_by(Referral.id)
    )
    entries = []
    agencies: dict[int, Agency] = {}
    # An answer the agency gave through its link stands in the timeline as itself; the
    # referral's own answer entry would repeat the final one.
    answered_by_link: set[int] = set()
    answers = await session.scalars(
        select(AgencyAnswer).where(AgencyAnswer.complaint_id == complaint_id)
    )
    link_answers = list(answers)
    for answer in link_answers:
        if answer.status_event_id is not None:
            answered_by_link.add(answer.referral_id)
    for referral, agency in await session.execute(statement):
        agencies[referral.id] = agency
        entries.append(
            TimelineEntry(
                at=referral.referred_at, kind="referral", id=referral.id, text=referral.note,
                actor_staff_id=referral.referred_by_id, agency_code=agency.code,
                agency_name=agency.name_id,
            )
        )  # fmt: skip
        if referral.answered_at is not None and referral.id not in answered_by_link:
            entries.append(
                TimelineEntry(
                    at=referral.answered_at, kind="referral_answer", id=referral.id,
                    text=referral.answer, agency_code=agency.code, agency_name=agency.name_id,
                )
            )  # fmt: skip
    for answer in link_answers:
        agency = agencies[answer.referral_id]
        # Why it is not the agency's program is for staff, like the reason it gave them.
        staff_only = answer.kind == AgencyAnswerKind.NOT_OUR_PROGRAM and not with_internal
        entries.append(
            TimelineEntry(
                at=answer.created_at, kind="agency_answer", id=answer.id, event=answer.kind.value,
                actor_role="agency", actor_name=answer.officer_name,
                text=None if staff_only else answer.note,
                agency_code=agency.code, agency_name=agency.name_id,
            )
        )  # fmt: skip
    return entries


async def _relay_entries(session: AsyncSession, complaint_id: int) -> list[TimelineEntry]:
    """One entry per news a facilitator confirmed as passed on to the household, when confirmed.

    Copies of the same news to several facilitators settle together: shown once.
    """
    entries = []
    seen: set[tuple[object, ...]] = set()
    for relay, name in await relays_of_complaint(session, complaint_id):
        if relay.confirmed_at is None:
            continue
        key = (relay.status_event_id, relay.complaint_message_id, relay.confirmed_at)
        if key in seen:
            continue
        seen.add(key)
        entries.append(
            TimelineEntry(
                at=relay.confirmed_at, kind="relay_confirmed", id=relay.id,
                actor_role="facilitator", text=name,
            )
        )  # fmt: skip
    return entries


async def _visit_entries(session: AsyncSession, complaint_id: int) -> list[TimelineEntry]:
    """Each home visit: asked for, taken, recorded (with what was found) or called off."""
    visits = await visits_of_complaint(session, complaint_id)
    files = await attachments_of_visits(session, [visit.id for visit in visits])
    entries = []
    for visit in visits:
        entries.append(
            TimelineEntry(
                at=visit.created_at, kind="visit_requested", id=visit.id,
                actor_staff_id=visit.requested_by_staff_id, text=visit.reason, due_on=visit.due_on,
            )
        )  # fmt: skip
        if visit.taken_at is not None and visit.taken_by_facilitator_id is not None:
            entries.append(
                TimelineEntry(
                    at=visit.taken_at, kind="visit_taken", id=visit.id, actor_role="facilitator",
                    actor_facilitator_id=visit.taken_by_facilitator_id,
                )
            )  # fmt: skip
        if visit.done_at is not None:
            detail = VisitDetail(
                visit.id, visit.visited_on, visit.met, visit.latitude, visit.longitude,
                tuple((file.id, file.kind) for file in files.get(visit.id, [])),
            )  # fmt: skip
            entries.append(
                TimelineEntry(
                    at=visit.done_at, kind="visit_done", id=visit.id, actor_role="facilitator",
                    actor_facilitator_id=visit.taken_by_facilitator_id, text=visit.findings,
                    visit=detail,
                )
            )  # fmt: skip
        if visit.cancelled_at is not None:
            entries.append(
                TimelineEntry(
                    at=visit.cancelled_at, kind="visit_cancelled", id=visit.id,
                    actor_staff_id=visit.cancelled_by_staff_id,
                )
            )  # fmt: skip
    return entries


async def _attach_deliveries(
    session: AsyncSession, complaint_id: int, entries: list[TimelineEntry]
) -> None:
    outbox = await _all(session, OutboxMessage, complaint_id)
    if not outbox:
        return
    attempts: dict[int, list[Attempt]] = {}
    statement = (
        select(DeliveryAttempt)
        .where(DeliveryAttempt.outbox_message_id.in_([row.id for row in outbox]))
        .order_by(DeliveryAttempt.id)
    )
    for attempt in await session.scalars(statement):
        attempts.setdefault(attempt.outbox_message_id, []).append(
            Attempt(attempt.attempted_at, attempt.result.value, attempt.error)
        )
    by_status = {e.id: e for e in entries if e.kind == "status"}
    by_message = {e.id: e for e in entries if e.kind in ("message_out", "message_in", "note")}
    for row in outbox:
        delivery = Delivery(
            id=row.id, recipient=row.recipient.value, template=row.template,
            status=row.status.value, created_at=row.created_at, sent_at=row.sent_at,
            last_error=row.last_error, relay_of_id=row.relay_of_id,
            attempts=attempts.get(row.id, []),
        )  # fmt: skip
        owner = by_status.get(row.status_event_id or 0) or by_message.get(
            row.complaint_message_id or 0
        )
        if owner is not None:
            owner.deliveries.append(delivery)
        else:
            entries.append(
                TimelineEntry(at=row.created_at, kind="delivery", id=row.id, deliveries=[delivery])
            )
