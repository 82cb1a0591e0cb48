"""How close the notifier comes to Telegram's limits without being refused.

Queues 3,000 status messages for 3,000 different chats, then 60 messages for a
single chat, and lets the notifier (with python-telegram-bot) drain each batch
against the local Bot API server with Telegram's limits switched on (30 a
second overall, one a second per chat). Prints the achieved rate as a fraction
of the limit it runs into, the number of 429 answers, and the time to drain.

    .venv/bin/python bench/notifier_rate.py [--chats 3000] [--single 60] [--backend sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")
# The local Bot API server lives in the test kit, beside the packages, not in them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import drop_database, fresh_database, postgres_answers
from sqlalchemy import insert, select, text

from backend.citizens.models import Channel, ChannelIdentity
from backend.config import Settings
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.notifications.models import OutboxMessage, Recipient
from bot.notifier.notifier import Notifier
from bot.notifier.runtime import notifier_config, telegram_deliverer
from bot.telegram.runtime import create_client
from tests.fixtures.local_bot_api import LocalBotApi

TOKEN = "123456:BENCH"
OVERALL_LIMIT = 30.0
PER_CHAT_LIMIT = 1.0


async def queue(sessions, api: LocalBotApi, chat_ids: list[int], per_chat: int) -> None:  # type: ignore[no-untyped-def]
    """Chats known to the local server, each with `per_chat` staff messages queued."""
    for chat_id in chat_ids:
        api.world.user(chat_id, first_name="Warga")
    async with unit_of_work(sessions) as session:
        await session.execute(
            insert(ChannelIdentity),
            [
                {"channel": Channel.TELEGRAM, "chat_id": str(chat_id), "language": "id"}
                for chat_id in chat_ids
            ],
        )
        rows = (
            await session.execute(
                select(ChannelIdentity.id).where(
                    ChannelIdentity.chat_id.in_([str(c) for c in chat_ids])
                )
            )
        ).scalars()
        identity_ids = list(rows)
        await session.execute(
            insert(OutboxMessage),
            [
                {
                    "identity_id": identity_id, "recipient": Recipient.CITIZEN, "template": "complaint.message",
                    "params": {"ticket": "261128-001X", "text": f"Kabar nomor {n} dari Dinas Sosial."},
                    "language": "id",
                }
                for n in range(per_chat)
                for identity_id in identity_ids
            ],
        )  # fmt: skip
    if sessions.kw["bind"].dialect.name == "postgresql":
        # A live database has statistics on its chats (autovacuum keeps them); a bulk-filled
        # one has none, and PostgreSQL would plan the claim's join for two chats, not 3,000.
        async with sessions() as session:
            await session.execute(text("ANALYZE channel_identities"))
            await session.commit()


async def drain(notifier: Notifier, api: LocalBotApi, expected: int) -> tuple[float, int]:
    """Seconds until `expected` more messages arrived, and the 429 answers meanwhile."""
    sent_before = len(api.calls_of("sendMessage"))
    refused_before = api.rate_limited_count
    started = time.perf_counter()
    await notifier.drain()
    elapsed = time.perf_counter() - started
    sent = len(api.calls_of("sendMessage")) - sent_before
    assert sent >= expected, f"only {sent} of {expected} messages went out"
    return elapsed, api.rate_limited_count - refused_before


async def run(backend: str, chats: int, single: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database(backend, Path(folder))
        engine = create_engine(url)
        sessions = create_session_factory(engine)
        try:
            async with LocalBotApi(token=TOKEN, limits_enabled=True) as api:
                settings = Settings(
                    _env_file=None,
                    database_url=url,
                    telegram_bot_token=TOKEN,
                    telegram_api_url=api.url,
                )
                client = create_client(settings)
                await client.start()
                notifier = Notifier(
                    sessions,
                    {Channel.TELEGRAM: telegram_deliverer(settings, client)},
                    notifier_config(settings),
                )
                try:
                    await queue(sessions, api, list(range(800_000, 800_000 + chats)), 1)
                    elapsed, refused = await drain(notifier, api, chats)
                    rate = chats / elapsed
                    print(
                        f"{backend:10} {chats:5} chats × 1    {elapsed:7.1f} s  {rate:5.2f} msg/s  "
                        f"{rate / OVERALL_LIMIT:6.1%} of 30/s overall   429s: {refused}"
                    )
                    await queue(sessions, api, [900_001], single)
                    elapsed, refused = await drain(notifier, api, single)
                    # n messages to one chat need n-1 one-second gaps at the limit.
                    rate = (single - 1) / elapsed
                    print(
                        f"{backend:10}     1 chat  × {single:<4} {elapsed:7.1f} s  {rate:5.2f} msg/s  "
                        f"{rate / PER_CHAT_LIMIT:6.1%} of 1/s per chat    429s: {refused}"
                    )
                finally:
                    await client.close()
        finally:
            await engine.dispose()
            await drop_database(url)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=3000)
    parser.add_argument("--single", type=int, default=60)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and not await postgres_answers():
        print("PostgreSQL did not answer: its rows are left out")
        backends.remove("postgresql")
    print(
        f"{'database':10} {'batch':18} {'drain':>9}  {'rate':>11}  {'share of the limit':28} 429s"
    )
    for backend in backends:
        await run(backend, args.chats, args.single)


if __name__ == "__main__":
    asyncio.run(main())
