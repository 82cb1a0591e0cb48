"""How many SQL statements one update costs the engine (issue 18), on both databases.

A chat that has written before is read once, locked, with its identity, and
written once; the regions are read once per process, and the chat's facilitator
only when its identity names one.
The counts include the transaction's BEGIN on SQLite (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.citizens.models import Channel
from backend.citizens.service import identity_of_writer
from backend.db import create_session_factory, unit_of_work
from dialogs.engine import DialogEngine, DialogServices
from tests.fixtures.chat import ChatDriver


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()[:3]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_statements_of_a_known_chats_updates(
    engine: AsyncEngine, services: DialogServices, backend: str
) -> None:
    chat = ChatDriver(DialogEngine(create_session_factory(engine), services))
    await chat.send("/start")  # the conversation row is made here
    begin = 1 if backend == "sqlite" else 0

    with statements(engine) as seen:
        await chat.send("/start")
    # the locked read, the look for the chat's identity that no channel has made yet (the
    # facilitator check, once for the greeting and its menu), the write
    assert len(seen) == begin + 3, seen

    await chat.send("/lapor")
    await chat.press("Setuju")
    await chat.press("diri sendiri")
    with statements(engine) as seen:
        await chat.send("Siti Aminah")
    assert len(seen) == begin + 2, seen  # the locked read and the write

    await chat.send("3271046501900001")
    await chat.press("Lewati")
    await chat.send("081234567890")
    assert "kecamatan" in chat.replies[-1].text
    with statements(engine) as seen:
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

    with statements(engine) as seen:
        await chat.send("/start")
    assert len(seen) == begin + 2, seen  # the locked read (with the identity) and the write
    assert "Selamat datang" in chat.replies[-1].text
