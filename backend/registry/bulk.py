"""The bulk writes of a registry import: a batch looked up in one query, then written
with no ORM object per row (COPY on PostgreSQL, one executemany on SQLite)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Any

from sqlalchemy import ARRAY, String, any_, bindparam, insert, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.registry.models import RegistryRecord

_records = RegistryRecord.__table__
# SQLite page cache (KiB) while an import writes: room for a city's NIK and KK indexes.
IMPORT_CACHE_KIB = 128 * 1024
# Columns an import rewrites when a person's row changed (the NIK itself never does).
UPDATED_COLUMNS = (
    "kk_lookup", "kk_ciphertext", "full_name", "kecamatan_name", "kelurahan_name",
    "kelurahan_code", "address", "decile", "programs", "source", "content_hash",
    "import_id", "updated_at",
)  # fmt: skip
# Columns a new record is written with.
COPIED_COLUMNS = (
    "nik_lookup", "nik_ciphertext", *UPDATED_COLUMNS[:-1], "imported_at", "updated_at",
)  # fmt: skip


async def existing_by_lookup(
    session: AsyncSession, nik_lookups: Sequence[str]
) -> dict[str, tuple[int, str | None]]:
    """Id and content hash of the records with these NIK hashes, in one query."""
    columns = select(_records.c.nik_lookup, _records.c.id, _records.c.content_hash)
    if await _dialect(session) == "postgresql":
        # One array parameter instead of thousands: PostgreSQL plans it once per batch.
        lookups = bindparam("lookups", type_=ARRAY(String))
        statement = columns.where(_records.c.nik_lookup == any_(lookups))
        result = await session.execute(statement, {"lookups": list(nik_lookups)})
    else:
        result = await session.execute(columns.where(_records.c.nik_lookup.in_(nik_lookups)))
    return {lookup: (record_id, content_hash) for lookup, record_id, content_hash in result}


async def insert_records(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Inserts registry records with no ORM object per row: COPY on PostgreSQL, one
    executemany of driver-ready values on SQLite."""
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name == "sqlite":
        # SQLAlchemy's per-row parameter handling costs more than SQLite's insert itself.
        await connection.exec_driver_sql(
            _insert_sql(connection.dialect), _driver_values(connection.dialect, rows)
        )
        return
    if connection.dialect.name != "postgresql":
        await session.execute(insert(_records), rows)
        return
    driver = (await connection.get_raw_connection()).driver_connection
    # COPY is several times faster than INSERT; it joins the transaction already open
    # (the import's run row was written first), so a rollback takes these rows too.
    if driver is None or not driver.is_in_transaction():
        raise RuntimeError("registry records are copied only inside an open transaction")
    # The json column takes its text; a file has a handful of distinct program sets.
    program_texts: dict[tuple[tuple[str, Any], ...], str] = {}
    records = []
    for row in rows:
        programs = tuple(row["programs"].items())
        text = program_texts.get(programs)
        if text is None:
            text = program_texts[programs] = json.dumps(row["programs"])
        records.append(tuple(text if name == "programs" else row[name] for name in COPIED_COLUMNS))
    await driver.copy_records_to_table(_records.name, columns=COPIED_COLUMNS, records=records)


def _insert_sql(dialect: Dialect) -> str:
    # SQLite's driver takes qmark parameters.
    placeholders = ", ".join(["?"] * len(COPIED_COLUMNS))
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in COPIED_COLUMNS)
    return f"INSERT INTO {_records.name} ({quoted}) VALUES ({placeholders})"


def _driver_values(dialect: Dialect, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each row's values through its column type's bind processing, as SQLAlchemy would do.

    The program flags and the times repeat from row to row, so they are processed once
    per distinct value; the rest (text, numbers, ciphertexts) mostly pass as they are.
    """
    processors = [
        _records.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        for name in COPIED_COLUMNS
    ]
    repeated = {COPIED_COLUMNS.index(name) for name in ("programs", "imported_at", "updated_at")}
    done: dict[tuple[int, Any], Any] = {}
    values = []
    for row in rows:
        processed = []
        for position, name in enumerate(COPIED_COLUMNS):
            value, process = row[name], processors[position]
            if process is None or value is None:
                processed.append(value)
            elif position in repeated:
                key = (position, tuple(value.items()) if isinstance(value, dict) else value)
                if key not in done:
                    done[key] = process(value)
                processed.append(done[key])
            else:
                processed.append(process(value))
        values.append(tuple(processed))
    return values


@asynccontextmanager
async def bulk_write_cache(session: AsyncSession) -> AsyncIterator[None]:
    """On SQLite, a bigger page cache for the connection while an import writes.

    The NIK and KK indexes take random keys: with SQLite's default 2 MB cache a
    city's import rereads index pages again and again. The usual size comes back
    afterwards. PostgreSQL needs nothing of this.
    """
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    usual = (await connection.exec_driver_sql("PRAGMA cache_size")).scalar()
    await connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # After a failed statement the connection may refuse until rolled back; the
        # larger cache then lasts until the connection is closed, which is harmless.
        with suppress(SQLAlchemyError):
            await connection.exec_driver_sql(f"PRAGMA cache_size = {int(usual or -2000)}")


async def _dialect(session: AsyncSession) -> str:
    return (await session.connection()).dialect.name


async def update_records(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Rewrites changed registry records by id, in one executemany."""
    if not rows:
        return
    statement = (
        update(_records)
        .where(_records.c.id == bindparam("record_id"))
        .values({name: bindparam(name) for name in UPDATED_COLUMNS})
    )
    await session.execute(statement, rows)
