"""Turns an outbox message into the words and buttons the chat shows.

Templates are message keys in the catalogs (dialogs/texts/*/notifications.ftl),
rendered in the language the chat had when the message was written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.citizens.models import Channel
from backend.complaints.answer_gathering import FACILITATOR_ANSWER_PASSED
from backend.notifications.models import Recipient
from backend.notifications.repository import ClaimedMessage
from backend.visits.service import VISIT_REQUESTED_TEMPLATE
from bot.notifier.privacy_news import compose_privacy, is_privacy_template
from dialogs.context import global_payload
from dialogs.events import Button, Reply
from dialogs.flows.survey import SURVEY_ACTION
from dialogs.i18n import format_day, has_message, translate

# Events whose own text already shows the public note.
_NOTE_IN_BODY = frozenset({"request_info", "resolve", "reject"})
_SHOWS_DUE = frozenset(
    {"approve", "start_review", "provide_info", "handle", "refer", "record_outcome", "appeal"}
)
RATING_SCORES = range(1, 6)
# News meant for the facilitator alone (not a copy of the household's): template and message key.
_FACILITATOR_NEWS = {FACILITATOR_ANSWER_PASSED: "facilitator-answer-passed-quiet"}


def compose(message: ClaimedMessage, *, appeal_window_days: int) -> Reply:
    """The reply for one outbox message; an unknown template raises KeyError."""
    if message.recipient == Recipient.STAFF:
        # Written in the staff member's language when queued (backend/staff_alerts/).
        return Reply(str(message.params["text"]))
    if message.template == "relay":
        return _relay(message.params, message.language, appeal_window_days)
    if message.template == VISIT_REQUESTED_TEMPLATE:
        return _visit_requested(message.params, message.language)
    if is_privacy_template(message.template):
        return compose_privacy(message.template, message.params, message.language)
    if message.template in _FACILITATOR_NEWS:
        ticket = str(message.params["ticket"])
        text = translate(message.language, _FACILITATOR_NEWS[message.template], ticket=ticket)
        return Reply(text, buttons=((_status_button(message.language, ticket),),))
    reply = _complaint_message(
        message.template, message.params, message.language, appeal_window_days,
        # An email has no buttons to press: its news are worded as if passed on.
        relayed=message.channel == Channel.OPEN311,
    )  # fmt: skip
    if message.recipient == Recipient.FACILITATOR:
        # The facilitator's copy of news the household got in its own chat: to know, not to act on.
        text = translate(message.language, "notify-facilitator-copy") + "\n\n" + reply.text
        status = _status_button(message.language, str(message.params["ticket"]))
        return Reply(text, buttons=((status,),))
    return reply


def _complaint_message(
    template: str, params: dict[str, Any], language: str, days: int, *, relayed: bool = False
) -> Reply:
    kind, _, event = template.partition(".")
    if kind != "complaint" or not event:
        raise KeyError(f"unknown outbox template '{template}'")
    ticket = str(params["ticket"])
    if event == "message":
        text = "\n".join(
            (translate(language, "notify-header-ticket", ticket=ticket),
             translate(language, "notify-message", text=params.get("text") or ""))
        )  # fmt: skip
        return Reply(text, buttons=((_status_button(language, ticket),),))
    if event == "agency_answer":
        return _agency_answer(params, language, ticket)
    status = str(params.get("status") or "")
    resolved = status == "resolved"
    # An agency's answer that resolves the complaint reads like any resolution.
    body_key = "notify-resolve" if event == "record_outcome" and resolved else f"notify-{event}"
    # Passed on by word of mouth: no buttons to press, so some news is worded for that.
    if relayed and has_message(language, f"{body_key}-relayed"):
        body_key = f"{body_key}-relayed"
    note = params.get("note") or "-"
    agency = (params.get("agency_en") if language == "en" else params.get("agency_id")) or "-"
    lines = [
        translate(
            language, "notify-header", ticket=ticket, status=translate(language, f"status-{status}")
        ),
        translate(language, body_key, ticket=ticket, note=note, agency=agency, days=days),
    ]
    if params.get("note") and event not in _NOTE_IN_BODY and not resolved:
        lines.append(translate(language, "notify-note", note=params["note"]))
    if not resolved and params.get("due_on"):
        lines.extend(_due_lines(event, params, language))
    return Reply("\n\n".join(lines), buttons=_buttons(language, ticket, status))


def _agency_answer(params: dict[str, Any], language: str, ticket: str) -> Reply:
    # News along the way from the agency (accepted, in progress); its final answer comes
    # as the status change it makes (record_outcome).
    agency = (params.get("agency_en") if language == "en" else params.get("agency_id")) or "-"
    lines = [
        translate(language, "notify-header", ticket=ticket,
                  status=translate(language, f"status-{params.get('status') or 'referred'}")),
        translate(language, f"notify-agency-{params['answer']}", agency=agency),
    ]  # fmt: skip
    if params.get("note"):
        lines.append(translate(language, "notify-agency-note", agency=agency, note=params["note"]))
    return Reply("\n\n".join(lines), buttons=((_status_button(language, ticket),),))


def _due_lines(event: str, params: dict[str, Any], language: str) -> list[str]:
    # The one expected date (backend/complaints/expected_date.py): said, and when it moved,
    # from which date and why; while the office waits for the citizen, that it is on hold.
    due = format_day(language, date.fromisoformat(params["due_on"]))
    if event == "request_info":
        return [translate(language, "notify-due-on-hold", due=due)]
    if event not in _SHOWS_DUE:
        return []
    lines = [translate(language, "notify-due", due=due)]
    moved = params.get("due_moved")
    if moved:
        before = params.get("due_before")
        agency = (params.get("agency_en") if language == "en" else params.get("agency_id")) or "-"
        lines.append(
            translate(
                language, f"notify-due-moved-{moved}", due=due, days=params.get("due_days") or 0,
                before=format_day(language, date.fromisoformat(before)) if before else "-",
                agency=agency,
            )
        )  # fmt: skip
    return lines


def _buttons(language: str, ticket: str, status: str) -> tuple[tuple[Button, ...], ...]:
    rows: list[tuple[Button, ...]] = []
    if status == "needs_info":
        rows.append(
            (Button(translate(language, "notify-button-answer"), global_payload("answer", ticket)),)
        )
    if status == "resolved":
        rows.append(
            tuple(
                Button(
                    translate(language, "notify-button-rate", score=score),
                    global_payload("rate", f"{ticket}:{score}"),
                )
                for score in RATING_SCORES
            )
        )
        # The fuller survey (IKM) beside the one-tap rating: dialogs/flows/survey.py.
        survey = global_payload(SURVEY_ACTION, ticket)
        rows.append((Button(translate(language, "notify-button-survey"), survey),))
        rows.append(
            (Button(translate(language, "notify-button-appeal"), global_payload("appeal", ticket)),)
        )
    rows.append((_status_button(language, ticket),))
    return tuple(rows)


def _status_button(language: str, ticket: str) -> Button:
    return Button(translate(language, "notify-button-status"), global_payload("status", ticket))


def _relay(params: dict[str, Any], language: str, days: int) -> Reply:
    # The household's news in the household's language, framed for the facilitator in theirs.
    inner_template = str(params["inner_template"])
    inner_language = str(params["inner_language"])
    inner = _complaint_message(
        inner_template, dict(params["inner_params"]), inner_language, days, relayed=True
    )
    head: list[str] = []
    if params.get("reminder"):
        sent = (
            format_day(language, date.fromisoformat(params["sent_on"]))
            if params.get("sent_on")
            else "-"
        )
        head.append(translate(language, "notify-relay-reminder", due=sent))
    # A facilitator's own filing, approved or turned down: said first, in the facilitator's words.
    if inner_template in ("complaint.approve", "complaint.reject") and params.get("reach"):
        head.append(translate(language, f"notify-relay-filing-{inner_template.partition('.')[2]}",
                              household=params["household"], ticket=str(params["ticket"])))  # fmt: skip
    lines = [
        translate(
            language, "notify-relay", household=params["household"], kelurahan=params["kelurahan"]
        )
    ]
    if params.get("phone"):
        lines.append(translate(language, "notify-relay-phone", phone=params["phone"]))
    reach = params.get("reach")
    lines.append(translate(language, f"notify-relay-why-{reach}" if reach else "notify-relay-why"))
    text = "\n\n".join([*head, "\n".join(lines)]) + "\n\n" + "―" * 12 + "\n" + inner.text
    rows: list[tuple[Button, ...]] = []
    first: list[Button] = []
    if params.get("relay_id"):
        relayed = global_payload("relayed", str(params["relay_id"]))
        first.append(Button(translate(language, "notify-button-relayed"), relayed))
    if inner_template == "complaint.request_info":
        # Beside it: the facilitator sends the household's answer back, for this question only.
        question = params.get("status_event_id")
        argument = f"{params['ticket']}:{question}" if question else str(params["ticket"])
        answer = global_payload("fanswer", argument)
        first.append(Button(translate(language, "notify-button-household-answer"), answer))
    if first:
        rows.append(tuple(first))
    rows.append((_status_button(language, str(params["ticket"])),))
    return Reply(text, buttons=tuple(rows))


def _visit_requested(params: dict[str, Any], language: str) -> Reply:
    # A home visit the office asked for, with the button that takes it (first press wins).
    text = translate(
        language, "notify-visit-requested", household=params["household"],
        kelurahan=params["kelurahan"], ticket=str(params["ticket"]), reason=params["reason"],
        due=format_day(language, date.fromisoformat(params["due_on"])),
    )  # fmt: skip
    take = Button(
        translate(language, "notify-button-visit-take"),
        global_payload("vtake", str(params["visit_id"])),
    )
    return Reply(text, buttons=((take,),))
