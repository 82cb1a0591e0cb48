"""Fetches files people send (getFile) and keeps them under FILES_DIR."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import replace
from pathlib import Path

from bot.telegram.client import BadRequest, TelegramClient
from dialogs.answers import ACCEPTED_MIME_TYPES
from dialogs.events import FileRef

log = logging.getLogger(__name__)


def worth_fetching(file: FileRef, max_bytes: int) -> bool:
    """Only files the dialogs can accept are downloaded; the rest are refused there."""
    mime_type = file.mime_type or ("image/jpeg" if file.kind == "photo" else None)
    size_known_ok = file.size is not None and file.size <= max_bytes
    return file.kind in ("photo", "document") and mime_type in ACCEPTED_MIME_TYPES and size_known_ok


async def fetch_file(client: TelegramClient, file: FileRef, files_dir: Path, max_bytes: int) -> FileRef:
    """Downloads the file and stores it by content hash; returns the reference with its path."""
    try:
        data = await client.download(file.file_id)
    except BadRequest as error:  # e.g. "file is too big": the dialog will say so
        log.info("could not fetch %s: %s", file.file_id, error)
        return replace(file, size=max(file.size or 0, max_bytes + 1))
    if len(data) > max_bytes:
        return replace(file, size=len(data))
    digest = hashlib.sha256(data).hexdigest()
    suffix = mimetypes.guess_extension(file.mime_type or "image/jpeg") or ".bin"
    target = files_dir / "telegram" / digest[:2] / f"{digest}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)  # a crash never leaves half a file under the real name
    return replace(file, size=len(data), stored_path=str(target), sha256=digest)
