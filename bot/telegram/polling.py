"""Long polling: the offset moves past an update only once it has been processed."""

from __future__ import annotations

import asyncio
import logging

from bot.telegram.channel import TelegramChannel
from bot.telegram.client import RetryAfter, TelegramError

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0


async def poll_updates(
    channel: TelegramChannel, stop: asyncio.Event, *, timeout: int = 25, backoff: float = 0.5
) -> None:
    """Fetches and processes updates until `stop` is set."""
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        try:
            updates = await channel.client.get_updates(offset, timeout)
        except RetryAfter as error:
            await _sleep_or_stop(stop, error.seconds)
            continue
        except TelegramError as error:
            failures += 1
            log.warning("getUpdates failed (%s); trying again", error)
            await _sleep_or_stop(stop, min(backoff * 2**failures, MAX_BACKOFF_SECONDS))
            continue
        if not updates:
            continue
        try:
            await channel.process_batch(updates)
        except Exception:  # the database is down, or a bug: keep the updates for later
            failures += 1
            log.exception("updates not processed; they will be fetched again")
            await _sleep_or_stop(stop, min(backoff * 2**failures, MAX_BACKOFF_SECONDS))
            continue
        failures = 0
        # Only now: the next getUpdates confirms these to Telegram.
        offset = max(update["update_id"] for update in updates) + 1


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
