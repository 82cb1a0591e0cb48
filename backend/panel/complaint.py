"""The complaint page (/panel/complaints/{ticket}): the case, the household, the timeline,
what reached the citizen, and a form for each action this account may take now.

The page is built by complaint_page(), which the action routes call again with
the refused form's values and the reason, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.casefiles.access import (
    ASSIGNERS,
    IDENTITY_VIEWERS,
    MESSAGE_WRITERS,
    NOTE_WRITERS,
    SELF_ASSIGNERS,
    get_visible_complaint,
)
from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.complaints.assignment import ASSIGNABLE_ROLES
from backend.complaints.detail import AllowedEvent, ComplaintView, view_complaint
from backend.complaints.identity import RevealedIdentity, reveal_identity
from backend.complaints.lifecycle import OPEN_STATUSES, LifecycleEvent
from backend.complaints.lookup_guard import ticket_lookups
from backend.complaints.timeline import Delivery
from backend.errors import NotFound
from backend.facilitators.repository import filing_overview
from backend.letters.service import letter_listing
from backend.panel.deps import AppSettings, CurrentStaff, DataVault, PanelStaff, Session, client_ip
from backend.panel.errors import PageForbidden, PageNotFound
from backend.panel.i18n import Texts, texts_for
from backend.panel.problems import Problem
from backend.panel.registry_view import registry_context
from backend.panel.rendering import render
from backend.panel.visit_context import visit_context
from backend.referrals.repository import list_active_agencies
from backend.staff.repository import list_active_users_holding
from backend.uploads import AUDIO_MIME_TYPES

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)
E = LifecycleEvent
# Shown inline; anything else (and any image type a browser might run, like SVG) is a download.
INLINE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
# Recordings staff play in the page (voice notes); the types uploads take (backend/uploads.py).
PLAYABLE_AUDIO_TYPES = AUDIO_MIME_TYPES


def shown_inline(mime_type: str | None) -> str:
    """How the page shows an attachment: "image", "audio", or "" (a download link)."""
    if mime_type in INLINE_IMAGE_TYPES:
        return "image"
    return "audio" if mime_type in PLAYABLE_AUDIO_TYPES else ""


# Fields each event's form offers beyond the ones the lifecycle requires of it.
OPTIONAL_FIELDS: dict[LifecycleEvent, tuple[str, ...]] = {
    E.APPROVE: ("note", "internal_note"),
    E.START_REVIEW: ("note", "internal_note"),
    E.REQUEST_INFO: ("internal_note",),
    E.PROVIDE_INFO: ("note", "internal_note"),
    E.HANDLE: ("note", "internal_note"),
    E.REFER: ("note", "internal_note"),
    E.RECORD_OUTCOME: ("answer", "resolution", "note", "internal_note"),
    E.RESOLVE: ("internal_note",),
    E.CLOSE: ("note", "internal_note"),
    E.REJECT: ("note", "internal_note"),
    E.APPEAL: ("internal_note",),
}
_FIELD_ORDER = ("answer", "outcome", "agency", "reason", "resolution", "note", "internal_note")
NOTICES = frozenset(
    {
        "registered",
        "event-done",
        "message-queued",
        "note-added",
        "assigned",
        "answer-recorded",
        "registry-checked",
        "visit-requested",
        "visit-cancelled",
    }
)


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of an action's form."""

    name: str
    required: bool


@dataclass(frozen=True, slots=True)
class EventForm:
    """The form of one lifecycle event this account may fire now."""

    event: str
    action: str
    fields: list[FormField]
    # record_outcome: each outcome and the fields it needs besides the outcome.
    outcomes: dict[str, tuple[str, ...]] | None


def event_form(ticket: str, allowed: AllowedEvent) -> EventForm:
    """The form for an allowed event: the fields it requires, then the optional ones."""
    # An agency's answer is recorded with its outcome, on the referral it answers.
    referral = allowed.event == E.RECORD_OUTCOME
    required = set(allowed.requires) | ({"answer"} if referral else set())
    names = set(required) | set(OPTIONAL_FIELDS.get(allowed.event, ()))
    fields = [FormField(name, name in required) for name in _FIELD_ORDER if name in names]
    action = "referral-answer" if referral else "events"
    return EventForm(
        allowed.event.value, f"/panel/complaints/{ticket}/{action}", fields, allowed.outcomes
    )


async def visible_complaint(
    session: Session, staff: PanelStaff, ticket: str, *, for_update: bool = False
) -> Complaint:
    """The complaint if this account may see it; the not-found page otherwise."""
    try:
        return await get_visible_complaint(session, ticket, staff.actor, for_update=for_update)
    except NotFound as error:
        raise PageNotFound(ticket) from error


async def complaint_page(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault, settings: AppSettings,
    ticket: str, *, problem: Problem | None = None, failed_form: str | None = None,
    values: dict[str, str] | None = None, revealed: RevealedIdentity | None = None,
    notice: str | None = None,
) -> Response:  # fmt: skip
    """Renders the complaint page; a refused action's form comes back with its values."""
    found = await visible_complaint(session, staff, ticket)
    view = await view_complaint(
        session, vault, found, staff.actor, appeal_window_days=settings.appeal_window_days
    )
    context: dict[str, Any] = {
        "view": view,
        "c": found,
        "problem": problem,
        "failed_form": failed_form,
        "values": values or {},
        "revealed": revealed,
        "notice": notice if notice in NOTICES else None,
        "notice_event": request.query_params.get("event", ""),
        "event_forms": [event_form(found.ticket, allowed) for allowed in view.allowed_events],
        "deliveries": delivery_rows(view, texts_for(staff.language)),
        "attachments": [(a, shown_inline(a.mime_type)) for a in view.attachments],
        # A facilitator's filing: the visit, consent in person, how the household hears, relays.
        "assisted": await filing_overview(session, found.id),
        # Failed look-ups by ticket and NIK digits from chats, and today's lock.
        "lookups": await ticket_lookups(session, found.ticket, utcnow()),
        # The referral letters (surat rujukan), newest first, each downloadable as PDF.
        "letters": await letter_listing(session, found.id),
        **await _powers(session, staff, view),
        # Home visits: which are overdue, the open one, and the form to ask for one.
        **await visit_context(session, staff, found),
        **await registry_context(session, staff, found, view.route),
    }
    return render(
        request, "complaint.html", context, status_code=problem.status_code if problem else 200
    )


async def _powers(session: Session, staff: PanelStaff, view: ComplaintView) -> dict[str, Any]:
    """What this account may do on the page besides lifecycle events."""
    role, complaint = staff.actor.role, view.complaint
    is_open = complaint.status in OPEN_STATUSES
    assign_anyone = is_open and role in ASSIGNERS
    take = is_open and role in SELF_ASSIGNERS and complaint.assignee_id is None
    needs_agencies = any(allowed.event == E.REFER for allowed in view.allowed_events)
    return {
        "can_reveal": role in IDENTITY_VIEWERS,
        "can_message": role in MESSAGE_WRITERS,
        "can_note": role in NOTE_WRITERS,
        "can_assign": assign_anyone,
        "can_take": take,
        # Only those who can open it: their areas hold its kelurahan.
        "assignees": (
            await list_active_users_holding(session, ASSIGNABLE_ROLES, complaint.kelurahan_code)
            if assign_anyone
            else []
        ),
        "agencies": await list_active_agencies(session) if needs_agencies else [],
        # The refer form starts on the agency the complaint's category is usually sent to.
        "default_agency_id": view.category.default_agency_id,
    }


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """A message to the citizen (or the facilitator relaying it) and how its sending went."""

    label: str
    delivery: Delivery
    when: datetime


def delivery_rows(view: ComplaintView, t: Texts) -> list[DeliveryRow]:
    """Every message the notifier sent or tried to send about the complaint, oldest first."""
    rows = []
    for entry in view.timeline:
        for delivery in entry.deliveries:
            kind, _, event = delivery.template.partition(".")
            if delivery.relay_of_id is not None:
                label = t("delivery-relay")
            elif kind == "complaint" and event == "message":
                label = t("delivery-staff-message")
            else:
                label = t.label("event", event or kind)
            tried = delivery.attempts[-1].at if delivery.attempts else delivery.created_at
            rows.append(DeliveryRow(label, delivery, delivery.sent_at or tried))
    return rows


@router.get("/{ticket}")
async def complaint(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Everything about one complaint, and the actions this account may take on it."""
    return await complaint_page(
        request, staff, session, vault, settings, ticket, notice=request.query_params.get("notice")
    )


@router.post("/{ticket}/identity")
async def identity(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Shows the full NIK and KK on the page; every view is written to the audit log."""
    if staff.actor.role not in IDENTITY_VIEWERS:
        raise PageForbidden(staff.role)
    found = await visible_complaint(session, staff, ticket)
    revealed = await reveal_identity(
        session, vault, found, staff.actor, ip_address=client_ip(request)
    )
    return await complaint_page(
        request, staff, session, vault, settings, found.ticket, revealed=revealed
    )
