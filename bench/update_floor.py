"""How much of an answered update's cost is its database work, through SQLAlchemy's session
and on asyncpg's own connection.

Issue 18 asks SLRT for 0.8x the round trips of a bare echo bot at 50 people. This
measures, in one run on PostgreSQL, 50 chats at once, CPU time of this process per update:

1. the round trip of `/start` by polling, for the echo bot and for SLRT, as a row of
   bench/telegram_intake.py measures it (the local Bot API server and the simulated
   people run in this process too, for both);
2. SLRT's database work for one answered update, alone, with SLRT's own functions: the
   update's transaction (the conversation read under its lock and written back, the
   answer written claimed for the sender) and the answer's write-off (its row deleted
   once sent), two ways:
   - both through SQLAlchemy's session (`backend.db.unit_of_work`), as before they moved;
   - as SLRT runs them now, on asyncpg's own connection (backend/driver.py:
     `update_unit_of_work`, `on_driver_once_more_if_cut`).

Each write-off here has a transaction of its own (the notifier groups those that finish
together, so its real share is a little lower), both ways alike. Last, what SLRT's round
trip would cost with no database work at all.

    .venv/bin/python bench/update_floor.py [--chats 50] [--updates 40] [--rounds 6]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import resource
import tempfile
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import telegram_intake as intake_bench
from common import drop_database, fresh_database, postgres_answers
from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel
from backend.citizens.service import identity_of_writer
from backend.clock import utcnow
from backend.config import Settings
from backend.db import service_engine, unit_of_work, write_once_more_if_cut
from backend.driver import on_driver_once_more_if_cut, update_unit_of_work
from backend.event_loop import run_service
from backend.notifications.outcomes import forget_sent_answers, forget_sent_answers_on_driver
from backend.notifications.repository import write_answer_claimed
from backend.sessions import service_sessions
from dialogs.engine import DialogEngine, dialog_services
from dialogs.events import Event
from dialogs.store import lock_conversation, remember_event, save_conversation
from tests.fixtures.local_bot_api import LocalBotApi


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def cpu_per_update(
    chats: list[str], updates: int, one: Callable[[str, int], Awaitable[None]]
) -> float:
    """CPU microseconds per update, each chat `updates` times one after another, side by side."""

    async def chat_loop(chat: str) -> None:
        for n in range(updates):
            await one(chat, n)

    started = cpu_seconds()
    await asyncio.gather(*(chat_loop(chat) for chat in chats))
    return (cpu_seconds() - started) / (len(chats) * updates) * 1e6


class SlrtDatabaseWork:
    """SLRT's database work of one answered update, with its own functions."""

    def __init__(self, settings: Settings) -> None:
        self.engine = service_engine(settings)  # the pool as `slrt bot` has it
        self.sessions = service_sessions(self.engine, settings)
        self.dialogs = DialogEngine(self.sessions, dialog_services(settings))
        self.records: list[dict[str, Any]] = []

    async def open_chat(self, chat: str) -> None:
        """The chat's first `/start`: its rows made, the answer's words kept for the rest."""
        replies = await self.dialogs.handle(Event.from_text("telegram", chat, "/start", "first"))
        self.records = [reply.as_record() for reply in replies]
        await self.write_off(await self.transaction(chat, -1, update_unit_of_work))

    async def transaction(
        self, chat: str, n: int, unit: Callable[[Any], AbstractAsyncContextManager[AsyncSession]]
    ) -> int:
        """The update's transaction in `unit`; answers the id of the answer written."""
        async with unit(self.sessions) as session:
            conversation = await lock_conversation(session, "telegram", chat, "id")
            conversation.updated_at = utcnow()
            remember_event(conversation, f"update-{n}")
            await save_conversation(session, conversation)
            identity = await identity_of_writer(session, Channel.TELEGRAM, chat, language="id")
            claimed = await write_answer_claimed(session, identity, self.records, utcnow())
        assert claimed is not None, "the chat's earlier answer was not written off"
        return claimed.id

    async def write_off(self, answer_id: int) -> None:
        """The answer's row deleted as SLRT's notifier deletes it (a transaction of its own)."""
        write_off = functools.partial(
            forget_sent_answers_on_driver, sent=[answer_id], tried_before=()
        )
        await on_driver_once_more_if_cut(self.engine, write_off)

    async def write_off_through_session(self, answer_id: int) -> None:
        """The same through SQLAlchemy's session."""
        write_off = functools.partial(forget_sent_answers, sent=[answer_id], tried_before=())
        await write_once_more_if_cut(self.sessions, write_off)

    async def through_session(self, chat: str, n: int) -> None:
        await self.write_off_through_session(await self.transaction(chat, n, unit_of_work))

    async def as_slrt_does(self, chat: str, n: int) -> None:
        await self.write_off(await self.transaction(chat, n, update_unit_of_work))


async def round_trip_cpu(
    api: LocalBotApi, folder: Path, users: int, rounds: int
) -> tuple[float, float]:
    """CPU microseconds per `/start` round trip by polling: the echo bot's, then SLRT's."""
    slrt_steps, echo_steps = intake_bench.SCENARIOS["/start"]
    runs = itertools.count(1)
    echo = await intake_bench.bench_echo(api, "polling", users, echo_steps, runs, rounds)
    service = await intake_bench.SlrtService.open(api, "postgresql", "polling", folder)
    try:
        slrt = await intake_bench.measure(api, users, slrt_steps, runs, rounds)
    finally:
        await service.close(api)
    return echo.cpu / len(echo.latencies) * 1e6, slrt.cpu / len(slrt.latencies) * 1e6


async def main(chats: int, updates: int, rounds: int) -> None:
    if not await postgres_answers():
        print("PostgreSQL did not answer: nothing measured")
        return
    with tempfile.TemporaryDirectory() as folder:
        async with LocalBotApi(intake_bench.TOKEN, limits_enabled=False) as api:
            echo, slrt = await round_trip_cpu(api, Path(folder), chats, rounds)
        url = await fresh_database("postgresql", Path(folder))
        settings = Settings(_env_file=None, database_url=url, log_level="WARNING")
        work = SlrtDatabaseWork(settings)
        try:
            names = [str(800000 + n) for n in range(chats)]
            for name in names:
                await work.open_chat(name)
            ways = {"session": work.through_session, "slrt": work.as_slrt_does}
            # Warm each way (caches, prepared statements), then measure each twice, in turn.
            for way in ways.values():
                await cpu_per_update(names, 3, way)
            runs: dict[str, list[float]] = {name: [] for name in ways}
            for _ in range(2):
                for name, way in ways.items():
                    runs[name].append(await cpu_per_update(names, updates, way))
        finally:
            await work.engine.dispose()
            await drop_database(url)
    best = {name: min(figures) for name, figures in runs.items()}
    report(chats, echo, slrt, best)


def report(chats: int, echo: float, slrt: float, best: dict[str, float]) -> None:
    def line(label: str, value: float, note: str = "") -> None:
        print(f"  {label:<62}{value:>7,.0f}{note}")

    print(f"`/start` by polling on PostgreSQL, {chats} chats at once; CPU of this process per "
          "update, in microseconds\n")  # fmt: skip
    print("The round trip (the local Bot API server and the people included, for both):")
    line("echo bot", echo)
    line("SLRT", slrt, f"   {echo / slrt:.2f}x the echo bot")
    line("SLRT at 0.8x the echo bot would take at most", echo / 0.8)
    print("SLRT's database work for one answered update, alone (the better of two runs):")
    line("through SQLAlchemy's session", best["session"])
    line("as SLRT runs it, on asyncpg's own connection", best["slrt"],
         f"   {best['session'] / best['slrt']:.1f}x less")  # fmt: skip
    without = slrt - best["slrt"]
    line("SLRT's round trip with no database work at all", without, f"   {echo / without:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--updates", type=int, default=40, help="measured updates a chat")
    parser.add_argument("--rounds", type=int, default=6, help="measured rounds of the round trips")
    arguments = parser.parse_args()
    run_service(main(arguments.chats, arguments.updates, arguments.rounds))
