"""CPU per event of the dialog engine alone: no channel, no Bot API, no notifier.

The closed loop of `telegram_intake.py` shares one core between the bot, the local Bot
API server and the simulated people, and swings by a tenth or more from run to run;
a change to the engine's own cost (the locked read, the conversation's write, the
dialogs) is measured here instead. Ten chats side by side, each event in its own
transaction as the channels run it (`DialogEngine.handle`), on the service's engine
and sessions: `/start` again and again (14 times a chat, a new chat's first included),
and whole intakes (their texts and presses, the filing at the end included). Each figure is the best and the median of
`--repeats` measured runs, after a warm-up.

    .venv/bin/python bench/dialog_engine.py [--database both|postgresql|sqlite]
        [--events 600] [--repeats 5]

Needs PostgreSQL at TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test)
for the PostgreSQL rows; they are left out with a note when it does not answer.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")
# The chat driver and the intake's steps live in the test kit, beside the packages.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import POSTGRES, drop_database, fresh_database, postgres_answers

from backend import models  # noqa: F401
from backend.config import Settings
from backend.db import service_engine
from backend.sessions import service_sessions
from dialogs.engine import DialogEngine, dialog_services
from tests.fixtures.chat import ChatDriver
from tests.fixtures.citizens import INTAKE

CHATS = 10
Scenario = Callable[[ChatDriver, int], Awaitable[int]]


async def start_again(chat: ChatDriver, _n: int) -> int:
    """`/start` as many times as an intake has steps, as the closed loop's people do."""
    for _ in INTAKE:
        await chat.send("/start")
    return len(INTAKE)


async def whole_intake(chat: ChatDriver, n: int) -> int:
    """One intake, the same steps as the closed loop's; a new NIK each time."""
    nik = f"327104650190{n % 9999 + 1:04d}"
    for action, argument, _expect in INTAKE:
        if action == "say":
            await chat.send(nik if argument == "NIK" else argument)
        else:
            await chat.press(argument)
    return len(INTAKE)


async def cpu_per_event(
    dialogs: DialogEngine, scenario: Scenario, events: int, repeats: int, chats: itertools.count
) -> list[float]:
    """Milliseconds of this process's CPU per event, one figure per measured run."""

    async def run(count: int) -> tuple[float, int]:
        done, started = 0, time.process_time()
        while done < count:
            # Ten chats side by side, as a channel runs them.
            drivers = [ChatDriver(dialogs, chat_id=str(next(chats))) for _ in range(CHATS)]
            # The chat's number numbers its NIK too: a new person in every intake of every run.
            handled = await asyncio.gather(*(scenario(d, int(d.chat_id)) for d in drivers))
            done += sum(handled)
        return time.process_time() - started, done

    await run(events // 4)  # warm: connections opened, statements cached
    figures = []
    for _ in range(repeats):
        cpu, done = await run(events)
        figures.append(cpu / done * 1000)
    return figures


async def main(databases: list[str], events: int, repeats: int) -> None:
    backends = [name for name in databases if name == "sqlite" or await postgres_answers()]
    if "postgresql" in databases and "postgresql" not in backends:
        print(f"PostgreSQL at {POSTGRES} did not answer: PostgreSQL rows left out")
    print(f"the dialog engine alone, {CHATS} chats side by side, about {events} events a run, "
          f"best and median of {repeats} runs\n")  # fmt: skip
    print(f"{'database':<12}{'events':<10}{'best ms':>9}{'median ms':>11}")
    chats = itertools.count(800000)
    for backend in backends:
        with tempfile.TemporaryDirectory() as folder:
            url = await fresh_database(backend, Path(folder))
            settings = Settings(_env_file=None, database_url=url)
            engine = service_engine(settings)  # as `slrt bot` and `slrt run` have it
            try:
                dialogs = DialogEngine(
                    service_sessions(engine, settings), dialog_services(settings)
                )
                for label, scenario in (("/start", start_again), ("intake", whole_intake)):
                    figures = await cpu_per_event(dialogs, scenario, events, repeats, chats)
                    print(f"{backend:<12}{label:<10}{min(figures):>9.3f}"
                          f"{statistics.median(figures):>11.3f}")  # fmt: skip
            finally:
                await engine.dispose()
                await drop_database(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--events", type=int, default=600, choices=range(20, 100_001),
                        metavar="20-100000")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=5, choices=range(1, 101), metavar="1-100")
    arguments = parser.parse_args()
    chosen = ["sqlite", "postgresql"] if arguments.database == "both" else [arguments.database]
    asyncio.run(main(chosen, arguments.events, arguments.repeats))
