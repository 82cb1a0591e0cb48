"""The event loop a service process runs on: uvloop where it is installed, as uvicorn does.

`slrt run` serves through uvicorn, which picks uvloop when it is installed; `slrt bot` and
`slrt notifier` start their own loop, and now the same kind. The loop's own Python was the
largest share of a busy bot's CPU (about 30%, with a stand-in Telegram server in the same
process): a steady closed loop of 50 people by polling, bot, server and people in one
process, made 254-267 round trips a second with `/start` on asyncio's loop and 272-309 on
uvloop, 172-188 and 204-215 with whole intakes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_service(main: Coroutine[Any, Any, T]) -> T:
    """Runs `main` to its end on a new loop, as asyncio.run does."""
    try:
        import uvloop
    except ImportError:  # Windows and PyPy, where uvicorn runs on asyncio's own loop too
        return asyncio.run(main)
    return uvloop.run(main)
