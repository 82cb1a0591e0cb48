"""Fetches files people send (getFile) and keeps them under FILES_DIR."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path

from backend.files import store_bytes
from backend.security.crypto import Vault
from bot.telegram.client import BadRequest, Blocked, NotFound, TelegramClient
from dialogs.answers import ACCEPTED_MIME_TYPES
from dialogs.events import FileRef

log = logging.getLogger(__name__)


def worth_fetching(file: FileRef, max_bytes: int) -> bool:
    """Only files the dialogs can accept are downloaded; the rest are refused there."""
    mime_type = file.mime_type or ("image/jpeg" if file.kind == "photo" else None)
    # Telegram leaves file_size out now and then: such a file is fetched and measured.
    size_ok = file.size is None or file.size <= max_bytes
    return file.kind in ("photo", "document") and mime_type in ACCEPTED_MIME_TYPES and size_ok


async def fetch_file(
    client: TelegramClient, file: FileRef, files_dir: Path, max_bytes: int, vault: Vault
) -> FileRef:
    """Downloads the file and stores it by content hash; returns the reference with its path.

    A file Telegram will never hand over (too big, unknown, link gone) comes back marked,
    for the dialog to say so; a failure that may pass (5xx, time-out) is raised.
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
    mime_type = file.mime_type or ("image/jpeg" if file.kind == "photo" else None)
    # Hashing and writing up to 10 MB would hold every chat up; a thread does it instead.
    path, digest = await asyncio.to_thread(
        store_bytes, data, files_dir, "telegram", mime_type, vault
    )
    return replace(file, size=len(data), stored_path=path, sha256=digest)
