"""The forms of the complaint page: lifecycle events, an agency's answer, a message to the
citizen, an internal note, and assignment. Each calls one service; a refusal comes back
as the complaint page with the reason beside the form and the values as typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError

from backend.casefiles.models import Complaint
from backend.complaints.assignment import assign_complaint
from backend.complaints.lifecycle import LifecycleEvent, Outcome, rows_for
from backend.complaints.messages import send_message_to_citizen
from backend.complaints.notes import add_internal_note
from backend.complaints.referral_answers import record_referral_answer
from backend.complaints.referral_email import email_if_referred
from backend.complaints.service import EventDetails, EventRefused, fire_event
from backend.errors import DomainError, InvalidInput
from backend.ids import id_from_text
from backend.panel.complaint import complaint_page, visible_complaint
from backend.panel.deps import (
    AppSettings,
    CurrentStaff,
    DataVault,
    PanelStaff,
    Session,
    form_values,
)
from backend.panel.i18n import texts_for
from backend.panel.problems import describe

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)
_DETAILS = ("note", "internal_note", "reason", "agency", "resolution")
Action = Callable[[Complaint, dict[str, str]], Awaitable[None]]


def _text(form: dict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    return value or None


def _outcome(form: dict[str, str]) -> Outcome | None:
    try:
        return Outcome(form.get("outcome", ""))
    except ValueError:
        return None


def missing_fields(complaint: Complaint, event: str, form: dict[str, str]) -> list[str]:
    """The fields the lifecycle requires of the event that the form left empty."""
    try:
        rows = rows_for(complaint.status, LifecycleEvent(event))
    except ValueError:
        return []
    outcome = _outcome(form)
    chosen = [row for row in rows if row.outcome is None or row.outcome == outcome] or list(rows)
    required = dict.fromkeys(name for row in chosen[:1] for name in row.requires)
    return [name for name in required if not _text(form, name)]


async def _act(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault,
    settings: AppSettings, ticket: str, form_id: str, notice: str, action: Action,
) -> Response:  # fmt: skip
    """Runs one action on the complaint; the page again with the reason if it is refused."""
    form = await form_values(request)
    found = await visible_complaint(session, staff, ticket, for_update=True)
    try:
        await action(found, form)
    except (DomainError, StaleDataError) as error:
        event = form.get("event") or form_id
        fields = missing_fields(found, event, form) if isinstance(error, EventRefused) else None
        problem = describe(error, texts_for(staff.language), fields=fields)
        # Nothing of a refused action is kept, whatever a service flushed before refusing.
        await session.rollback()
        return await complaint_page(
            request, staff, session, vault, settings, ticket,
            problem=problem, failed_form=form_id, values=form,
        )  # fmt: skip
    query = {"notice": notice} | ({"event": form["event"]} if form.get("event") else {})
    return RedirectResponse(f"/panel/complaints/{found.ticket}?{urlencode(query)}", status_code=303)


@router.post("/{ticket}/events")
async def fire(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Fires the lifecycle event of the form (the lifecycle checks role, status and fields)."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        details = EventDetails(
            **{name: _text(form, name) for name in _DETAILS}, outcome=_outcome(form)
        )
        await fire_event(
            session, found, form.get("event", ""), staff.actor, details,
            appeal_window_days=settings.appeal_window_days,
        )  # fmt: skip
        await email_if_referred(session, found, form.get("event", ""), settings)

    form = await form_values(request)
    form_id = form.get("event") or "events"
    return await _act(
        request, staff, session, vault, settings, ticket, form_id, "event-done", action
    )


@router.post("/{ticket}/referral-answer")
async def referral_answer(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Records the agency's answer to the open referral and fires record_outcome with it."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        outcome = _outcome(form)
        if outcome is None:
            raise EventRefused(
                found.status, LifecycleEvent.RECORD_OUTCOME.value, "an outcome is required",
                status_code=422,
            )  # fmt: skip
        await record_referral_answer(
            session, found, staff.actor, answer=form.get("answer", ""), outcome=outcome,
            resolution=_text(form, "resolution"), note=_text(form, "note"),
            internal_note=_text(form, "internal_note"),
            appeal_window_days=settings.appeal_window_days,
        )  # fmt: skip

    return await _act(
        request, staff, session, vault, settings, ticket,
        LifecycleEvent.RECORD_OUTCOME.value, "answer-recorded", action,
    )  # fmt: skip


@router.post("/{ticket}/messages")
async def message(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Writes to the citizen; the notifier sends it to the chat the complaint came from."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        await send_message_to_citizen(session, found, staff.actor, form.get("text", ""))

    return await _act(
        request, staff, session, vault, settings, ticket, "message", "message-queued", action
    )


@router.post("/{ticket}/notes")
async def note(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Adds an internal note for colleagues."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        await add_internal_note(session, found, staff.actor, form.get("text", ""))

    return await _act(
        request, staff, session, vault, settings, ticket, "note", "note-added", action
    )


@router.post("/{ticket}/assignee")
async def assignee(
    ticket: str, request: Request, staff: CurrentStaff, session: Session, vault: DataVault,
    settings: AppSettings,
) -> Response:  # fmt: skip
    """Assigns, reassigns or unassigns; back office takes an unassigned complaint ("me")."""

    async def action(found: Complaint, form: dict[str, str]) -> None:
        chosen = form.get("assignee_id", "").strip()
        if chosen == "me":
            assignee_id = staff.actor.staff_id
        elif chosen in ("", "none"):
            assignee_id = None
        elif (number := id_from_text(chosen)) is not None:
            assignee_id = number
        else:
            raise InvalidInput(f"'{chosen}' is not a staff account", field="assignee_id")
        await assign_complaint(session, found, staff.actor, assignee_id)

    return await _act(
        request, staff, session, vault, settings, ticket, "assign", "assigned", action
    )
