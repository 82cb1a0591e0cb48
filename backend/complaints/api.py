"""The complaint endpoints of the REST API: queue, complaint, identity, events, messages,
notes, assignment, referral answers and the registry re-check. Each is thin: it finds the
complaint the caller may see and calls one service; the request's unit of work commits once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.api.deps import AppSettings, DataVault, Session, client_ip
from backend.api.errors import error_responses
from backend.casefiles.access import get_visible_complaint
from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.complaints.assignment import assign_complaint
from backend.complaints.detail import view_complaint
from backend.complaints.identity import reveal_identity
from backend.complaints.messages import send_message_to_citizen
from backend.complaints.notes import add_internal_note
from backend.complaints.queue import list_queue
from backend.complaints.queue_responses import QueuePageOut, queue_page_out
from backend.complaints.referral_answers import record_referral_answer
from backend.complaints.referral_email import email_if_referred
from backend.complaints.responses import (
    ComplaintOut,
    IdentityOut,
    MessageOut,
    RegistryCheckOut,
    TypedNumberOut,
    complaint_out,
    registry_out,
    route_out,
)
from backend.complaints.schemas import (
    AssigneeIn,
    EventIn,
    MessageIn,
    NoteIn,
    QueueQuery,
    ReferralAnswerIn,
)
from backend.complaints.service import EventDetails, fire_event
from backend.config import Settings
from backend.errors import NotFound
from backend.letters.service import latest_letter_of, letter_file_name, letter_pdf, link_settings_of
from backend.registry.checks import recheck_registry
from backend.registry.routes import suggested_route
from backend.security.crypto import Vault
from backend.signin.deps import CurrentActor

router = APIRouter(prefix="/complaints", tags=["complaints"])
_ON_COMPLAINT = error_responses(401, 403, 404, 422)
_ON_EVENT = error_responses(401, 403, 404, 409, 422)


async def _queue(
    session: Session, vault: DataVault, actor: CurrentActor, query: QueueQuery
) -> QueuePageOut:
    page = await list_queue(
        session, vault, actor, query.filters(actor.staff_id), sort=query.sort,
        cursor=query.cursor, limit=query.limit, with_counts=query.counts,
    )  # fmt: skip
    return queue_page_out(page)


async def _answer(
    session: AsyncSession, vault: Vault, actor: Actor, settings: Settings, found: Complaint
) -> ComplaintOut:
    view = await view_complaint(
        session, vault, found, actor, appeal_window_days=settings.appeal_window_days
    )
    return complaint_out(view)


@router.get(
    "", response_model=QueuePageOut, summary="The queue", responses=error_responses(401, 422)
)
async def queue(
    session: Session, vault: DataVault, actor: CurrentActor, query: Annotated[QueueQuery, Query()]
) -> QueuePageOut:
    """Complaints you may see, filtered, by deadline (none last) or newest first.

    Page with `next_cursor`. `q` finds a ticket, an exact NIK or KK, a phone number or part
    of a name. Counts per status leave out the status filter and stop at 1,000 (`capped`).
    """
    return await _queue(session, vault, actor, query)


@router.post(
    "/search", response_model=QueuePageOut, summary="The queue, filters in the body",
    responses=error_responses(401, 422),
)  # fmt: skip
async def search(
    session: Session, vault: DataVault, actor: CurrentActor, query: QueueQuery
) -> QueuePageOut:
    """Same as GET /complaints, for searches by NIK: a body is not written to access logs."""
    return await _queue(session, vault, actor, query)


@router.get(
    "/{ticket}", response_model=ComplaintOut, summary="One complaint", responses=_ON_COMPLAINT
)
async def complaint(
    ticket: str, session: Session, vault: DataVault, actor: CurrentActor, settings: AppSettings
) -> ComplaintOut:
    """The complaint, its household (NIK masked), registry check and the route it suggests,
    attachments, timeline, and `allowed_events`: the events your role may fire from its
    status now."""
    found = await get_visible_complaint(session, ticket, actor)
    return await _answer(session, vault, actor, settings, found)


@router.get(
    "/{ticket}/nik", response_model=IdentityOut, summary="Full NIK and KK (audited)",
    responses=_ON_COMPLAINT,
)  # fmt: skip
async def identity(
    ticket: str, request: Request, response: Response, session: Session, vault: DataVault,
    actor: CurrentActor,
) -> IdentityOut:  # fmt: skip
    """The household's full NIK and KK, for office staff; every view is written to the audit log."""
    found = await get_visible_complaint(session, ticket, actor)
    revealed = await reveal_identity(session, vault, found, actor, ip_address=client_ip(request))
    # Personal data: no proxy or browser keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return IdentityOut(
        ticket=found.ticket, nik=revealed.nik, kk=revealed.kk,
        typed_numbers=[TypedNumberOut(source=t.source, number=t.number) for t in revealed.typed],
    )  # fmt: skip


@router.get(
    "/{ticket}/referral-letter", summary="The latest referral letter (PDF, audited)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **_ON_COMPLAINT},
)  # fmt: skip
async def referral_letter(
    ticket: str, request: Request, session: Session, vault: DataVault, actor: CurrentActor,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """The surat rujukan of the complaint's latest referral, drawn now, with the QR code of
    the agency's answer link; 404 while the complaint was never referred. It carries the
    NIK where the program needs it, so each download is written to the audit log."""
    found = await get_visible_complaint(session, ticket, actor)
    letter = await latest_letter_of(session, found.id)
    if letter is None:
        raise NotFound(f"Complaint {found.ticket} has no referral letter yet")
    body = await letter_pdf(
        session, vault, letter, actor, link_settings_of(settings), now=utcnow(),
        ip_address=client_ip(request),
    )  # fmt: skip
    name = letter_file_name(letter, found.ticket)
    return Response(
        body, media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )  # fmt: skip


@router.post(
    "/{ticket}/events", response_model=ComplaintOut, summary="Fire a lifecycle event",
    responses=_ON_EVENT,
)  # fmt: skip
async def event(
    ticket: str, body: EventIn, session: Session, vault: DataVault, actor: CurrentActor,
    settings: AppSettings,
) -> ComplaintOut:  # fmt: skip
    """Moves the complaint (start_review, request_info, refer, resolve, …); answers the
    complaint as it is now. 409 when its status does not allow the event, 403 when your
    role may not fire it, 422 when a field it needs is missing."""
    found = await get_visible_complaint(session, ticket, actor, for_update=True)
    details = EventDetails(**body.model_dump(exclude={"event"}))
    await fire_event(
        session, found, body.event, actor, details, appeal_window_days=settings.appeal_window_days
    )
    await email_if_referred(session, found, body.event, settings)
    return await _answer(session, vault, actor, settings, found)


@router.post(
    "/{ticket}/messages", response_model=MessageOut, status_code=201,
    summary="Write to the citizen", responses=_ON_COMPLAINT,
)  # fmt: skip
async def message(
    ticket: str, body: MessageIn, session: Session, actor: CurrentActor
) -> MessageOut:
    """Records the message and queues it for the notifier, to the chat the complaint came
    from (and the facilitator's). A NIK or KK typed into it is masked."""
    found = await get_visible_complaint(session, ticket, actor)
    sent, queued = await send_message_to_citizen(session, found, actor, body.text)
    return MessageOut(
        id=sent.id, kind="message_out", text=sent.text, created_at=sent.created_at,
        queued_deliveries=len(queued),
    )  # fmt: skip


@router.post(
    "/{ticket}/notes", response_model=MessageOut, status_code=201,
    summary="Add an internal note", responses=_ON_COMPLAINT,
)  # fmt: skip
async def note(ticket: str, body: NoteIn, session: Session, actor: CurrentActor) -> MessageOut:
    """A note for colleagues on the timeline; never sent, never shown to facilitators."""
    found = await get_visible_complaint(session, ticket, actor)
    added = await add_internal_note(session, found, actor, body.text)
    return MessageOut(id=added.id, kind="note", text=added.text, created_at=added.created_at)


@router.post(
    "/{ticket}/assignee", response_model=ComplaintOut, summary="Assign or reassign",
    responses=_ON_EVENT,
)  # fmt: skip
async def assignee(
    ticket: str, body: AssigneeIn, session: Session, vault: DataVault, actor: CurrentActor,
    settings: AppSettings,
) -> ComplaintOut:  # fmt: skip
    """Supervisors and admins assign anyone in back office (or a supervisor), or unassign
    with null; back office may take an unassigned complaint for themselves."""
    found = await get_visible_complaint(session, ticket, actor, for_update=True)
    await assign_complaint(session, found, actor, body.assignee_id)
    return await _answer(session, vault, actor, settings, found)


@router.post(
    "/{ticket}/referral-answer", response_model=ComplaintOut,
    summary="Record an agency's answer to the referral", responses=_ON_EVENT,
)  # fmt: skip
async def referral_answer(
    ticket: str, body: ReferralAnswerIn, session: Session, vault: DataVault, actor: CurrentActor,
    settings: AppSettings,
) -> ComplaintOut:  # fmt: skip
    """Stores the answer on the open referral and fires record_outcome: in_progress, or
    resolved with a resolution the citizen reads."""
    found = await get_visible_complaint(session, ticket, actor, for_update=True)
    await record_referral_answer(
        session, found, actor, answer=body.answer, outcome=body.outcome,
        resolution=body.resolution, note=body.note, internal_note=body.internal_note,
        appeal_window_days=settings.appeal_window_days,
    )  # fmt: skip
    return await _answer(session, vault, actor, settings, found)


@router.post(
    "/{ticket}/registry-check", response_model=RegistryCheckOut,
    summary="Re-run the registry check (audited)", responses=_ON_COMPLAINT,
)  # fmt: skip
async def registry_check(ticket: str, session: Session, actor: CurrentActor) -> RegistryCheckOut:
    """Checks the household's NIK against the DTKS/DTSEN extract as it is now (after a new
    import, say) and answers the result and the route it suggests. Office staff only; every
    run is written to the audit log, and a household still not registered is proposed for
    inclusion. A complaint without a NIK stays unchecked."""
    found = await get_visible_complaint(session, ticket, actor, for_update=True)
    await recheck_registry(session, found, actor)
    return RegistryCheckOut(
        ticket=found.ticket,
        registry=registry_out(found),
        suggested_route=route_out(await suggested_route(session, found)),
    )
