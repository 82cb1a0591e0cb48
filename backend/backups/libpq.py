"""Runs PostgreSQL's client tools (pg_dump, pg_restore) on the database of DATABASE_URL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from backend.errors import DomainError
from backend.security.identity_numbers import mask_identity_numbers

# asyncpg's `ssl` takes libpq's sslmode words (disable ... verify-full).
SSL_PARAMETERS = ("ssl", "sslmode")


class ClientToolFailed(DomainError):
    """A PostgreSQL client tool is missing or exited with an error."""


def libpq_environment(database_url: str) -> dict[str, str]:
    """The PG* variables that point libpq at the database of an SQLAlchemy URL.

    The password travels in PGPASSWORD, never on a command line that `ps` shows.
    """
    url = make_url(database_url)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for name in SSL_PARAMETERS:
        mode = url.query.get(name)
        if isinstance(mode, str):
            values["PGSSLMODE"] = mode
    return {name: value for name, value in values.items() if value}


def run_client_tool(tool: str, arguments: list[str], database_url: str) -> None:
    """Runs pg_dump or pg_restore on the database; raises ClientToolFailed with its words."""
    executable = shutil.which(tool)
    if executable is None:
        raise ClientToolFailed(
            f"{tool} tidak ditemukan / not found: pasang klien PostgreSQL / install the "
            "PostgreSQL client tools (Debian: apt-get install postgresql-client), at least "
            "as new as the server"
        )
    environment = {**os.environ, **libpq_environment(database_url)}
    result = subprocess.run(
        [executable, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ClientToolFailed(
            f"{Path(executable).name} gagal / failed: {_error_lines(result.stderr)}"
        )


def _error_lines(stderr: str) -> str:
    """The tool's error, without the row it quotes (a CONTEXT or DETAIL may hold a name)."""
    kept = [
        line for line in stderr.splitlines() if not line.lstrip().startswith(("CONTEXT", "DETAIL"))
    ]
    return mask_identity_numbers("\n".join(kept).strip())
