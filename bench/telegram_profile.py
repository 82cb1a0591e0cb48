"""Where an update's cost goes: SQL statements, transactions, Bot API calls, Python time.

Runs `slrt bot` as it runs (python-telegram-bot, or aiogram with `--framework aiogram`;
polling, the notifier beside it)
against the local Bot API server for a few citizens, one after another, first
`/start` only, then whole intakes, and prints per update: the SQL statements and
transactions (counted with SQLAlchemy's cursor events, the notifier's included; on
PostgreSQL the statements run at every update, the conversation's locked read and write,
the answer's insert and its write-off, go on asyncpg's own connection, backend/driver.py,
and are not among them, so those figures are not comparable with the README's older
ones), the Bot API calls by method, and the CPU time of this process (the local server
runs in it too).

    .venv/bin/python bench/telegram_profile.py [--citizens 5] [--database postgresql]
        [--top 0] [--framework ptb|aiogram]   # --top N prints the N costliest functions of the cProfile
    PROFILE_SORT=cumtime, PROFILE_CALLERS=<pattern>: the table's order; who calls a function
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import drop_database, fresh_database, postgres_answers
from sqlalchemy import event

from backend import models  # noqa: F401
from backend.config import Settings
from backend.db import service_engine
from backend.sessions import service_sessions
from bot.notifier.bell import OutboxBell
from bot.notifier.runtime import run_notifier
from bot.telegram.runtime import start_bot
from tests.fixtures.citizens import INTAKE
from tests.fixtures.local_bot_api import LocalBotApi

TOKEN = "123456:PROFILE"


class SqlCounter:
    """Statements and transactions on an engine, by the first words of each statement."""

    def __init__(self, engine: Any) -> None:
        self.statements: Counter[str] = Counter()
        self.transactions = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        event.listen(engine.sync_engine, "begin", self._begin)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements[" ".join(statement.split()[:4])[:60]] += 1

    def _begin(self, _conn: Any) -> None:
        self.transactions += 1

    def snapshot(self) -> tuple[Counter[str], int]:
        return Counter(self.statements), self.transactions


async def one_citizen(api: LocalBotApi, chat_id: int, steps: list[tuple[str, str, str]]) -> None:
    for action, argument, expect in steps:
        messages = api.messages(chat_id)
        before = messages[-1].message_id if messages else 0
        if action == "say":
            api.send_text(chat_id, argument)
        else:
            api.press(chat_id, argument)
        await api.wait_for_message(chat_id, expect, timeout=60, after=before)


def intake(n: int) -> list[tuple[str, str, str]]:
    nik = f"327104650190{n % 9999 + 1:04d}"
    return [(a, nik if arg == "NIK" else arg, e) for a, arg, e in INTAKE]


async def measure(backend: str, citizens: int, top: int, framework: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database(backend, Path(folder))
        try:
            async with LocalBotApi(TOKEN, limits_enabled=False) as api:
                settings = Settings(
                    _env_file=None, database_url=url, telegram_bot_token=TOKEN,
                    telegram_api_url=api.url, files_dir=Path(folder) / "files",
                    log_level="WARNING", notifier_rate=1000, notifier_chat_interval=0,
                    bot_framework=framework,
                )  # fmt: skip
                engine = service_engine(settings)  # wired as `slrt bot` wires it
                sessions = service_sessions(engine, settings)
                counter = SqlCounter(engine)
                bell, stop = OutboxBell(), asyncio.Event()
                notifier = asyncio.create_task(
                    run_notifier(settings, engine, sessions, stop, bell=bell)
                )
                running = await start_bot(settings, sessions, poll_timeout=1, bell=bell)
                try:
                    # Warm: the modules a filing imports on first use are loaded here.
                    await one_citizen(api, 600000, intake(9000))
                    for label, steps_of in (
                        ("/start", lambda _n: [("say", "/start", "Selamat datang")] * 3),
                        ("full intake", intake),
                    ):
                        await report(api, counter, label, citizens, steps_of, top)
                finally:
                    await running.shutdown()
                    stop.set()
                    await notifier
                    await engine.dispose()
        finally:
            await drop_database(url)


async def report(
    api: LocalBotApi, counter: SqlCounter, label: str, citizens: int, steps_of: Any, top: int
) -> None:
    statements_before, transactions_before = counter.snapshot()
    calls_before = len(api.calls)
    profile = cProfile.Profile()
    started = time.perf_counter()
    cpu_started = time.process_time()
    if top:  # the profiler doubles the CPU time: on only when its table is asked for
        profile.enable()
    updates = 0
    for n in range(citizens):
        steps = steps_of(n)
        await one_citizen(api, 610000 + n + (1000 if label != "/start" else 0), steps)
        updates += len(steps)
    if top:
        profile.disable()
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - started
    statements, transactions = counter.snapshot()
    statements.subtract(statements_before)
    calls = Counter(call.method for call in api.calls[calls_before:])
    print(
        f"\n{label}: {updates} updates, one citizen at a time, {wall / updates * 1000:.1f} ms each"
    )
    print(f"  CPU per update: {cpu / updates * 1000:.2f} ms (this process: the bot, the "
          "notifier and the local Bot API server)")  # fmt: skip
    total = sum(statements.values())
    print(f"  SQL per update: {total / updates:.2f} statements, "
          f"{(transactions - transactions_before) / updates:.2f} transactions")  # fmt: skip
    for text, count in statements.most_common():
        if count:
            print(f"    {count / updates:6.2f}  {text}")
    print(f"  Bot API calls per update: {sum(calls.values()) / updates:.2f}")
    for method, count in calls.most_common():
        print(f"    {count / updates:6.2f}  {method}")
    if top:
        stats = pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "tottime"))
        print_areas(stats, updates)
        stats.print_stats(top)
        if os.environ.get("PROFILE_CALLERS"):  # who calls the functions matching this pattern
            stats.print_callers(os.environ["PROFILE_CALLERS"])


REPOSITORY = Path(__file__).resolve().parent.parent
# Where a function's own time is counted: the first of these its file's path holds.
AREAS = (
    ("our code: dialogs", f"{REPOSITORY}/dialogs/"),
    ("our code: backend", f"{REPOSITORY}/backend/"),
    ("our code: bot", f"{REPOSITORY}/bot/"),
    ("the local Bot API server", f"{REPOSITORY}/tests/fixtures/"),
    ("SQLAlchemy", "/sqlalchemy/"),
    ("asyncpg", "/asyncpg/"),
    ("aiosqlite, sqlite3", "sqlite"),
    ("python-telegram-bot", "/telegram/"),
    ("aiogram", "/aiogram/"),
    ("pydantic", "/pydantic"),
    ("aiohttp", "/aiohttp/"),
    ("httpx, httpcore, h11", "/http"),
    ("Starlette, FastAPI, uvicorn", "/starlette/"),
    ("Starlette, FastAPI, uvicorn", "/fastapi/"),
    ("Starlette, FastAPI, uvicorn", "/uvicorn/"),
    ("Fluent", "/fluent"),
    ("cryptography", "/cryptography/"),
    ("asyncio and the event loop", "/asyncio/"),
    ("asyncio and the event loop", "select"),
    ("greenlet", "greenlet"),
)


def print_areas(stats: pstats.Stats, updates: int) -> None:
    """The profile's own time per update, by the library or part it was spent in."""
    spent: Counter[str] = Counter()
    for (path, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        where = path if path != "~" else function
        area = next((name for name, part in AREAS if part in where), "the rest (stdlib, others)")
        spent[area] += row[2]
    total = sum(spent.values())
    print(f"  Profiled time per update by where it was spent ({total / updates * 1000:.1f} ms, "
          "the profiler's own cost included):")  # fmt: skip
    for area, seconds in spent.most_common():
        print(f"    {seconds / updates * 1000:6.2f} ms  {area}")
    if os.environ.get("PROFILE_DUMP"):
        stats.dump_stats(os.environ["PROFILE_DUMP"])


async def main(citizens: int, databases: list[str], top: int, framework: str) -> None:
    for backend in databases:
        if backend == "postgresql" and not await postgres_answers():
            print("PostgreSQL did not answer: left out")
            continue
        print(f"=== {backend}, {framework}")
        await measure(backend, citizens, top, framework)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--framework", choices=["ptb", "aiogram"], default="ptb")
    arguments = parser.parse_args()
    chosen = ["sqlite", "postgresql"] if arguments.database == "both" else [arguments.database]
    asyncio.run(main(arguments.citizens, chosen, arguments.top, arguments.framework))
