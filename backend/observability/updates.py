"""Chat updates: the id in every log line while one is handled, and its count and time.

Channels put `@observes_updates(...)` on the one method that handles an update, so
the counting stays out of their code (bot/telegram/channel.py, bot/web/channel.py).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from backend.observability import context
from backend.observability.metrics import update_duration, updates_handled

Self = TypeVar("Self")
Update = TypeVar("Update")
Result = TypeVar("Result")
Params = ParamSpec("Params")
Handler = Callable[Concatenate[Self, Update, Params], Awaitable[Result]]


def observes_updates(
    channel: str, id_of: Callable[[Any], object]
) -> Callable[[Handler[Self, Update, Params, Result]], Handler[Self, Update, Params, Result]]:
    """Wraps a channel's handler of one update: `id_of(update)` names it in the logs.

    An update that raises is counted as failed (it was not stored and will come again).
    """

    def decorate(
        handle: Handler[Self, Update, Params, Result],
    ) -> Handler[Self, Update, Params, Result]:
        @functools.wraps(handle)
        async def observed(
            self: Self, update: Update, *args: Params.args, **kwargs: Params.kwargs
        ) -> Result:
            token = context.update_id.set(context.safe_id(id_of(update)))
            started = time.perf_counter()
            outcome = "failed"
            try:
                result = await handle(self, update, *args, **kwargs)
                outcome = "handled"
                return result
            finally:
                updates_handled.labels(channel, outcome).inc()
                update_duration.labels(channel).observe(time.perf_counter() - started)
                context.update_id.reset(token)

        return observed

    return decorate
