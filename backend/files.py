"""Keeps uploaded photos and documents under FILES_DIR, named by their content hash."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path


def store_bytes(
    data: bytes, files_dir: Path, folder: str, mime_type: str | None
) -> tuple[str, str]:
    """Writes the bytes once per content and answers (path, sha256); blocking, run it in a thread."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = mimetypes.guess_extension(mime_type or "") or ".bin"
    target = files_dir / folder / digest[:2] / f"{digest}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        # A unique temporary name, then an atomic rename: no half file under the real name.
        descriptor, partial = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(partial, target)
    return str(target), digest
