"""Long polling: the offset moves past an update only once it has been processed.

The loop ends only when `stop` is set: a refused token, a second instance, a library
error or a bug is logged and waited out with a growing pause. On stop, a long poll
is abandoned at once, while updates being processed are finished (see RunningBot).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bot.telegram.channel import TelegramChannel
from bot.telegram.client import Conflict, RetryAfter, TelegramError, Unauthorized

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
# The last offset is confirmed to Telegram on the way out, so a restart does not fetch
# what was processed; a Telegram that does not answer quickly is not waited for.
CONFIRM_TIMEOUT_SECONDS = 5.0


async def poll_updates(
    channel: TelegramChannel, stop: asyncio.Event, *, timeout: int = 25, backoff: float = 0.5
) -> None:
    """Fetches and processes updates until `stop` is set."""
    offset: int | None = None
    confirmed: int | None = None
    given_up: set[int] = set()  # failed too often: counted as processed from now on
    fetch_failures = processing_failures = 0

    def pause(failures: int) -> float:
        return min(backoff * 2**failures, MAX_BACKOFF_SECONDS)

    while not stop.is_set():
        try:
            updates = await _fetch_unless_stopped(channel, stop, offset, timeout)
        except RetryAfter as error:
            await _sleep_or_stop(stop, error.seconds)
            continue
        except Exception as error:  # noqa: BLE001  (whatever it is, polling goes on)
            fetch_failures += 1
            delay = pause(fetch_failures)
            _log_fetch_failure(error, delay)
            await _sleep_or_stop(stop, delay)
            continue
        fetch_failures = 0
        confirmed = offset
        if not updates:
            continue
        todo = [update for update in updates if update.get("update_id") not in given_up]
        try:
            failures = await channel.process_batch(todo)
            for update, failure in failures:
                if await channel.note_failure(update, failure):
                    given_up.add(update["update_id"])
            failed = [update for update, _ in failures]
        except Exception:
            log.exception("updates not processed; they will be fetched again")
            failed = todo
        if any(update["update_id"] not in given_up for update in failed):
            processing_failures += 1
            await _sleep_or_stop(stop, pause(processing_failures))
            continue
        processing_failures = 0
        if failed:
            continue  # only given-up updates failed: the rest of their chats goes next round
        # Only now: the next getUpdates confirms these to Telegram.
        offset = max(update["update_id"] for update in updates) + 1
        given_up = {update_id for update_id in given_up if update_id >= offset}
    if offset is not None and offset != confirmed:
        await _confirm(channel, offset)


async def _fetch_unless_stopped(
    channel: TelegramChannel, stop: asyncio.Event, offset: int | None, timeout: int
) -> list[dict[str, Any]]:
    # A long poll holds for up to `timeout` seconds; stopping must not wait for it.
    fetch = asyncio.ensure_future(channel.client.get_updates(offset, timeout))
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not fetch.done():
            fetch.cancel()
            # Unconfirmed, whatever it fetched comes again after the restart.
            await asyncio.gather(fetch, return_exceptions=True)
    if fetch.cancelled():
        return []
    return fetch.result()


def _log_fetch_failure(error: Exception, delay: float) -> None:
    if isinstance(error, Unauthorized):
        log.error("Telegram refused the bot token (%s); trying again in %.1f s", error, delay)
    elif isinstance(error, Conflict):
        log.error(
            "getUpdates conflicts (%s): another process polls with this token or a webhook is "
            "set; trying again in %.1f s", error, delay,
        )  # fmt: skip
    elif isinstance(error, TelegramError):
        log.warning("getUpdates failed (%r); trying again in %.1f s", error, delay)
    else:
        log.error("getUpdates failed unexpectedly; trying again in %.1f s", delay, exc_info=error)


async def _confirm(channel: TelegramChannel, offset: int) -> None:
    try:
        async with asyncio.timeout(CONFIRM_TIMEOUT_SECONDS):
            await channel.client.get_updates(offset, 0)
    except Exception as error:  # noqa: BLE001  (unconfirmed updates come again, deduplicated)
        log.info("last updates not confirmed to Telegram: %r", error)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
