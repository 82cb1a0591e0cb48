"""Files in memory: what users send and what the bot uploads, found by file_id or file_path."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

# getFile refuses anything bigger: bots may download at most 20 MB.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024

_FOLDERS = {
    "photo": "photos",
    "document": "documents",
    "voice": "voice",
    "sticker": "stickers",
    "video": "videos",
    "audio": "music",
}


@dataclass
class StoredFile:
    """One file and the identifiers Telegram would give it."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str
    file_name: str | None = None
    width: int | None = None  # photos and stickers
    height: int | None = None
    duration: int | None = None  # voice notes

    @property
    def file_size(self) -> int:
        """Size in bytes."""
        return len(self.data)

    def file_object(self) -> dict:
        """The Bot API File object (as getFile answers)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }


class FileStore:
    """All files of the local server."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)

    def add(
        self,
        data: bytes,
        kind: str,
        extension: str,
        mime_type: str,
        file_name: str | None = None,
        **details: int,
    ) -> StoredFile:
        """Stores bytes as a new file of `kind`; `details` are width, height or duration."""
        number = next(self._numbers)
        digest = hashlib.sha256(data).hexdigest()
        # Real ids are opaque and long; these only need to be unique and look the part.
        stored = StoredFile(
            file_id=f"{kind[:3].upper()}ACAgQAAxkBAAI{number:06d}{digest[:24]}",
            file_unique_id=f"AQAD{digest[:12]}{number}",
            file_path=f"{_FOLDERS.get(kind, 'documents')}/file_{number}.{extension.lstrip('.')}",
            data=data,
            mime_type=mime_type,
            file_name=file_name,
            **details,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def by_id(self, file_id: str) -> StoredFile | None:
        """The file with this file_id, if any."""
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        """The file served at this file_path, if any."""
        return self._by_path.get(file_path)
