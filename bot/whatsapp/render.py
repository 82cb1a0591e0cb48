"""Replies to WhatsApp messages, within what the Cloud API takes.

Up to three short choices become reply buttons; more, or a label longer than a
button's 20 characters, become a list (10 rows of 24 characters a message, the
whole label kept in the row's description). Text longer than a message takes is
sent in pieces before the question. A reply keyboard (a Telegram idea) becomes
choices whose press comes back as the label typed; a contact request is left out,
since WhatsApp already tells us the sender's number.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram.render import split_text
from dialogs.events import Button, Reply

TEXT_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
REPLY_BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
LIST_ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
CHOICE_ID_MAX = 200  # a list row's id; a button's may be longer, rows are the tighter
# A keyboard label pressed comes back as typed text: its id says so.
TYPED_PREFIX = "typed:"


@dataclass(frozen=True, slots=True)
class Choice:
    """One button or list row: what is shown and what comes back when pressed."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class WhatsAppMessage:
    """One message to send: plain text, text with reply buttons, or text with a list."""

    text: str
    buttons: tuple[Choice, ...] = ()
    rows: tuple[Choice, ...] = ()
    list_label: str | None = None


def _shortened(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _choices(reply: Reply) -> list[Button]:
    buttons = [button for row in reply.buttons for button in row]
    if not buttons:
        buttons = [Button(label, TYPED_PREFIX + label) for row in reply.keyboard for label in row]
    for button in buttons:
        if len(button.payload) > CHOICE_ID_MAX:
            raise ValueError(f"a choice id over {CHOICE_ID_MAX} characters: {button.payload!r}")
    return buttons


@dataclass(frozen=True, slots=True)
class ListWords:
    """The words WhatsApp's lists need beside the reply's own, in the chat's language."""

    button: str  # opens the list (at most 20 characters)
    more: str  # the question's place over a further list of the same choices


def _lead_and_question(text: str) -> tuple[str, str]:
    """The text before the choices, and the part over them: as many whole paragraphs from
    the end as the 1,024 characters hold (an explanation run into a question goes first,
    the question whole with its choices), else the last piece of a cut at line ends."""
    if len(text) <= INTERACTIVE_BODY_MAX:
        return "", text
    paragraphs = text.split("\n\n")
    question = paragraphs.pop()
    while paragraphs and len(paragraphs[-1]) + 2 + len(question) <= INTERACTIVE_BODY_MAX:
        question = f"{paragraphs.pop()}\n\n{question}"
    if paragraphs and len(question) <= INTERACTIVE_BODY_MAX:
        return "\n\n".join(paragraphs), question
    pieces = split_text(text, INTERACTIVE_BODY_MAX)
    return "\n".join(pieces[:-1]), pieces[-1]


def render(reply: Reply, words: ListWords) -> list[WhatsAppMessage]:
    """The messages for one reply; the choices go with the last, which carries the question."""
    choices = _choices(reply)
    if not choices:
        return [WhatsAppMessage(piece) for piece in split_text(reply.text, TEXT_MAX)]
    lead_text, question = _lead_and_question(reply.text)
    lead = (
        [WhatsAppMessage(piece) for piece in split_text(lead_text, TEXT_MAX)] if lead_text else []
    )
    fits_buttons = len(choices) <= REPLY_BUTTONS_MAX and all(
        len(button.label) <= BUTTON_TITLE_MAX for button in choices
    )
    if fits_buttons:
        buttons = tuple(Choice(button.payload, button.label) for button in choices)
        return [*lead, WhatsAppMessage(question, buttons=buttons)]
    rows = [
        Choice(
            button.payload,
            _shortened(button.label, ROW_TITLE_MAX),
            None
            if len(button.label) <= ROW_TITLE_MAX
            else _shortened(button.label, ROW_DESCRIPTION_MAX),
        )
        for button in choices
    ]
    # More than one list's worth: each further list goes under a short line of its own.
    lists = [
        tuple(rows[start : start + LIST_ROWS_MAX]) for start in range(0, len(rows), LIST_ROWS_MAX)
    ]
    label = _shortened(words.button, BUTTON_TITLE_MAX)
    return [
        *lead,
        *(
            WhatsAppMessage(question if number == 0 else words.more, rows=part, list_label=label)
            for number, part in enumerate(lists)
        ),
    ]
