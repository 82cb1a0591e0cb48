"""R3 of issue 16: PostgreSQL away for 10 seconds, as a hang and as reset connections.

`slrt run --workers 2` reaches PostgreSQL through a TCP proxy that stalls every byte
(hang) or drops every connection and refuses new ones (cut), while citizens file by
webhook (the local Bot API server, Telegram's limits on) and a staff member fires an
event on one complaint after another through the REST API, trying again after each
503. Prints, for each kind, the updates answered 200 and their effects found, what
was lost (0), the 503s seen, and the time from the database's return to /healthz 200.

    .venv/bin/python bench/resilience_outage.py [--seconds 10] [--citizens 50] [--actions 20]

Needs PostgreSQL at TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test);
a database of its own is made and dropped for each kind.
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
from sqlalchemy.engine import make_url

from tests.fixtures.resilience.outage import database_outage
from tests.fixtures.tcp_proxy import TcpProxy


async def one_outage(kind: str, seconds: float, citizens: int, actions: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database("postgresql", Path(folder))
        parsed = make_url(url)
        proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
        await proxy.start()
        proxied = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
        try:
            figures = await database_outage(
                url, proxy, proxied, Path(folder), free_port(), kind=kind, seconds=seconds,
                citizens=citizens, actions=actions, step_timeout=300,
            )  # fmt: skip
        finally:
            await proxy.stop()
            await drop_database(url)
    print(figures.summary(), end="\n\n")
    return (
        not figures.lost_updates and not figures.lost_actions
        and figures.tickets == citizens and figures.health_503_during > 0
        and figures.health_after == 200 and figures.workers_before == figures.workers_after
    )  # fmt: skip


async def main(seconds: float, citizens: int, actions: int) -> int:
    if not await postgres_answers():
        print(f"PostgreSQL at {POSTGRES} did not answer")
        return 1
    print(f"PostgreSQL away {seconds:.0f} s while {citizens} citizens file and staff act\n")
    held = [await one_outage(kind, seconds, citizens, actions) for kind in ("hang", "cut")]
    print(f"R3 {'holds' if all(held) else 'DOES NOT HOLD'}")
    return 0 if all(held) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--actions", type=int, default=20)
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.seconds, arguments.citizens, arguments.actions)))
