"""What the benchmarks share: throwaway databases, migrated and seeded, and free ports."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from backend import models  # noqa: F401  (every table, so foreign keys resolve)
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.migrate import upgrade
from backend.reference.seed import seed_reference_data

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def fresh_database(backend: str, folder: Path) -> str:
    """A migrated, seeded database of its own."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    else:
        name = f"slrt_bench_{uuid.uuid4().hex[:8]}"
        await _admin(f'CREATE DATABASE "{name}"')
        url = make_url(POSTGRES).set(database=name).render_as_string(False)
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    async with unit_of_work(create_session_factory(engine)) as session:
        await seed_reference_data(session)
    await engine.dispose()
    return url


async def drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        await _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(
        make_url(POSTGRES).set(drivername="postgresql").render_as_string(False)
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def postgres_answers() -> bool:
    try:
        await asyncio.wait_for(_admin("SELECT 1"), 5)
    except Exception:  # noqa: BLE001
        return False
    return True
