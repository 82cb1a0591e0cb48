"""Bot API updates (plain dictionaries, whichever library fetched them) to engine Events."""

from __future__ import annotations

from typing import Any

from dialogs.events import Event, EventKind, FileRef

CHANNEL = "telegram"


def chat_id_of(update: dict[str, Any]) -> str | None:
    """The private chat an update belongs to."""
    for key in ("message", "edited_message"):
        if key in update:
            return str(update[key]["chat"]["id"])
    if "callback_query" in update:
        query = update["callback_query"]
        message = query.get("message") or {}
        return str((message.get("chat") or {}).get("id") or query["from"]["id"])
    if "my_chat_member" in update:
        return str(update["my_chat_member"]["chat"]["id"])
    return None


def _file_of(message: dict[str, Any]) -> FileRef | None:
    if photos := message.get("photo"):
        largest = max(photos, key=lambda size: (size.get("file_size") or 0, size.get("width", 0)))
        return FileRef(largest["file_id"], "photo", largest.get("file_size"), "image/jpeg")
    if document := message.get("document"):
        return FileRef(
            document["file_id"], "document", document.get("file_size"),
            document.get("mime_type"), document.get("file_name"),
        )  # fmt: skip
    for key in ("voice", "audio", "video_note"):
        if voice := message.get(key):
            # A voice note is Ogg Opus even when Telegram leaves its type out.
            declared = voice.get("mime_type") or ("audio/ogg" if key == "voice" else None)
            return FileRef(
                voice["file_id"], "voice", voice.get("file_size"), declared,
                voice.get("file_name"),
            )  # fmt: skip
    return None


def event_from_update(update: dict[str, Any]) -> Event | None:
    """The engine event of an update, or None for updates the engine does not take."""
    event_id = str(update["update_id"])
    if "callback_query" in update:
        query = update["callback_query"]
        return Event(
            CHANNEL, chat_id_of(update) or "", EventKind.BUTTON, event_id,
            payload=query.get("data") or "", language_hint=query["from"].get("language_code"),
        )  # fmt: skip
    edited = "edited_message" in update
    message = update.get("message") or update.get("edited_message")
    if message is None:
        return None
    chat_id = str(message["chat"]["id"])
    hint = (message.get("from") or {}).get("language_code")
    if edited:
        return Event(CHANNEL, chat_id, EventKind.TEXT, event_id, text=message.get("text"),
                     language_hint=hint, edited=True)  # fmt: skip
    if (text := message.get("text")) is not None:
        event = Event.from_text(CHANNEL, chat_id, text, event_id)
        return Event(**{**_as_dict(event), "language_hint": hint})
    if contact := message.get("contact"):
        return Event(CHANNEL, chat_id, EventKind.CONTACT, event_id,
                     phone=contact.get("phone_number"), language_hint=hint)  # fmt: skip
    if (file := _file_of(message)) is not None:
        return Event(CHANNEL, chat_id, EventKind.FILE, event_id, file=file, language_hint=hint)
    if location := message.get("location"):
        return Event(CHANNEL, chat_id, EventKind.LOCATION, event_id,
                     latitude=location.get("latitude"), longitude=location.get("longitude"),
                     language_hint=hint)  # fmt: skip
    return Event(CHANNEL, chat_id, EventKind.UNSUPPORTED, event_id, language_hint=hint)


def _as_dict(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in event.__slots__}


def membership_change(update: dict[str, Any]) -> bool | None:
    """For my_chat_member: False when the user blocked the bot, True when back; else None."""
    change = update.get("my_chat_member")
    if change is None:
        return None
    status = change["new_chat_member"]["status"]
    return status not in ("kicked", "left")
