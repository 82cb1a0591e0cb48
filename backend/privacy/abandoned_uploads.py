"""Uploads nobody holds any more: a file kept for a dialog that was never filed.

A photo or voice note is stored (encrypted) when it arrives, before the person files
anything. When they remove it from the summary, cancel, or never come back, no
attachment row ever points at it. It is still personal data, so the retention run
removes such a file once it is a week old and neither a complaint's attachment nor
a conversation in progress holds it. The week covers an upload whose dialog has not
committed yet; a dialog resumed later still finds its files, since it holds them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Attachment
from backend.conversations.models import Conversation
from backend.conversations.state import open_state
from backend.security.crypto import Vault

ABANDONED_AFTER = timedelta(days=7)


async def abandoned_uploads(
    session: AsyncSession, files_dir: Path, vault: Vault, now: datetime
) -> list[str]:
    """Stored files older than ABANDONED_AFTER that no attachment and no dialog holds."""
    cutoff = (now - ABANDONED_AFTER).timestamp()
    old = await asyncio.to_thread(_files_older_than, files_dir, cutoff)
    if not old:
        return []
    held = {_key(path) for path in await session.scalars(_attachment_paths())}
    in_progress = select(Conversation.data).where(Conversation.flow.is_not(None))
    for data in await session.scalars(in_progress):
        held.update(_key(path) for path in _stored_paths(open_state(vault, data)))
    return sorted(str(path) for path in old if _key(str(path)) not in held)


def _files_older_than(files_dir: Path, cutoff: float) -> list[Path]:
    if not files_dir.is_dir():
        return []
    # `.part` files are writes cut short (store_bytes renames them once whole).
    return [p for p in files_dir.rglob("*") if p.is_file() and p.stat().st_mtime < cutoff]


def _attachment_paths() -> Any:
    return select(Attachment.stored_path).where(Attachment.stored_path.is_not(None))


def _stored_paths(value: Any) -> Iterator[str]:
    # A dialog keeps its files as {"stored_path": ...} wherever its flow put them.
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "stored_path" and isinstance(item, str):
                yield item
            else:
                yield from _stored_paths(item)
    elif isinstance(value, list):
        for item in value:
            yield from _stored_paths(item)


def _key(path: str) -> str:
    # Stored paths are as FILES_DIR was written (relative or absolute): compared resolved.
    return str(Path(path).resolve())
