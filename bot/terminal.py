"""`slrt chat`: the dialogs in a terminal, with buttons printed as numbers.

Type a button's number or its label to press it, `/command` for commands,
`!file PATH` to send a photo or document. Standard input may be piped, so a whole
dialog can be scripted.
"""

from __future__ import annotations

import mimetypes
import uuid
from pathlib import Path
from typing import TextIO

from dialogs.engine import DialogEngine
from dialogs.events import Event, EventKind, FileRef, Reply

CHANNEL = "cli"


class TerminalChat:
    """Turns lines into engine events and replies into numbered text."""

    def __init__(self, engine: DialogEngine, chat_id: str, output: TextIO) -> None:
        self.engine = engine
        self.chat_id = chat_id
        self.output = output
        # What a number or label typed next presses: (label, payload or None for contact).
        self.choices: list[tuple[str, str | None]] = []

    def event_for(self, line: str) -> Event:
        """The event a typed line stands for."""
        event_id = uuid.uuid4().hex
        text = line.strip()
        if text.startswith("!file "):
            return self._file_event(Path(text[6:].strip()), event_id)
        choice = self._choice(text)
        if choice is not None:
            label, payload = choice
            if payload is None:
                return Event(CHANNEL, self.chat_id, EventKind.TEXT, event_id, text=label)
            return Event(CHANNEL, self.chat_id, EventKind.BUTTON, event_id, payload=payload)
        return Event.from_text(CHANNEL, self.chat_id, line.rstrip("\n"), event_id)

    def _choice(self, text: str) -> tuple[str, str | None] | None:
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return self.choices[int(text) - 1]
        for label, payload in self.choices:
            if payload is not None and label.casefold() == text.casefold():
                return label, payload
        return None

    def _file_event(self, path: Path, event_id: str) -> Event:
        mime_type = mimetypes.guess_type(path.name)[0]
        kind = "photo" if (mime_type or "").startswith("image/") else "document"
        size = path.stat().st_size if path.exists() else None
        file = FileRef(f"cli:{path}", kind, size, mime_type, path.name)
        return Event(CHANNEL, self.chat_id, EventKind.FILE, event_id, file=file)

    def show(self, replies: list[Reply]) -> None:
        """Prints replies; buttons get numbers that the next line can use."""
        if not replies:
            return
        self.choices = []
        for reply in replies:
            self.output.write(f"\n{reply.text}\n")
            for button_row in reply.buttons:
                for button in button_row:
                    self.choices.append((button.label, button.payload))
                    self.output.write(f"  [{len(self.choices)}] {button.label}\n")
            for key_row in reply.keyboard:
                for label in key_row:
                    self.choices.append((label, None))
                    self.output.write(f"  [{len(self.choices)}] {label}\n")
            if reply.request_contact:
                self.output.write(f"  ({reply.request_contact}: type the number)\n")
        self.output.flush()

    async def send(self, line: str) -> list[Reply]:
        """Handles one typed line and prints the answer."""
        replies = await self.engine.handle(self.event_for(line))
        self.show(replies)
        return replies

    async def run(self, lines: TextIO) -> None:
        """Reads lines until the input ends; starts with /start."""
        await self.send("/start")
        while True:
            self.output.write("> ")
            self.output.flush()
            line = lines.readline()
            if not line:
                break
            if line.strip():
                await self.send(line)
