"""Throughput and latency of the Telegram channel, against a bare python-telegram-bot echo bot.

Simulated people in a closed loop (send, wait for the answer, send again) go
through the local Bot API server (limits off, and SLRT's own pacer set as high),
by polling and by webhook, on SQLite and on PostgreSQL: `/start` again and again,
and whole intakes, 10 and 50 people at once. The same updates go to an echo bot
built on python-telegram-bot alone, on the same server in the same run: the ratio
(throughput, and p50 latency as a multiple) shows what the engine, the database
and the dialogs cost per update. Last, the resident memory of this
process after 10,000 conversations were opened.

Each row is measured warm, the same way for both bots, the echo bot's and SLRT's right
after each other (the machine's speed drifts over minutes): one unmeasured round of as
many new people first (it opens the database connections and fills the caches a
running bot keeps), then `--rounds` measured rounds, each with new people. The cpu
column is this process's CPU time over the wall time: at 1.00 the row is bound by
this one core (the bot, the local server and the simulated people share it). Each bot's
heap is settled once it is wired (backend/heap.py), as the `slrt` commands settle theirs,
and the process runs on their loop (uvloop where installed, backend/event_loop.py).

    .venv/bin/python bench/telegram_intake.py [--users 10 50] [--conversations 10000]
        [--database both|postgresql|sqlite] [--rounds 2]

Needs PostgreSQL at TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test)
for the PostgreSQL rows; they are left out with a note when it does not answer.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")
# The local Bot API server lives in the test kit, beside the packages, not in them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn
from common import POSTGRES, drop_database, free_port, fresh_database, postgres_answers
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application, MessageHandler, filters

from backend import models  # noqa: F401
from backend.app import create_app
from backend.config import Settings
from backend.db import create_engine, create_session_factory, service_engine
from backend.event_loop import run_service
from backend.heap import settle_heap
from backend.sessions import service_sessions
from bot.notifier.bell import OutboxBell
from bot.notifier.runtime import run_notifier
from bot.telegram.runtime import start_bot
from dialogs.engine import DialogEngine, dialog_services
from dialogs.events import Event
from tests.fixtures.citizens import INTAKE
from tests.fixtures.local_bot_api import LocalBotApi

TOKEN = "123456:BENCH"
SECRET = "bench-webhook-secret"
NOTIFIER_LANES = 100  # NOTIFIER_CONCURRENCY's most: one lane a person, up to 100 people
Steps = Callable[[int, int], list[tuple[str, str, str]]]
Figures = tuple[float, float, float, float]  # round trips a second, p50 ms, p99 ms, CPU share


async def drive(
    api: LocalBotApi, user_id: int, steps: list[tuple[str, str, str]], latencies: list[float]
) -> None:
    """One person: each step waits for the bot's answer and records how long it took."""
    for action, argument, expect in steps:
        messages = api.messages(user_id)
        before = messages[-1].message_id if messages else 0
        started = time.perf_counter()
        if action == "say":
            api.send_text(user_id, argument)
        else:
            api.press(user_id, argument)
        await api.wait_for_message(user_id, expect, timeout=120, after=before)
        latencies.append(time.perf_counter() - started)


async def run_citizens(
    api: LocalBotApi, citizens: int, steps_of: Steps, run: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(
        drive(api, 700000 + run * 1000 + n, steps_of(n, run), latencies) for n in range(citizens)
    ))  # fmt: skip
    return time.perf_counter() - started, latencies


@dataclass
class Measured:
    """The measured rounds of one row: wall time, CPU time of this process, latencies."""

    elapsed: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)


async def measure(
    api: LocalBotApi, citizens: int, steps_of: Steps, runs: Iterator[int], rounds: int
) -> Measured:
    """One unmeasured round to warm the bot up, then `rounds` measured ones; new people each."""
    await run_citizens(api, citizens, steps_of, next(runs))
    measured = Measured()
    for _ in range(rounds):
        cpu = time.process_time()
        elapsed, latencies = await run_citizens(api, citizens, steps_of, next(runs))
        measured.cpu += time.process_time() - cpu
        measured.elapsed += elapsed
        measured.latencies += latencies
    return measured


def intake_steps(n: int, run: int) -> list[tuple[str, str, str]]:
    # Each citizen their own (valid) NIK, new in every run on the same database.
    nik = f"327104650190{(run * 100 + n) % 9999 + 1:04d}"
    return [(a, nik if arg == "NIK" else arg, e) for a, arg, e in INTAKE]


def echo_steps(n: int, run: int) -> list[tuple[str, str, str]]:
    return [("say", f"pesan {run}-{n}-{i}", f"pesan {run}-{n}-{i}") for i in range(len(INTAKE))]


async def serve(app: object, port: int) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    return server, task


class SlrtService:
    """SLRT on one database as `slrt bot` (polling, notifier beside it) or `slrt run` (webhook)."""

    def __init__(self, url: str, stop: Callable[[], Awaitable[None]]) -> None:
        self.url = url
        self._stop = stop

    @classmethod
    async def open(cls, api: LocalBotApi, backend: str, mode: str, folder: Path) -> SlrtService:
        url = await fresh_database(backend, folder)
        port = free_port()
        # The notifier follows the server: limits off here as there (the echo bot has none),
        # and as many sends side by side as there are people (a burst of answers under eight
        # lanes sent nearly half the queue's way: a NOTIFY and a claim each). The pool as
        # it ships (DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW), in both modes.
        settings = Settings(
            _env_file=None, database_url=url, telegram_bot_token=TOKEN, telegram_api_url=api.url,
            telegram_mode=mode, telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/webhook",
            telegram_webhook_secret=SECRET, files_dir=folder / "files", port=port,
            log_level="WARNING", notifier_rate=1000, notifier_chat_interval=0,
            notifier_concurrency=NOTIFIER_LANES,
        )  # fmt: skip
        if mode == "polling":
            # Wired as `slrt bot` wires it (backend/cli.py).
            engine = service_engine(settings)
            sessions = service_sessions(engine, settings)
            bell = OutboxBell()
            stopped = asyncio.Event()
            notifier = asyncio.create_task(
                run_notifier(settings, engine, sessions, stopped, bell=bell)
            )
            running = await start_bot(settings, sessions, poll_timeout=1, bell=bell)
            settle_heap()

            async def stop_polling() -> None:
                await running.shutdown()
                stopped.set()
                await notifier
                await engine.dispose()

            return cls(url, stop_polling)
        served = create_app(settings)
        settle_heap()  # as `slrt run` does before it serves
        server, task = await serve(served, port)
        while api.webhook is None:
            await asyncio.sleep(0.02)

        async def stop_webhook() -> None:
            server.should_exit = True
            await task
            await api_delete_webhook(api)

        return cls(url, stop_webhook)

    async def close(self, _api: LocalBotApi) -> None:
        try:
            await self._stop()
        finally:
            await drop_database(self.url)
            gc.unfreeze()  # the row's service is gone: what its settling froze may be freed


async def api_delete_webhook(api: LocalBotApi) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        await client.post(f"{api.url}/bot{api.token}/deleteWebhook")


async def bench_echo(
    api: LocalBotApi, mode: str, citizens: int, steps_of: Steps, runs: Iterator[int], rounds: int
) -> Measured:
    """The same updates to python-telegram-bot with a one-line echo handler."""
    application = (
        Application.builder().token(TOKEN).base_url(f"{api.url}/bot")
        .base_file_url(f"{api.url}/file/bot").concurrent_updates(True).build()
    )  # fmt: skip

    async def echo(update: Update, context: object) -> None:
        # A keep-alive connection the server closed while idle fails once (httpx ReadError):
        # sent again, as SLRT's notifier would, so the reference loses no answer.
        for attempt in range(3):
            try:
                await update.message.reply_text(update.message.text)  # type: ignore[union-attr]
                return
            except NetworkError:
                if attempt == 2:
                    raise

    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    await application.start()
    settle_heap()  # the heap settled as SLRT's is: the same collector's work for both bots
    try:
        if mode == "polling":
            await application.updater.start_polling(poll_interval=0, timeout=1)  # type: ignore[union-attr]
            try:
                return await measure(api, citizens, steps_of, runs, rounds)
            finally:
                await application.updater.stop()  # type: ignore[union-attr]
        port = free_port()

        async def webhook(request: Request) -> Response:
            await application.process_update(Update.de_json(await request.json(), application.bot))
            return Response("ok")

        server, task = await serve(
            Starlette(routes=[Route("/hook", webhook, methods=["POST"])]), port
        )
        await application.bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token=SECRET)
        try:
            return await measure(api, citizens, steps_of, runs, rounds)
        finally:
            await application.bot.delete_webhook()
            server.should_exit = True
            await task
    finally:
        await application.stop()
        await application.shutdown()
        gc.unfreeze()  # as SLRT's service at its close


def figures(measured: Measured) -> Figures:
    """Round trips a second, p50 and p99 in ms, and the CPU share of this process."""
    ordered = sorted(measured.latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(ordered) / measured.elapsed
    return rate, statistics.median(ordered) * 1000, p99 * 1000, measured.cpu / measured.elapsed


async def memory_with_open_conversations(count: int, folder: Path) -> tuple[float, float]:
    """RSS (MiB) before and after `count` chats each opened an intake (state lives in the database)."""
    url = await fresh_database("sqlite", folder)
    engine = create_engine(url)
    dialogs = DialogEngine(
        create_session_factory(engine), dialog_services(Settings(_env_file=None, database_url=url))
    )
    before = _rss_mib()
    for start in range(0, count, 200):
        await asyncio.gather(*(
            dialogs.handle(Event.from_text("telegram", str(900000 + n), "/lapor", f"m{n}"))
            for n in range(start, min(start + 200, count))
        ))  # fmt: skip
    after = _rss_mib()
    await engine.dispose()
    return before, after


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# What each simulated person does, for SLRT and for the echo bot: `/start` again and again,
# or one whole intake; both have len(INTAKE) round trips a person.
def start_steps(_n: int, _run: int) -> list[tuple[str, str, str]]:
    return [("say", "/start", "Selamat datang")] * len(INTAKE)


def echo_start_steps(_n: int, _run: int) -> list[tuple[str, str, str]]:
    return [("say", "/start", "/start")] * len(INTAKE)


SCENARIOS = {"/start": (start_steps, echo_start_steps), "intake": (intake_steps, echo_steps)}


def print_row(lead: str, bot: str, row: Figures, echo: Figures) -> None:
    """One bot's figures, and its throughput and p50 against the echo bot's."""
    rate, p50, p99, cpu = row
    print(f"{lead}{bot:<12}{rate:>9.1f}{p50:>9.1f}{p99:>9.1f}{cpu:>6.2f}"
          f"{rate / echo[0]:>9.2f}{p50 / echo[1]:>7.1f}", flush=True)  # fmt: skip


async def main(users: list[int], conversations: int, databases: list[str], rounds: int) -> None:
    backends = [name for name in databases if name == "sqlite" or await postgres_answers()]
    if "postgresql" in databases and "postgresql" not in backends:
        print(f"PostgreSQL at {POSTGRES} did not answer: PostgreSQL rows left out")
    print(f"closed loop: each user sends, waits for the answer, sends again; {len(INTAKE)} round "
          "trips a user; the echo bot gets the same updates (its answer echoes the text); "
          f"each row after a warm-up round, over {rounds} measured rounds\n")  # fmt: skip
    header = f"{'mode':<9}{'what':<8}{'users':>6}  {'bot':<12}"
    print(f"{header}{'trips/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'cpu':>6}{'vs echo':>9}{'p50 x':>7}")
    runs = itertools.count(1)  # every round has people of its own
    with tempfile.TemporaryDirectory() as folder:
        async with LocalBotApi(TOKEN, limits_enabled=False) as api:
            for mode in ("polling", "webhook"):
                for scenario, (slrt_steps_of, echo_steps_of) in SCENARIOS.items():
                    for count in users:
                        # One bot at a time on the token, each row's bots one right after the
                        # other: the machine's speed drifts over minutes, and the ratio
                        # compares rows measured close together.
                        echo = figures(
                            await bench_echo(api, mode, count, echo_steps_of, runs, rounds)
                        )
                        lead = f"{mode:<9}{scenario:<8}{count:>6}  "
                        print_row(lead, "ptb echo", echo, echo)
                        for backend in backends:
                            service = await SlrtService.open(api, backend, mode, Path(folder))
                            try:
                                slrt = figures(
                                    await measure(api, count, slrt_steps_of, runs, rounds)
                                )
                            finally:
                                await service.close(api)
                            print_row(lead, "slrt " + backend[:6], slrt, echo)
        before, after = await memory_with_open_conversations(conversations, Path(folder))
        print(
            f"\nresident memory: {before:.0f} MiB before, {after:.0f} MiB with {conversations} conversations open"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--rounds", type=int, default=2, choices=range(1, 101), metavar="1-100",
        help="measured rounds a row, after its warm-up",
    )  # fmt: skip
    arguments = parser.parse_args()
    chosen = ["sqlite", "postgresql"] if arguments.database == "both" else [arguments.database]
    # On the loop the slrt commands run on (uvloop where installed), for both bots alike.
    run_service(main(arguments.users, arguments.conversations, chosen, arguments.rounds))
