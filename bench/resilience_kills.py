"""R2 of issue 16: the notifier SIGKILLed mid-batch again and again, with status messages queued.

`slrt notifier` runs as a process of its own beside a standby, on PostgreSQL,
against the local Bot API server with Telegram's limits. Each time some messages
have gone, the active one (the holder of the advisory lock) is SIGKILLed; the
standby takes over and a new standby starts. Prints what was sent, lost (0),
repeated (at most kills x NOTIFIER_CONCURRENCY) and out of order (0).

    .venv/bin/python bench/resilience_kills.py [--chats 300] [--per-chat 3] [--kills 10]

Needs PostgreSQL at TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test);
a database of its own is made and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")
# The local Bot API server and the scenarios live in the test kit, beside the packages.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import POSTGRES, drop_database, fresh_database, postgres_answers

from tests.fixtures.resilience.kills import kill_notifiers


async def main(chats: int, per_chat: int, kills: int, concurrency: int) -> int:
    if not await postgres_answers():
        print(f"PostgreSQL at {POSTGRES} did not answer")
        return 1
    print(f"{chats} chats x {per_chat} status messages; the notifier SIGKILLed {kills} times\n")
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database("postgresql", Path(folder))
        try:
            figures = await kill_notifiers(url, Path(folder), chats, per_chat, kills,
                                           concurrency=concurrency, timeout=900)  # fmt: skip
        finally:
            await drop_database(url)
    print(figures.summary())
    held = (
        figures.kills == kills and figures.lost == 0 and figures.out_of_order == 0
        and figures.repeats <= kills * concurrency and figures.left_in_outbox == 0
    )  # fmt: skip
    print(f"\nR2 {'holds' if held else 'DOES NOT HOLD'}")
    return 0 if held else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--per-chat", type=int, default=3)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=8, help="NOTIFIER_CONCURRENCY")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.chats, arguments.per_chat, arguments.kills,
                              arguments.concurrency)))  # fmt: skip
