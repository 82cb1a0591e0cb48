"""The web chat channel: browser input in, engine in the middle, a stored transcript out.

A browser keeps no history, so every message of a web chat is kept in
`web_chat_messages`, written in the engine's own transaction; the page reads it
by long polling, which is also how status messages from the notifier arrive.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import utcnow
from backend.db import unit_of_work
from backend.observability.updates import observes_updates
from backend.uploads import UploadRefused, keep_upload
from backend.webchat.models import WebChatMessage
from backend.webchat.repository import add_input, add_output, messages_after
from bot.web.wakeups import WebChatHub
from dialogs.engine import DialogEngine
from dialogs.events import Event, EventKind, FileRef, Reply

log = logging.getLogger(__name__)

CHANNEL = "web"


def chat_id_for(token: str, secret: str) -> str:
    """The chat id behind the token of a browser's cookie; the cookie itself is never stored."""
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()[:40]


# Hex digits become letters: a digest of the page's id can never look like a NIK.
_LETTERS_FOR_DIGITS = str.maketrans("0123456789", "ghijklmnop")


def remembered_event_id(page_id: str) -> str:
    """The page's id of an input as the dialogs remember it, to drop a resend.

    The page chooses its ids; one that looks like an identity number must not be
    stored as it came, so a digest of it is stored instead.
    """
    digest = hashlib.sha256(page_id.encode()).hexdigest()[:32]
    return "w" + digest.translate(_LETTERS_FOR_DIGITS)


class ReplyFields(TypedDict):
    """The transcript columns of a reply besides its text."""

    buttons: list[list[dict[str, str]]]
    keyboard: list[list[str]]
    request_contact: str | None
    remove_keyboard: bool


def reply_fields(reply: Reply) -> ReplyFields:
    """A reply as transcript columns."""
    return {
        "buttons": [
            [{"label": b.label, "payload": b.payload} for b in row] for row in reply.buttons
        ],
        "keyboard": [list(row) for row in reply.keyboard],
        "request_contact": reply.request_contact,
        "remove_keyboard": reply.remove_keyboard,
    }


@dataclass(frozen=True, slots=True)
class Upload:
    """A photo or document from the browser."""

    data: bytes
    file_name: str
    mime_type: str | None


class WebChat:
    """Runs the dialogs for browser chats and keeps their transcripts."""

    def __init__(
        self,
        engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
        hub: WebChatHub,
        *,
        files_dir: Path,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.hub = hub
        self.files_dir = files_dir

    @observes_updates(CHANNEL, lambda event: event.event_id)
    async def handle(self, event: Event, shown: str | None) -> None:
        """Handles one event; `shown` is how the person's input appears in their transcript.

        None shows nothing: the page opening a new chat is not something the person said.
        """

        async def keep(session: AsyncSession, replies: list[Reply]) -> None:
            now = utcnow()
            if shown is not None:
                add_input(session, event.chat_id, shown, now)
            for reply in replies:
                add_output(session, event.chat_id, reply.text, now, **reply_fields(reply))
            await self.hub.announce(session, event.chat_id)

        await self.engine.handle(event, keep=keep)
        self.hub.notify(event.chat_id)

    async def handle_upload(
        self, chat_id: str, event_id: str, upload: Upload, language: str | None,
        origin: str | None = None,
    ) -> None:  # fmt: skip
        """Vets and stores the file (when the dialogs may take it), then hands it to the engine.

        A file over the size limit is neither read nor stored, and one whose bytes are
        refused (backend/uploads.py) is not stored: the dialogs say why to the person.
        """
        declared = upload.mime_type
        kind = "photo" if (declared or "").startswith("image/") else "document"
        file = FileRef(
            file_id=f"web:{event_id}", kind=kind, size=len(upload.data), mime_type=declared,
            file_name=upload.file_name,
        )  # fmt: skip
        if len(upload.data) <= self.engine.services.max_attachment_bytes:
            file = await self._kept(file, upload)
        event = Event(
            CHANNEL, chat_id, EventKind.FILE, remembered_event_id(event_id), file=file,
            language_hint=language, origin=origin,
        )  # fmt: skip
        await self.handle(event, f"📎 {upload.file_name}")

    async def _kept(self, file: FileRef, upload: Upload) -> FileRef:
        # Decoding, re-encoding, hashing and writing would hold the event loop up: a thread does.
        try:
            kept = await asyncio.to_thread(
                keep_upload, upload.data, upload.mime_type, upload.file_name, self.files_dir,
                "web", self.engine.services.vault,
            )  # fmt: skip
        except UploadRefused as refusal:
            log.info("web chat upload refused: %s", refusal)
            return dataclasses.replace(file, refused=refusal.reason)
        vetted = kept.vetted
        return dataclasses.replace(
            file, file_id=f"web:{kept.sha256}", kind=vetted.kind, size=len(vetted.data),
            mime_type=vetted.mime_type, file_name=vetted.file_name,
            stored_path=kept.stored_path, sha256=kept.sha256,
        )  # fmt: skip

    async def messages(self, chat_id: str, after: int, wait: float) -> list[WebChatMessage]:
        """Messages newer than `after`; waits up to `wait` seconds for the first one."""
        deadline = time.monotonic() + wait
        while True:
            async with self.sessions() as session:
                rows = await messages_after(session, chat_id, after)
            remaining = deadline - time.monotonic()
            if rows or remaining <= 0:
                return rows
            await self.hub.wait(chat_id, min(remaining, self.hub.recheck_seconds))


class WebChatDeliverer:
    """The notifier's way into a web chat: a message added to its transcript."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], hub: WebChatHub) -> None:
        self.sessions = sessions
        self.hub = hub

    async def deliver(self, chat_id: str, reply: Reply, *, language: str = "id") -> str | None:
        """Writes the message; the page's long poll shows it."""
        async with unit_of_work(self.sessions) as session:
            row = add_output(session, chat_id, reply.text, utcnow(), **reply_fields(reply))
            await session.flush()
            message_id = row.id
            await self.hub.announce(session, chat_id)
        self.hub.notify(chat_id)
        return str(message_id)
