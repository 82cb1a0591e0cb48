"""`slrt backup` and `slrt restore`: a backup put into a new database reads back whole.

Complaints with NIK and an encrypted attachment are backed up from a running
database, the machine's files are lost, the archive is restored into a new empty
database, `slrt migrate` runs, and the service reads every complaint, decrypts
every NIK under the same DATA_KEY, finds each citizen by the keyed hash of their NIK,
and decrypts the attachment.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from backend.actors import Actor, ActorRole
from backend.backups.libpq import libpq_environment
from backend.casefiles.models import Attachment, Complaint
from backend.citizens.models import Citizen
from backend.citizens.repository import get_citizen_by_nik_lookup
from backend.cli import app
from backend.complaints.identity import reveal_identity
from backend.config import get_settings
from backend.db import create_engine, create_session_factory
from backend.files import read_stored, store_bytes, stored_file
from backend.security.crypto import Vault
from tests.fixtures.database import _execute_admin, postgres_admin_url
from tests.fixtures.factories import make_complaint, make_staff

PHOTO = b"\xff\xd8\xff\xe0 a photo of a KK, as stored: encrypted on disk"
COMPLAINTS = 3


@dataclass(frozen=True)
class Original:
    """What was on record before the backup: ticket -> NIK, and the attachment's bytes."""

    niks_by_ticket: dict[str, str]
    attachment_path: str


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A runner whose working directory has no .env, with settings read anew each time."""
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def slrt(cli: CliRunner, database_url: str, files_dir: Path, *args: str) -> Result:
    """Runs `slrt ARGS` on the given database and FILES_DIR, the way a shell would."""
    environment = {
        "DATABASE_URL": database_url,
        "FILES_DIR": str(files_dir),
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
    }
    get_settings.cache_clear()
    try:
        return cli.invoke(app, list(args), env=environment)
    finally:
        get_settings.cache_clear()


@pytest.fixture
def new_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database that does not exist yet (SQLite) or exists with nothing in it (PostgreSQL)."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'restored' / 'slrt.db'}"
        return
    name = f"slrt_restore_{uuid.uuid4().hex[:12]}"
    asyncio.run(_execute_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_admin_url()).set(database=name).render_as_string(False)
    finally:
        asyncio.run(_execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _make_records(database_url: str, files_dir: Path, vault: Vault) -> Original:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            complaints = [await make_complaint(session, vault) for _ in range(COMPLAINTS)]
            path, digest = store_bytes(PHOTO, files_dir, "complaints", "image/jpeg", vault)
            session.add(Attachment(
                complaint_id=complaints[0].id, kind="photo", stored_path=path,
                mime_type="image/jpeg", size_bytes=len(PHOTO), sha256=digest,
            ))  # fmt: skip
            niks = {}
            for complaint in complaints:
                citizen = await session.get_one(Citizen, complaint.citizen_id)
                assert citizen.nik_ciphertext is not None
                niks[complaint.ticket] = vault.decrypt(citizen.nik_ciphertext)
            await session.commit()
        return Original(niks_by_ticket=niks, attachment_path=path)
    finally:
        await engine.dispose()


async def _read_back(database_url: str, files_dir: Path, vault: Vault) -> Original:
    """Every complaint with its NIK decrypted and found again by its keyed hash."""
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            staff = await make_staff(session)
            actor = Actor(ActorRole.BACK_OFFICE, staff_id=staff.id)
            niks = {}
            for complaint in await session.scalars(select(Complaint).order_by(Complaint.id)):
                nik = (await reveal_identity(session, vault, complaint, actor)).nik
                assert nik is not None
                citizen = await get_citizen_by_nik_lookup(session, vault.lookup_hash(nik))
                assert citizen is not None and citizen.id == complaint.citizen_id
                niks[complaint.ticket] = nik
            (attachment,) = await session.scalars(select(Attachment))
            stored = stored_file(files_dir, attachment.stored_path)
            assert stored is not None, "the attachment's file was not restored"
            assert read_stored(stored, vault) == PHOTO
            return Original(niks_by_ticket=niks, attachment_path=str(attachment.stored_path))
    finally:
        await engine.dispose()


class TestBackupAndRestore:
    """A backup restored into a new database gives back every complaint, NIK and file."""

    def test_the_restored_service_reads_every_complaint_nik_and_file(
        self, cli: CliRunner, database_url: str, new_database_url: str, tmp_path: Path,
        vault: Vault,
    ) -> None:  # fmt: skip
        files_dir = tmp_path / "files"
        original = asyncio.run(_make_records(database_url, files_dir, vault))
        archive = tmp_path / "backups" / "slrt.tar"
        archive.parent.mkdir()

        backed_up = slrt(cli, database_url, files_dir, "backup", "--output", str(archive))
        assert backed_up.exit_code == 0, backed_up.output
        assert "1 berkas / files" in backed_up.output
        # The machine is lost: only the archive and DATA_KEY are left.
        shutil.rmtree(files_dir)

        restored = slrt(cli, new_database_url, files_dir, "restore", str(archive))
        assert restored.exit_code == 0, restored.output
        migrated = slrt(cli, new_database_url, files_dir, "migrate")
        assert migrated.exit_code == 0, migrated.output

        assert asyncio.run(_read_back(new_database_url, files_dir, vault)) == original
        assert len(original.niks_by_ticket) == COMPLAINTS

    def test_the_archive_is_private_and_its_manifest_names_no_person(
        self, cli: CliRunner, database_url: str, tmp_path: Path, vault: Vault
    ) -> None:
        files_dir = tmp_path / "files"
        original = asyncio.run(_make_records(database_url, files_dir, vault))
        archive = tmp_path / "slrt.tar"
        assert slrt(cli, database_url, files_dir, "backup", "--output", str(archive)).exit_code == 0
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
        with tarfile.open(archive) as tar:
            members = {member.name: member for member in tar.getmembers()}
            manifest = tar.extractfile("manifest.json")
            assert manifest is not None
            text = manifest.read().decode()
        assert all(stat.S_IMODE(member.mode) == 0o600 for member in members.values())
        assert not any(nik in text for nik in original.niks_by_ticket.values())
        stored = Path(original.attachment_path).relative_to(files_dir).as_posix()
        assert f"files/{stored}" in members


class TestRestoreRefuses:
    """A restore never writes over data."""

    def test_a_database_that_is_not_empty(
        self, cli: CliRunner, database_url: str, tmp_path: Path, vault: Vault
    ) -> None:
        archive = tmp_path / "slrt.tar"
        assert (
            slrt(cli, database_url, tmp_path / "a", "backup", "--output", str(archive)).exit_code
            == 0
        )
        result = slrt(cli, database_url, tmp_path / "b", "restore", str(archive))
        assert result.exit_code == 1
        assert "not empty" in result.stderr

    def test_a_files_dir_with_files_in_it(
        self, cli: CliRunner, database_url: str, new_database_url: str, tmp_path: Path
    ) -> None:
        archive = tmp_path / "slrt.tar"
        assert (
            slrt(cli, database_url, tmp_path / "a", "backup", "--output", str(archive)).exit_code
            == 0
        )
        files_dir = tmp_path / "full"
        (files_dir / "old").mkdir(parents=True)
        (files_dir / "old" / "file.bin").write_bytes(b"kept")
        result = slrt(cli, new_database_url, files_dir, "restore", str(archive))
        assert result.exit_code == 1
        assert "FILES_DIR" in result.stderr
        assert (files_dir / "old" / "file.bin").read_bytes() == b"kept"

    def test_a_file_that_is_not_a_backup(
        self, cli: CliRunner, new_database_url: str, tmp_path: Path
    ) -> None:
        archive = tmp_path / "other.tar"
        with tarfile.open(archive, "w"):
            pass
        result = slrt(cli, new_database_url, tmp_path / "files", "restore", str(archive))
        assert result.exit_code == 1
        assert "not an SLRT backup archive" in result.stderr


class TestBackupRefuses:
    """A backup never writes over an earlier one."""

    def test_an_existing_file(self, cli: CliRunner, database_url: str, tmp_path: Path) -> None:
        archive = tmp_path / "slrt.tar"
        archive.write_bytes(b"an earlier backup")
        result = slrt(cli, database_url, tmp_path / "files", "backup", "--output", str(archive))
        assert result.exit_code == 1
        assert archive.read_bytes() == b"an earlier backup"


class TestLibpqEnvironment:
    """pg_dump and pg_restore reach the database of DATABASE_URL; the password not by argument."""

    def test_the_url_becomes_pg_variables(self) -> None:
        url = "postgresql+asyncpg://slrt:p%40ss@db.internal:5433/slrt?ssl=require"
        assert libpq_environment(url) == {
            "PGHOST": "db.internal", "PGPORT": "5433", "PGUSER": "slrt",
            "PGPASSWORD": "p@ss", "PGDATABASE": "slrt", "PGSSLMODE": "require",
        }  # fmt: skip

    def test_what_the_url_leaves_out_is_left_to_libpq(self) -> None:
        assert libpq_environment("postgresql+asyncpg://postgres@127.0.0.1/test") == {
            "PGHOST": "127.0.0.1", "PGUSER": "postgres", "PGDATABASE": "test",
        }  # fmt: skip
