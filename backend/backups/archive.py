"""Writes a backup archive of the service (the format: backend/backups/__init__.py)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from backend.backups.database import dump_database, schema_revision
from backend.clock import utcnow
from backend.config import Settings
from backend.errors import Conflict, InvalidInput

FORMAT = "slrt-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
FILES = "files"
# Written by store_bytes while a file is being stored; not a file yet.
PARTIAL_SUFFIX = ".part"
PRIVATE_FILE = 0o600


@dataclass(frozen=True)
class Manifest:
    """What an archive says about itself."""

    database: str
    schema_revision: str | None
    files_dir: str
    files: int
    created_at: str

    @classmethod
    def read(cls, archive: tarfile.TarFile) -> Manifest:
        """The manifest of an archive; refuses a file that is not one of ours."""
        try:
            member = archive.extractfile(MANIFEST)
            data: dict[str, Any] = json.load(member) if member else {}
        except (KeyError, ValueError):
            data = {}
        if data.get("format") != FORMAT or data.get("database") not in DATABASE_MEMBERS:
            raise InvalidInput(f"Bukan arsip cadangan SLRT / not an SLRT backup archive ({FORMAT})")
        fields = ("database", "schema_revision", "files_dir", "files", "created_at")
        return cls(**{name: data.get(name) for name in fields})  # type: ignore[arg-type]


def database_kind(settings: Settings) -> str:
    """`sqlite` or `postgresql`, as archives name them."""
    return "sqlite" if settings.is_sqlite else "postgresql"


async def write_backup(settings: Settings, output: Path) -> Manifest:
    """Writes the database, then FILES_DIR, into a new archive at `output` (mode 0600).

    The database goes first: every file it names was stored before the row that names
    it was committed, so the copy of FILES_DIR taken after holds them all.
    """
    kind = database_kind(settings)
    revision = await schema_revision(settings.database_url)
    return await asyncio.to_thread(_write_backup, settings, output, kind, revision)


def _write_backup(settings: Settings, output: Path, kind: str, revision: str | None) -> Manifest:
    if output.exists():
        raise Conflict(f"{output} sudah ada / already exists: pilih nama lain / pick another name")
    with tempfile.TemporaryDirectory(prefix="slrt-backup-") as scratch:
        dump = Path(scratch) / DATABASE_MEMBERS[kind]
        dump_database(settings.database_url, dump)
        files = _stored_files(settings.files_dir)
        manifest = Manifest(
            database=kind, schema_revision=revision, files_dir=str(settings.files_dir),
            files=len(files), created_at=utcnow().isoformat(),
        )  # fmt: skip
        _write_archive(output, manifest, dump, settings.files_dir, files)
    return manifest


def _stored_files(files_dir: Path) -> list[Path]:
    """The regular files under FILES_DIR (no links, no half-written ones), relative to it."""
    if not files_dir.is_dir():
        return []
    return sorted(
        path.relative_to(files_dir)
        for path in files_dir.rglob("*")
        if path.is_file() and not path.is_symlink() and not path.name.endswith(PARTIAL_SUFFIX)
    )


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = PRIVATE_FILE
    return info


def _write_archive(
    output: Path, manifest: Manifest, dump: Path, files_dir: Path, files: list[Path]
) -> None:
    partial = output.with_name(f"{output.name}{PARTIAL_SUFFIX}")
    # 0600 from the first byte: the archive holds personal data.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w") as tar:
            body = json.dumps({"format": FORMAT, **manifest.__dict__}, indent=2).encode()
            info = _private(tarfile.TarInfo(MANIFEST))
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump, arcname=dump.name, filter=_private)
            for relative in files:
                arcname = (PurePosixPath(FILES) / relative.as_posix()).as_posix()
                tar.add(files_dir / relative, arcname=arcname, recursive=False, filter=_private)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
