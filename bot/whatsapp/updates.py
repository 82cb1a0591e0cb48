"""WhatsApp webhook bodies (Meta's JSON) to engine Events and delivery statuses.

A chat is the person's business-scoped user id (BSUID): it stays when they hide
their number behind a username. Their number, when WhatsApp gives it, is the
phone the channel vouches for, so the intake need not ask for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backend.outreach.sources import start_parameter_in
from bot.web.channel import remembered_event_id
from bot.whatsapp.render import TYPED_PREFIX
from dialogs.events import Event, EventKind, FileRef

CHANNEL = "whatsapp"
# WhatsApp's media kinds, as the engine knows them.
_FILE_KINDS = {"image": "photo", "document": "document", "audio": "voice"}


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message a person sent, as an engine event, with what WhatsApp says of them."""

    event: Event
    message_id: str
    name: str | None


@dataclass(frozen=True, slots=True)
class DeliveryStatus:
    """What became of a message we sent: sent, delivered, read, or failed with a code."""

    message_id: str
    chat_id: str
    status: str
    error_code: int | None
    at: int  # when WhatsApp says it happened (Unix seconds)


def _values(body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if body.get("object") != "whatsapp_business_account":
        return
    for entry in body.get("entry") or []:
        for change in entry.get("changes") or []:
            if change.get("field") == "messages" and isinstance(change.get("value"), dict):
                yield change["value"]


def _chat_of(contact: dict[str, Any], fallback: str) -> str:
    return str(contact.get("user_id") or contact.get("wa_id") or fallback)


def inbound_messages(body: dict[str, Any]) -> list[Inbound]:
    """Every message of a webhook body, oldest first."""
    found: list[Inbound] = []
    for value in _values(body):
        contacts = value.get("contacts") or [{}]
        for message in value.get("messages") or []:
            sender = str(message.get("from") or "")
            contact = next(
                (
                    c
                    for c in contacts
                    if c.get("wa_id") == sender or c.get("user_id") == message.get("from_user_id")
                ),
                contacts[0],
            )
            chat_id = str(message.get("from_user_id") or _chat_of(contact, sender))
            phone = f"+{sender}" if sender.isdigit() else None
            event = event_of(message, chat_id, phone)
            name = (contact.get("profile") or {}).get("name")
            found.append(Inbound(event, str(message["id"]), name))
    return found


def delivery_statuses(body: dict[str, Any]) -> list[DeliveryStatus]:
    """Every status of a webhook body (what became of messages we sent)."""
    found: list[DeliveryStatus] = []
    for value in _values(body):
        for status in value.get("statuses") or []:
            errors = status.get("errors") or [{}]
            code = errors[0].get("code")
            chat_id = str(status.get("recipient_user_id") or status.get("recipient_id") or "")
            found.append(
                DeliveryStatus(
                    str(status.get("id")),
                    chat_id,
                    str(status.get("status")),
                    int(code) if isinstance(code, int) else None,
                    int(status.get("timestamp") or 0),
                )
            )
    return found


def event_of(message: dict[str, Any], chat_id: str, phone: str | None) -> Event:
    """The engine event of one message; its id a digest of WhatsApp's (which is long)."""
    event_id = remembered_event_id(str(message["id"]))
    kind = message.get("type")
    if kind == "text":
        text = str((message.get("text") or {}).get("body") or "")
        # The greeting a poster's link pre-fills opens the chat as the poster's /start would.
        if (start := start_parameter_in(text)) is not None:
            text = f"/start {start}"
        event = Event.from_text(CHANNEL, chat_id, text, event_id)
        return _with(event, verified_phone=phone)
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        choice = str(reply.get("id") or "")
        if choice.startswith(TYPED_PREFIX):  # a keyboard label: as if typed
            return _with(
                Event.from_text(CHANNEL, chat_id, choice[len(TYPED_PREFIX) :], event_id),
                verified_phone=phone,
            )
        return Event(
            CHANNEL, chat_id, EventKind.BUTTON, event_id, payload=choice, verified_phone=phone
        )
    if kind == "button":  # a quick-reply button of a template
        payload = str((message.get("button") or {}).get("payload") or "")
        return Event(
            CHANNEL, chat_id, EventKind.BUTTON, event_id, payload=payload, verified_phone=phone
        )
    if kind in _FILE_KINDS:
        media = message.get(kind) or {}
        file = FileRef(
            str(media.get("id")),
            _FILE_KINDS[kind],
            None,
            _bare_mime(media.get("mime_type")),
            media.get("filename"),
        )
        return Event(CHANNEL, chat_id, EventKind.FILE, event_id, file=file, verified_phone=phone)
    if kind == "location":
        location = message.get("location") or {}
        return Event(
            CHANNEL, chat_id, EventKind.LOCATION, event_id,
            latitude=location.get("latitude"), longitude=location.get("longitude"), verified_phone=phone,
        )  # fmt: skip
    return Event(CHANNEL, chat_id, EventKind.UNSUPPORTED, event_id, verified_phone=phone)


def _bare_mime(declared: object) -> str | None:
    # "audio/ogg; codecs=opus" is an audio/ogg to the upload rules.
    return str(declared).split(";", 1)[0].strip() if declared else None


def _with(event: Event, **changes: Any) -> Event:
    fields = {name: getattr(event, name) for name in event.__slots__}
    return Event(**{**fields, **changes})
