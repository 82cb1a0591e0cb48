"""Waiting in the periodic jobs: until the next look, or sooner when the service stops."""

from __future__ import annotations

import asyncio


async def wait_for_any(stops: tuple[asyncio.Event, ...], seconds: float) -> None:
    """Returns after `seconds`, or as soon as one of `stops` is set."""
    waits = [asyncio.create_task(stop.wait()) for stop in stops]
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
