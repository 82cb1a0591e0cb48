"""Copies the database out to a file and back: pg_dump/pg_restore, or SQLite's online backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url

from backend.backups.libpq import run_client_tool
from backend.db import create_engine


def sqlite_path(database_url: str) -> Path:
    """The file of an SQLite DATABASE_URL."""
    return Path(make_url(database_url).database or "")


def dump_database(database_url: str, target: Path) -> None:
    """Writes a consistent copy of the whole database to `target`, while the service runs."""
    if database_url.startswith("sqlite"):
        # SQLite's online backup copies a snapshot page by page; writers carry on.
        source = sqlite3.connect(sqlite_path(database_url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    # One snapshot of the whole database, compressed; pg_restore reads it.
    run_client_tool("pg_dump", ["--format=custom", f"--file={target}"], database_url)


def restore_database(database_url: str, dump: Path) -> None:
    """Loads a dump into the (empty) database of the URL, all or nothing."""
    if database_url.startswith("sqlite"):
        path = sqlite_path(database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.move(dump, path)
        return
    name = make_url(database_url).database or ""
    # Owners and grants are those of the old server; the restoring role owns everything.
    arguments = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    run_client_tool("pg_restore", [*arguments, f"--dbname={name}", str(dump)], database_url)


async def table_names(database_url: str) -> list[str]:
    """The tables in the database now (an SQLite file that does not exist has none)."""
    if database_url.startswith("sqlite") and not sqlite_path(database_url).exists():
        return []
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()


async def schema_revision(database_url: str) -> str | None:
    """The Alembic revision the database is at, if it has been migrated."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_revision)
    finally:
        await engine.dispose()


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
