"""Fetches files people send (getFile), has them vetted and keeps what is taken under FILES_DIR."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path

from backend.security.crypto import Vault
from backend.uploads import ACCEPTED_MIME_TYPES, UploadRefused, keep_upload
from bot.telegram.client import BadRequest, Blocked, NotFound, TelegramClient
from dialogs.events import FileRef

log = logging.getLogger(__name__)


def declared_mime_type(file: FileRef) -> str | None:
    """What Telegram says the file is; a photo is always a JPEG (Telegram re-encodes photos)."""
    return file.mime_type or ("image/jpeg" if file.kind == "photo" else None)


def worth_fetching(file: FileRef, max_bytes: int) -> bool:
    """Only files the dialogs can accept are downloaded; the rest are refused there."""
    # Telegram leaves file_size out now and then: such a file is fetched and measured.
    size_ok = file.size is None or file.size <= max_bytes
    kind_ok = file.kind in ("photo", "document", "voice")
    return kind_ok and declared_mime_type(file) in ACCEPTED_MIME_TYPES and size_ok


async def fetch_file(
    client: TelegramClient, file: FileRef, files_dir: Path, max_bytes: int, vault: Vault
) -> FileRef:
    """Downloads the file, vets it and stores what is kept; returns the reference to it.

    A file Telegram will never hand over (too big, unknown, link gone) comes back marked,
    for the dialog to say so, and so does one whose bytes are refused (backend/uploads.py):
    nothing of it is stored. A failure that may pass (5xx, time-out) is raised.
    """
    try:
        data = await client.download(file.file_id)
    except (BadRequest, NotFound, Blocked) as error:
        log.info("could not fetch %s: %s", file.file_id, error)
        if "too big" in str(error):
            return replace(file, size=max(file.size or 0, max_bytes + 1))
        return replace(file, missing=True)
    if len(data) > max_bytes:
        return replace(file, size=len(data))
    # Decoding, re-encoding, hashing and writing up to 10 MB would hold every chat up;
    # a thread does it instead.
    try:
        kept = await asyncio.to_thread(
            keep_upload, data, declared_mime_type(file), file.file_name, files_dir, "telegram",
            vault,
        )  # fmt: skip
    except UploadRefused as refusal:
        log.info("file %s refused: %s", file.file_id, refusal)
        return replace(file, size=len(data), refused=refusal.reason)
    vetted = kept.vetted
    return replace(
        file, size=len(vetted.data), mime_type=vetted.mime_type, file_name=vetted.file_name,
        stored_path=kept.stored_path, sha256=kept.sha256,
    )  # fmt: skip
