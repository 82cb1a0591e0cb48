"""What a chat channel does with a file it fetched: vetted, and kept under FILES_DIR or refused."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path

from backend.security.crypto import Vault
from backend.uploads import ACCEPTED_MIME_TYPES, UploadRefused, keep_upload
from dialogs.events import FileRef

log = logging.getLogger(__name__)


def declared_mime_type(file: FileRef) -> str | None:
    """What the channel says the file is; a photo without a type is a JPEG (as Telegram's are)."""
    return file.mime_type or ("image/jpeg" if file.kind == "photo" else None)


def worth_fetching(file: FileRef, max_bytes: int) -> bool:
    """Only files the dialogs can accept are downloaded; the rest are refused there."""
    # The size is left out now and then (always, on WhatsApp): such a file is fetched and measured.
    size_ok = file.size is None or file.size <= max_bytes
    kind_ok = file.kind in ("photo", "document", "voice")
    return kind_ok and declared_mime_type(file) in ACCEPTED_MIME_TYPES and size_ok


async def keep_fetched(
    file: FileRef, data: bytes, files_dir: Path, max_bytes: int, vault: Vault, channel: str
) -> FileRef:
    """Vets the bytes and stores what is kept; answers the reference to it, or why not."""
    if len(data) > max_bytes:
        return replace(file, size=len(data))
    # Decoding, re-encoding, hashing and writing up to 10 MB would hold every chat up;
    # a thread does it instead.
    try:
        kept = await asyncio.to_thread(
            keep_upload, data, declared_mime_type(file), file.file_name, files_dir, channel, vault
        )
    except UploadRefused as refusal:
        log.info("file %s refused: %s", file.file_id, refusal)
        return replace(file, size=len(data), refused=refusal.reason)
    vetted = kept.vetted
    return replace(
        file, size=len(vetted.data), mime_type=vetted.mime_type, file_name=vetted.file_name,
        stored_path=kept.stored_path, sha256=kept.sha256,
    )  # fmt: skip
