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


def stored_file(files_dir: Path, stored_path: str | None) -> Path | None:
    """The stored file if it exists and really lies under `files_dir`; None otherwise.

    A stored path is only trusted as far as FILES_DIR: one that resolves anywhere
    else, through `..` or a symbolic link, is treated as absent.
    """
    if not stored_path:
        return None
    try:
        resolved = Path(stored_path).resolve(strict=True)
        base = files_dir.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(base) or not resolved.is_file():
        return None
    return resolved


def remove_stored_files(files_dir: Path, stored_paths: list[str]) -> int:
    """Deletes the stored files under `files_dir`; answers how many were there. Blocking.

    A file already gone is not an error: a run cut short deletes the rest next time.
    """
    removed = 0
    for stored_path in stored_paths:
        path = stored_file(files_dir, stored_path)
        if path is None:
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    return removed
