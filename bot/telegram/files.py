"""Fetches files people send (getFile), has them vetted and keeps what is taken under FILES_DIR."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from backend.security.crypto import Vault
from bot.fetched import declared_mime_type, keep_fetched, worth_fetching
from bot.telegram.client import BadRequest, Blocked, NotFound, TelegramClient
from dialogs.events import FileRef

log = logging.getLogger(__name__)

__all__ = ["declared_mime_type", "fetch_file", "worth_fetching"]


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
    return await keep_fetched(file, data, files_dir, max_bytes, vault, "telegram")
