"""Puts a backup archive back: into an empty database and an empty FILES_DIR, never over data."""

from __future__ import annotations

import asyncio
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from backend.backups.archive import (
    DATABASE_MEMBERS,
    FILES,
    PRIVATE_FILE,
    Manifest,
    database_kind,
)
from backend.backups.database import restore_database, table_names
from backend.config import Settings
from backend.errors import Conflict, InvalidInput

PRIVATE_FOLDER = 0o700


@dataclass(frozen=True)
class Restored:
    """What a restore put back, and whether the stored files' paths still fit."""

    manifest: Manifest
    files: int
    # Attachments are recorded with their path under the FILES_DIR of the day they came.
    files_dir_differs: bool


async def restore_backup(settings: Settings, archive_path: Path) -> Restored:
    """Restores the archive into the database and FILES_DIR of `settings`, both empty.

    The database is loaded whole or not at all; `slrt migrate` afterwards brings an
    older archive up to the installed schema.
    """
    with tarfile.open(archive_path, mode="r:") as archive:
        manifest = Manifest.read(archive)
        kind = database_kind(settings)
        if manifest.database != kind:
            raise InvalidInput(
                f"Arsip berisi basis data {manifest.database}, DATABASE_URL adalah {kind} / "
                f"the archive holds a {manifest.database} database, DATABASE_URL is {kind}"
            )
        if await table_names(settings.database_url):
            raise Conflict(
                "Basis data tujuan tidak kosong / the target database is not empty: buat basis "
                "data baru yang kosong / create a new, empty database and point DATABASE_URL at it"
            )
        if await asyncio.to_thread(_has_files, settings.files_dir):
            raise Conflict(
                f"FILES_DIR tidak kosong / is not empty: {settings.files_dir}; "
                "kosongkan atau pilih yang lain / empty it or choose another"
            )
        with tempfile.TemporaryDirectory(prefix="slrt-restore-") as scratch:
            dump = Path(scratch) / DATABASE_MEMBERS[kind]
            await asyncio.to_thread(_extract_file, archive, DATABASE_MEMBERS[kind], dump)
            await asyncio.to_thread(restore_database, settings.database_url, dump)
        files = await asyncio.to_thread(_extract_files, archive, settings.files_dir)
    return Restored(
        manifest=manifest,
        files=files,
        files_dir_differs=Path(manifest.files_dir) != settings.files_dir,
    )


def _has_files(files_dir: Path) -> bool:
    return files_dir.is_dir() and any(path.is_file() for path in files_dir.rglob("*"))


def _extract_file(archive: tarfile.TarFile, name: str, target: Path) -> None:
    try:
        source = archive.extractfile(name)
    except KeyError:
        source = None
    if source is None:
        raise InvalidInput(f"Arsip tidak lengkap / the archive lacks {name}")
    _write_private(source, target)


def _extract_files(archive: tarfile.TarFile, files_dir: Path) -> int:
    """Writes the archive's files/ under FILES_DIR; names that would leave it are refused."""
    count = 0
    base = files_dir.resolve()
    for member in archive.getmembers():
        parts = PurePosixPath(member.name).parts
        if not member.isfile() or len(parts) < 2 or parts[0] != FILES:
            continue
        target = base.joinpath(*parts[1:]).resolve()
        if ".." in parts or not target.is_relative_to(base):
            raise InvalidInput(f"Nama berkas tidak sah di arsip / unsafe name in the archive: "
                               f"{member.name}")  # fmt: skip
        source = archive.extractfile(member)
        if source is None:
            continue
        _write_private(source, target)
        count += 1
    return count


def _write_private(source: IO[bytes], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    with target.open("xb") as output:
        target.chmod(PRIVATE_FILE)
        shutil.copyfileobj(source, output)
