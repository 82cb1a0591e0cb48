"""Home visits: staff ask for one, a facilitator of the kelurahan takes it, records it.

A complaint has at most one visit still to be made (its row is locked while asking).
The facilitators of the household's kelurahan are told through the outbox; the first
to take the visit has it (one conditional UPDATE). A visit not recorded by its due day
(WIB) is overdue. Every step is audited; services never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus
from backend.citizens.models import Citizen
from backend.clock import local_date
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.facilitators.models import Facilitator
from backend.notifications.models import Recipient
from backend.notifications.outbox import queue_message
from backend.regions.models import Kelurahan
from backend.visits import repository
from backend.visits.models import OPEN_STATES, HomeVisit, VisitState

# Those who work complaints ask for visits and call them off.
REQUESTERS = frozenset({ActorRole.BACK_OFFICE, ActorRole.SUPERVISOR, ActorRole.ADMIN})
# The outbox template that tells a kelurahan's facilitators (bot/notifier/compose.py words it).
VISIT_REQUESTED_TEMPLATE = "visit.requested"
MAX_REASON_LENGTH = 1000
MAX_MET_LENGTH = 200
MAX_FINDINGS_LENGTH = 4000
# A due day further ahead than this is a typing mistake.
MAX_DUE_DAYS = 90
_FINISHED = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED, ComplaintStatus.REJECTED})


class VisitFile(Protocol):
    """A photo or voice note a channel received (complaints.filing.AttachmentFile fits)."""

    @property
    def kind(self) -> str:
        """photo, document or voice."""

    @property
    def channel_file_id(self) -> str | None:
        """The channel's id of the file."""

    @property
    def mime_type(self) -> str | None:
        """What the file is."""

    @property
    def size_bytes(self) -> int | None:
        """How big it is."""

    @property
    def original_name(self) -> str | None:
        """The name it came with."""

    @property
    def stored_path(self) -> str | None:
        """Where its bytes are kept under FILES_DIR."""

    @property
    def sha256(self) -> str | None:
        """The hash of its bytes."""


def accepts_visits(complaint: Complaint) -> bool:
    """Whether a visit may be asked for on the complaint: not finished, and has a kelurahan."""
    return complaint.status not in _FINISHED and complaint.kelurahan_code is not None


def is_overdue(visit: HomeVisit, now: datetime) -> bool:
    """Whether the visit is still to be made after its due day (WIB)."""
    return visit.state in OPEN_STATES and local_date(now) > visit.due_on


def _require_requester(actor: Actor, doing: str) -> None:
    if actor.role not in REQUESTERS:
        raise Forbidden(
            f"The role {actor.role.value} may not {doing}; back office, supervisors and admins may"
        )


def _text(value: str | None, *, field: str, limit: int, required: bool) -> str | None:
    text = (value or "").strip() or None
    if text is None and required:
        raise InvalidInput(f"The {field} is required", field=field)
    if text is not None and len(text) > limit:
        raise InvalidInput(f"The {field} takes at most {limit} characters", field=field)
    return text


async def request_visit(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    *,
    reason: str,
    due_on: date,
    now: datetime,
) -> HomeVisit:
    """Asks for a home visit on the complaint and tells the kelurahan's facilitators.

    The caller has checked the actor may see the complaint. Raises Conflict when a
    visit is already open or the complaint is finished, InvalidInput for bad fields.
    """
    _require_requester(actor, "ask for home visits")
    text = _text(reason, field="reason", limit=MAX_REASON_LENGTH, required=True)
    assert text is not None
    today = local_date(now)
    if due_on < today:
        raise InvalidInput("The due date is in the past", field="due_on")
    if (due_on - today).days > MAX_DUE_DAYS:
        raise InvalidInput(f"The due date is more than {MAX_DUE_DAYS} days away", field="due_on")
    # The row lock keeps two requests at once to one open visit.
    complaint = await session.get_one(Complaint, complaint.id, with_for_update=True)
    if complaint.status in _FINISHED:
        raise Conflict(f"The complaint is {complaint.status.value}; no visit can be asked for")
    if complaint.kelurahan_code is None:
        raise InvalidInput("The complaint has no kelurahan to visit", field="kelurahan")
    if await repository.open_visit_of(session, complaint.id) is not None:
        raise Conflict("A home visit is already open on this complaint")
    visit = HomeVisit(
        complaint_id=complaint.id, kelurahan_code=complaint.kelurahan_code,
        requested_by_staff_id=actor.staff_id, reason=text, due_on=due_on,
        state=VisitState.REQUESTED, created_at=now,
    )  # fmt: skip
    session.add(visit)
    await session.flush()
    told = await _tell_kelurahan(session, complaint, visit)
    record_audit(
        session, actor, "visit.requested", "complaint", complaint.ticket,
        {"visit_id": visit.id, "due_on": due_on.isoformat(), "facilitators_told": told},
    )  # fmt: skip
    return visit


async def _tell_kelurahan(session: AsyncSession, complaint: Complaint, visit: HomeVisit) -> int:
    chats = await repository.kelurahan_chats(session, visit.kelurahan_code)
    if not chats:
        return 0
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    kelurahan = await session.get_one(Kelurahan, visit.kelurahan_code)
    params = {
        "visit_id": visit.id, "ticket": complaint.ticket, "household": citizen.full_name,
        "kelurahan": kelurahan.name, "reason": visit.reason, "due_on": visit.due_on.isoformat(),
    }  # fmt: skip
    for chat in chats:
        queue_message(
            session, chat, Recipient.FACILITATOR, VISIT_REQUESTED_TEMPLATE, params,
            complaint_id=complaint.id,
        )  # fmt: skip
    return len(chats)


@dataclass(frozen=True, slots=True)
class TakeResult:
    """What came of pressing 'take': taken now, already theirs, or someone else's."""

    taken: bool
    visit: HomeVisit | None
    taker_name: str | None = None


async def take_visit(
    session: AsyncSession, visit_id: int, facilitator: Facilitator, now: datetime
) -> TakeResult:
    """The facilitator takes a requested visit of their kelurahan; the first one wins.

    A visit of another kelurahan, or none at all, answers NotFound.
    """
    visit = await repository.get_visit(session, visit_id)
    if visit is None or not facilitator.is_active:
        raise NotFound(f"No home visit {visit_id}")
    if visit.kelurahan_code != facilitator.kelurahan_code:
        raise NotFound(f"No home visit {visit_id}")
    won = await repository.take(session, visit.id, facilitator.id, now)
    await session.refresh(visit)
    if won:
        record_audit(
            session, Actor(ActorRole.FACILITATOR, facilitator_id=facilitator.id), "visit.taken",
            "home_visit", visit.id, {"complaint_id": visit.complaint_id},
        )  # fmt: skip
        return TakeResult(True, visit)
    names = await repository.facilitator_names(
        session, {visit.taken_by_facilitator_id} if visit.taken_by_facilitator_id else set()
    )
    return TakeResult(False, visit, names.get(visit.taken_by_facilitator_id or 0))


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """What the facilitator found at the house."""

    visited_on: date
    met: str
    findings: str | None
    latitude: float | None = None
    longitude: float | None = None
    files: Sequence[VisitFile] = ()


def check_visited_on(visit: HomeVisit, visited_on: date, now: datetime) -> None:
    """The day of the visit: not in the future, not before it was asked for."""
    if visited_on > local_date(now):
        raise InvalidInput("The visit day is in the future", field="visited_on")
    if visited_on < local_date(visit.created_at):
        raise InvalidInput("The visit day is before the visit was asked for", field="visited_on")


def _check_location(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise InvalidInput("A location needs both latitude and longitude", field="location")
    on_earth = latitude is None or (-90 <= latitude <= 90 and -180 <= (longitude or 0) <= 180)
    if not on_earth:
        raise InvalidInput("The location is not on Earth", field="location")


async def record_visit(
    session: AsyncSession,
    visit_id: int,
    facilitator: Facilitator,
    record: VisitRecord,
    now: datetime,
) -> HomeVisit:
    """Records the facilitator's visit (only theirs, only once); the timeline shows it.

    Findings come as text or as a voice note among the files. Raises NotFound for a
    visit that is not theirs, Conflict for one already recorded or called off.
    """
    visit = await repository.get_visit(session, visit_id, for_update=True)
    if (
        visit is None
        or visit.taken_by_facilitator_id != facilitator.id
        or not facilitator.is_active
    ):
        raise NotFound(f"No home visit {visit_id}")
    if visit.state != VisitState.TAKEN:
        raise Conflict(f"The home visit is {visit.state.value}")
    check_visited_on(visit, record.visited_on, now)
    met = _text(record.met, field="met", limit=MAX_MET_LENGTH, required=True)
    has_voice = any(file.kind == "voice" for file in record.files)
    findings = _text(
        record.findings, field="findings", limit=MAX_FINDINGS_LENGTH, required=not has_voice
    )
    _check_location(record.latitude, record.longitude)
    visit.state = VisitState.DONE
    visit.visited_on = record.visited_on
    visit.met, visit.findings = met, findings
    visit.latitude, visit.longitude = record.latitude, record.longitude
    visit.done_at = now
    for file in record.files:
        session.add(
            Attachment(
                complaint_id=visit.complaint_id, home_visit_id=visit.id, kind=file.kind,
                channel_file_id=file.channel_file_id, mime_type=file.mime_type,
                size_bytes=file.size_bytes, original_name=file.original_name,
                stored_path=file.stored_path, sha256=file.sha256, created_at=now,
            )
        )  # fmt: skip
    await session.flush()
    record_audit(
        session, Actor(ActorRole.FACILITATOR, facilitator_id=facilitator.id), "visit.recorded",
        "home_visit", visit.id,
        {"complaint_id": visit.complaint_id, "files": len(record.files),
         "location": record.latitude is not None},
    )  # fmt: skip
    return visit


async def cancel_visit(
    session: AsyncSession, visit_id: int, actor: Actor, *, now: datetime
) -> HomeVisit:
    """Staff call off a visit still to be made."""
    _require_requester(actor, "call off home visits")
    visit = await repository.get_visit(session, visit_id, for_update=True)
    if visit is None:
        raise NotFound(f"No home visit {visit_id}")
    if visit.state not in OPEN_STATES:
        raise Conflict(f"The home visit is {visit.state.value}")
    visit.state = VisitState.CANCELLED
    visit.cancelled_at = now
    visit.cancelled_by_staff_id = actor.staff_id
    record_audit(
        session, actor, "visit.cancelled", "home_visit", visit.id,
        {"complaint_id": visit.complaint_id},
    )  # fmt: skip
    return visit
