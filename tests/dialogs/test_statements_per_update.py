"""How many SQL statements one update costs the engine (issue 18), on both databases.

A chat that has written before is read once, locked, with its identity, and
written once; the regions are read once per process, and the chat's facilitator
only when its identity names one.
The counts include the transaction's BEGIN on SQLite (BEGIN IMMEDIATE). On PostgreSQL the
statements run at every update go on the driver (backend/driver.py), past SQLAlchemy: they
are counted from asyncpg's query log, its BEGIN and COMMIT left out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.citizens.models import Channel
from backend.citizens.service import identity_of_writer
from backend.db import create_session_factory, unit_of_work
from dialogs.engine import DialogEngine, DialogServices
from tests.fixtures.chat import ChatDriver


@asynccontextmanager
async def statements(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()[:3]))

    def logged(query: Any) -> None:  # those run on the driver itself, past SQLAlchemy
        if not query.query.startswith(("BEGIN", "COMMIT")):
            record(None, None, query.query)

    listened: list[Any] = []

    def checked_out(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if engine.dialect.name == "postgresql":
            dbapi_connection.driver_connection.add_query_logger(logged)
            listened.append(dbapi_connection.driver_connection)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    event.listen(engine.sync_engine, "checkout", checked_out)
    try:
        yield seen
        await asyncio.sleep(0)  # asyncpg calls its query loggers soon after, not at once
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        event.remove(engine.sync_engine, "checkout", checked_out)
        for connection in listened:
            connection.remove_query_logger(logged)


async def test_statements_of_a_known_chats_updates(
    engine: AsyncEngine, services: DialogServices, backend: str
) -> None:
    chat = ChatDriver(DialogEngine(create_session_factory(engine), services))
    await chat.send("/start")  # the conversation row is made here
    begin = 1 if backend == "sqlite" else 0

    async with statements(engine) as seen:
        await chat.send("/start")
    # the locked read, the look for the chat's identity that no channel has made yet (the
    # facilitator check, once for the greeting and its menu), the write
    assert len(seen) == begin + 3, seen

    await chat.send("/lapor")
    await chat.press("Setuju")
    await chat.press("diri sendiri")
    async with statements(engine) as seen:
        await chat.send("Siti Aminah")
    assert len(seen) == begin + 2, seen  # the locked read and the write

    await chat.send("3271046501900001")
    await chat.press("Lewati")
    await chat.send("081234567890")
    assert "kecamatan" in chat.replies[-1].text
    async with statements(engine) as seen:
        await chat.press("Bogor Barat")  # the regions were read by the question before
    assert len(seen) == begin + 2, seen


async def test_a_chat_with_an_identity_is_read_in_one_statement(
    engine: AsyncEngine, services: DialogServices, backend: str
) -> None:
    # As for every chat a channel has answered: its identity exists, and comes along with
    # the locked read, so the facilitator check reads nothing more.
    sessions = create_session_factory(engine)
    chat = ChatDriver(DialogEngine(sessions, services))
    await chat.send("/start")
    async with unit_of_work(sessions) as session:
        await identity_of_writer(session, Channel.TELEGRAM, chat.chat_id, language="id")
    begin = 1 if backend == "sqlite" else 0

    async with statements(engine) as seen:
        await chat.send("/start")
    assert len(seen) == begin + 2, seen  # the locked read (with the identity) and the write
    assert "Selamat datang" in chat.replies[-1].text
