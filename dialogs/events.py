"""What comes into the engine (Event) and what goes out (Reply); no transport in sight."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

# Telegram's limits, which every channel is held to so a reply fits anywhere.
MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_BYTES = 64
MAX_BUTTONS = 100


class EventKind(StrEnum):
    """The kinds of input a person can send."""

    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    CONTACT = "contact"
    FILE = "file"
    LOCATION = "location"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class FileRef:
    """A photo, document or voice note as the channel describes it."""

    file_id: str
    kind: str  # photo, document or voice
    size: int | None = None
    mime_type: str | None = None
    file_name: str | None = None
    # Set by a channel that fetched the bytes already (kept under FILES_DIR).
    stored_path: str | None = None
    sha256: str | None = None
    # Set by a channel that tried and could not get the bytes (link gone, file refused).
    missing: bool = False
    # Set by a channel that read the bytes and would not take them (backend/uploads.py):
    # why, as a code for logs (`type`: not what it claims or not a type we take;
    # `unreadable`: does not decode or open). Nothing of such a file is stored.
    refused: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One input of one chat; `event_id` is the channel's id, used to drop repeats."""

    channel: str
    chat_id: str
    kind: EventKind
    event_id: str | None = None
    text: str | None = None
    command: str | None = None
    argument: str | None = None
    payload: str | None = None
    phone: str | None = None
    file: FileRef | None = None
    latitude: float | None = None
    longitude: float | None = None
    # What the channel says the person's language is (a hint, e.g. "en").
    language_hint: str | None = None
    # An edit of an earlier message: not an answer to the current question.
    edited: bool = False
    # Where the input came from when the chat id alone does not say it: the web
    # client's address. Failed ticket look-ups are counted per origin
    # (backend/complaints/lookup_guard.py); None counts them per chat.
    origin: str | None = None
    # The sender's number as the channel itself knows it (WhatsApp gives it with every
    # message): the intake takes it instead of asking.
    verified_phone: str | None = None

    @classmethod
    def from_text(cls, channel: str, chat_id: str, text: str, event_id: str | None = None) -> Event:
        """A typed message; a leading slash makes it a command with its argument."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, _, argument = stripped[1:].partition(" ")
            command = head.split("@", 1)[0].lower()  # /status@SomeBot in groups
            return cls(
                channel, chat_id, EventKind.COMMAND, event_id,
                text=text, command=command, argument=argument.strip() or None,
            )  # fmt: skip
        return cls(channel, chat_id, EventKind.TEXT, event_id, text=text)


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button; `payload` comes back in a BUTTON event when pressed."""

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send: text with, at most, one kind of keyboard."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    keyboard: tuple[tuple[str, ...], ...] = ()
    # Label of a reply-keyboard button that shares the person's phone number.
    request_contact: str | None = None
    remove_keyboard: bool = False

    def button_count(self) -> int:
        """Inline buttons in this reply."""
        return sum(len(row) for row in self.buttons)

    def as_record(self) -> dict[str, Any]:
        """The reply as plain JSON, for a channel that keeps it to send later (the outbox)."""
        return {
            "text": self.text,
            "buttons": [[[b.label, b.payload] for b in row] for row in self.buttons],
            "keyboard": [list(row) for row in self.keyboard],
            "request_contact": self.request_contact,
            "remove_keyboard": self.remove_keyboard,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Reply:
        """The reply that `as_record` wrote."""
        return cls(
            text=str(record["text"]),
            buttons=tuple(
                tuple(Button(str(label), str(payload)) for label, payload in row)
                for row in record.get("buttons") or ()
            ),
            keyboard=tuple(
                tuple(str(label) for label in row) for row in record.get("keyboard") or ()
            ),
            request_contact=record.get("request_contact"),
            remove_keyboard=bool(record.get("remove_keyboard")),
        )


def one_message_each(replies: list[Reply]) -> list[Reply]:
    """Plain messages run into the message after them, a blank line between, where the
    two fit in one message: an answer of a statement and a question is one message with
    the question's buttons under it, one call to the chat instead of two. A message that
    removes a keyboard or carries buttons of its own stays apart (a message has one
    keyboard), and so does one that would not fit (it would be cut where it did not end).
    Joined, they go or fail together: a chat that refuses one piece misses both.
    """
    joined: list[Reply] = []
    for reply in replies:
        before = joined[-1] if joined else None
        text = f"{before.text}\n\n{reply.text}" if before is not None else ""
        if before is not None and _plain(before) and len(text) <= MAX_TEXT_LENGTH:
            joined[-1] = replace(reply, text=text)
        else:
            joined.append(reply)
    return joined


def _plain(reply: Reply) -> bool:
    return not (reply.buttons or reply.keyboard or reply.request_contact or reply.remove_keyboard)
