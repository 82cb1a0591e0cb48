"""R1 of issue 16: a flood of citizens through the webhook of `slrt run --workers 2` on PostgreSQL.

The local Bot API server keeps Telegram's limits (429 with retry_after), answers a
seeded 5% of the calls with 502 and delivers 5% of the updates twice; every citizen
files a whole complaint at once (14 updates, each waiting for its answer). Prints
what happened and whether every citizen ended with exactly one ticket and one receipt.

    .venv/bin/python bench/resilience_flood.py [--citizens 1000] [--seed 16]

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

from common import POSTGRES, drop_database, free_port, fresh_database, postgres_answers

from tests.fixtures.resilience.flood import flood


async def main(citizens: int, seed: int, step_timeout: float) -> int:
    if not await postgres_answers():
        print(f"PostgreSQL at {POSTGRES} did not answer")
        return 1
    print(f"{citizens} citizens at once through 2 workers; limits on, 5% 502s, 5% twice\n")
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database("postgresql", Path(folder))
        try:
            figures = await flood(url, Path(folder), free_port(), citizens, seed=seed,
                                  step_timeout=step_timeout)  # fmt: skip
        finally:
            await drop_database(url)
    print(figures.summary())
    held = (
        not figures.unanswered and figures.duplicate_complaints == 0
        and all(figures.tickets[c.chat_id] == 1 == figures.receipts[c.chat_id]
                for c in figures.citizens)
    )  # fmt: skip
    print(f"\nR1 {'holds' if held else 'DOES NOT HOLD'}")
    return 0 if held else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--step-timeout", type=float, default=900.0,
                        help="seconds a citizen waits for one answer before giving up")  # fmt: skip
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.citizens, arguments.seed, arguments.step_timeout)))
