"""Keeps uploaded photos and documents under FILES_DIR, encrypted, named by their content hash.

A photo of a KK or a PDF of a letter carries identity numbers; on disk it is
encrypted under DATA_KEY like the NIK column, and decrypted only to be served to
staff who may see the complaint. Files written before encryption read as they are.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path

from backend.security.crypto import Vault

# First bytes of an encrypted stored file; a file without them predates encryption.
ENCRYPTED_FILE_MARK = b"SLRT-ENCRYPTED-1\n"


def store_bytes(
    data: bytes, files_dir: Path, folder: str, mime_type: str | None, vault: Vault
) -> tuple[str, str]:
    """Writes the bytes, encrypted, once per content; answers (path, sha256). Blocking."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = mimetypes.guess_extension(mime_type or "") or ".bin"
    target = files_dir / folder / digest[:2] / f"{digest}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        # A unique temporary name, then an atomic rename: no half file under the real name.
        descriptor, partial = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(descriptor, "wb") as file:
            file.write(ENCRYPTED_FILE_MARK + vault.encrypt_bytes(data))
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


def read_stored(path: Path, vault: Vault) -> bytes:
    """The content of a stored file, decrypted. Blocking."""
    raw = path.read_bytes()
    if raw.startswith(ENCRYPTED_FILE_MARK):
        return vault.decrypt_bytes(raw[len(ENCRYPTED_FILE_MARK) :])
    return raw


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
