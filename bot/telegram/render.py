"""Replies to Telegram messages: escaped HTML, limits kept, keyboards built.

The one place where user text meets parse mode HTML: every piece of text is
escaped here, so a description with `<script>` or `&` is shown literally.
"""

from __future__ import annotations

import html

from bot.telegram.client import KeyboardButtonSpec, RenderedMessage
from dialogs.events import MAX_BUTTONS, MAX_CALLBACK_BYTES, MAX_TEXT_LENGTH, Reply


def split_text(text: str, limit: int = MAX_TEXT_LENGTH) -> list[str]:
    """Splits text into pieces of at most `limit` characters, at line breaks where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = line if not current else f"{current}\n{line}"
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        current = line
    if current or not pieces:
        pieces.append(current)
    return pieces


def _inline_keyboard(reply: Reply) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    if not reply.buttons:
        return None
    if reply.button_count() > MAX_BUTTONS:
        raise ValueError(f"{reply.button_count()} buttons: Telegram takes {MAX_BUTTONS}")
    for row in reply.buttons:
        for button in row:
            if len(button.payload.encode()) > MAX_CALLBACK_BYTES:
                raise ValueError(
                    f"callback data over {MAX_CALLBACK_BYTES} bytes: {button.payload!r}"
                )
    return tuple(tuple((button.label, button.payload) for button in row) for row in reply.buttons)


def _reply_keyboard(reply: Reply) -> tuple[tuple[KeyboardButtonSpec, ...], ...] | None:
    rows = [tuple(KeyboardButtonSpec(label) for label in row) for row in reply.keyboard]
    if reply.request_contact:
        rows.insert(0, (KeyboardButtonSpec(reply.request_contact, request_contact=True),))
    return tuple(rows) or None


def render(reply: Reply) -> list[RenderedMessage]:
    """The sendMessage calls for one reply; the keyboard goes with the last piece."""
    pieces = [html.escape(piece, quote=False) for piece in split_text(reply.text)]
    last = RenderedMessage(
        text=pieces[-1],
        inline_keyboard=_inline_keyboard(reply),
        keyboard=None if reply.buttons else _reply_keyboard(reply),
        remove_keyboard=reply.remove_keyboard and not reply.buttons,
    )
    return [RenderedMessage(piece) for piece in pieces[:-1]] + [last]
