"""What a flow works with while it handles one event: state, replies, and helpers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.events import Button, Event, EventKind, Reply
from dialogs.i18n import translate

if TYPE_CHECKING:
    from dialogs.engine import DialogServices

# Buttons not tied to a question (in status messages sent later) start with this.
GLOBAL_PREFIX = "g"
PERSISTENT_KEYS = ("_q", "_verify_failures", "_source")
# The open question: its fingerprint, its buttons (label, payload) and whether it reads text.
ASKED = "_asked"


class Reask(Exception):
    """The answer cannot be used; `key` explains why and the same question is asked again."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def global_payload(action: str, argument: str = "") -> str:
    """Payload of a button that stays valid whenever it is pressed (e.g. 'see status')."""
    return f"{GLOBAL_PREFIX}:{action}:{argument}"


@dataclass
class Context:
    """One event being handled for one conversation; flows change `state` and add replies."""

    session: AsyncSession
    services: DialogServices
    event: Event
    now: datetime
    flow: str | None
    step: str | None
    data: dict[str, Any]
    language: str
    replies: list[Reply] = field(default_factory=list)
    # Set by a flow that ended without taking the event: it is handled as outside any flow.
    pass_on: bool = False
    # What this event has looked up once and may ask again (the chat's facilitator: the
    # greeting and the menu under it both want it); whoever changes it forgets it here.
    looked_up: dict[str, Any] = field(default_factory=dict)

    # --- words -----------------------------------------------------------------
    def t(self, key: str, **params: Any) -> str:
        """A message from the catalog in the conversation's language."""
        return translate(self.language, key, **params)

    def say(self, key: str, **params: Any) -> None:
        """Sends a plain message from the catalog."""
        self.replies.append(Reply(self.t(key, **params)))

    def say_text(self, text: str, **options: Any) -> None:
        """Sends text already composed from catalog messages."""
        self.replies.append(Reply(text, **options))

    # --- questions -------------------------------------------------------------
    @property
    def question(self) -> int:
        """Counter of questions asked; buttons carry it so an old button is recognised."""
        return int(self.data.get("_q", 0))

    def new_question(self) -> int:
        """Starts a new question: buttons of earlier messages stop being valid."""
        self.data["_q"] = self.question + 1
        return self.question

    def button(self, label: str, action: str, argument: str = "") -> Button:
        """A button for the question being asked now."""
        return Button(label, f"{self.question}:{action}:{argument}")

    def ask(
        self,
        text: str,
        *,
        buttons: list[list[tuple[str, str, str]]] | None = None,
        keyboard: tuple[tuple[str, ...], ...] = (),
        request_contact: str | None = None,
        remove_keyboard: bool = False,
        takes_text: bool = False,
    ) -> None:
        """Asks a question; `buttons` rows hold (label, action, argument).

        `takes_text`: the question also reads typed text (a KK number beside "Skip"), so a
        typed number is that text, not the n-th button.
        """
        spec = [list(map(list, row)) for row in (buttons or [])]
        fingerprint = _fingerprint([self.flow, self.step, text, spec, keyboard, request_contact])
        asked = self.data.get(ASKED)
        # The same question asked again (after a sticker, a wrong answer, /bantuan) keeps
        # its number, so the buttons of its earlier copy still work.
        if not (isinstance(asked, dict) and asked.get("f") == fingerprint):
            self.new_question()
        rows = tuple(
            tuple(self.button(label, action, argument) for label, action, argument in row)
            for row in (buttons or [])
        )
        self.data[ASKED] = {
            "f": fingerprint,
            "b": [[button.label, button.payload] for row in rows for button in row],
            "t": takes_text,
        }
        self.replies.append(
            Reply(
                text,
                buttons=rows,
                keyboard=keyboard,
                request_contact=request_contact,
                remove_keyboard=remove_keyboard,
            )
        )

    def offer(self, text: str, buttons: tuple[tuple[Button, ...], ...]) -> None:
        """Sends buttons built already (global actions) as the open question's, beside typed text.

        A typed label then presses them ("selesai"), and a typed number stays the text it is,
        never a button of some earlier question.
        """
        self.data[ASKED] = {
            "f": None,
            "b": [[button.label, button.payload] for row in buttons for button in row],
            "t": True,
        }
        self.replies.append(Reply(text, buttons=buttons))

    def pressed(self) -> tuple[str, str] | None:
        """(action, argument) of a button of the current question, or None."""
        if self.event.kind != EventKind.BUTTON or not self.event.payload:
            return None
        token, _, rest = self.event.payload.partition(":")
        if token != str(self.question):
            return None
        action, _, argument = rest.partition(":")
        return action, argument

    def asked_buttons(self) -> list[tuple[str, str]]:
        """(label, payload) of the open question's buttons, as they were shown."""
        asked = self.data.get(ASKED)
        if not isinstance(asked, dict):
            return []
        return [(str(label), str(payload)) for label, payload in asked.get("b") or []]

    def asked_takes_text(self) -> bool:
        """Whether the open question also reads typed text."""
        asked = self.data.get(ASKED)
        return isinstance(asked, dict) and bool(asked.get("t"))

    # --- state -----------------------------------------------------------------
    def enter(self, flow: str | None, step: str | None = None) -> None:
        """Moves the conversation to a flow and step (None, None: back to idle)."""
        self.flow, self.step = flow, step

    def finish(self) -> None:
        """Ends the current flow and forgets everything it collected."""
        # The question counter, the status-check failures and the outreach source (kept
        # until a complaint is filed: dialogs/flows/outreach_link.py) outlive any flow.
        kept = {key: self.data[key] for key in PERSISTENT_KEYS if key in self.data}
        self.flow = self.step = None
        self.data = kept


def _fingerprint(question: list[Any]) -> str:
    """A short digest of a question (flow, step, text, buttons) to recognise it asked again."""
    encoded = json.dumps(question, ensure_ascii=False, default=str).encode()
    return hashlib.blake2b(encoded, digest_size=8).hexdigest()
