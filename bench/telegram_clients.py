"""The Python one Bot API call costs: SLRT's two Telegram clients against bare HTTP clients.

Sends `sendMessage` one after another to the local Bot API server (in this process, so its
own cost is in every figure alike) through SLRT's python-telegram-bot client (over aiohttp,
bot/telegram/ptb_request.py), its aiogram client, and, as references, bare httpx (what
python-telegram-bot uses by default) and bare aiohttp posting the same JSON. Prints the CPU
time of this process per call and the ratio to bare aiohttp.

    .venv/bin/python bench/telegram_clients.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DATA_KEY", "bench-data-key-0123456789-abcdefghijklmnopq")
# The local Bot API server lives in the test kit, beside the packages, not in them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
import httpx

from bot.telegram.aiogram import AiogramClient
from bot.telegram.client import TelegramClient
from bot.telegram.ptb import PtbClient
from bot.telegram.render import render
from dialogs.events import Reply
from tests.fixtures.local_bot_api import LocalBotApi

TOKEN = "123456:CLIENTS"
CHAT = 5550001
WARM_UP = 100


async def cpu_per_call(call: Callable[[], Awaitable[object]], calls: int) -> float:
    """Milliseconds of this process's CPU per call, after a warm-up."""
    for _ in range(WARM_UP):
        await call()
    started = time.process_time()
    for _ in range(calls):
        await call()
    return (time.process_time() - started) / calls * 1000


async def through_client(client: TelegramClient, calls: int) -> float:
    message = render(Reply("Halo"))[0]
    await client.start()
    try:
        return await cpu_per_call(lambda: client.send_message(CHAT, message), calls)
    finally:
        await client.close()


async def main(calls: int) -> None:
    async with LocalBotApi(TOKEN, limits_enabled=False) as api:
        api.send_text(CHAT, "/start")  # the chat exists for the server
        url = f"{api.url}/bot{TOKEN}/sendMessage"
        body = {"chat_id": CHAT, "text": "Halo"}
        figures: dict[str, float] = {
            "slrt python-telegram-bot": await through_client(PtbClient(TOKEN, api.url), calls),
            "slrt aiogram": await through_client(AiogramClient(TOKEN, api.url), calls),
        }
        async with httpx.AsyncClient() as plain_httpx:

            async def httpx_call() -> object:
                return (await plain_httpx.post(url, json=body)).json()

            figures["bare httpx"] = await cpu_per_call(httpx_call, calls)
        async with aiohttp.ClientSession() as plain_aiohttp:

            async def aiohttp_call() -> object:
                async with plain_aiohttp.post(url, json=body) as response:
                    return await response.json()

            figures["bare aiohttp (reference)"] = await cpu_per_call(aiohttp_call, calls)
    reference = figures["bare aiohttp (reference)"]
    print(f"sendMessage, {calls} calls one after another; CPU of this process (the local")
    print("server's share included, alike in every row):\n")
    print(f"{'client':<28}{'ms a call':>10}{'vs aiohttp':>12}")
    for name, milliseconds in figures.items():
        print(f"{name:<28}{milliseconds:>10.3f}{milliseconds / reference:>11.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    asyncio.run(main(parser.parse_args().calls))
