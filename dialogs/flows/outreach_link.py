"""The deep link of an outreach poster (src-…): the chat remembers where it came from.

The source waits in the conversation (it outlives flows, dialogs.context.PERSISTENT_KEYS)
until the citizen files a complaint, which then carries it; whether it is kept is the
filing service's rule (backend/complaints/filing.py). A malformed token is ignored: the
citizen gets the usual greeting, and a flow in progress goes on where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.outreach.sources import SOURCE_LINK_PREFIX, source_of_token
from dialogs.context import Context

if TYPE_CHECKING:
    from dialogs.engine import DialogEngine

SOURCE_KEY = "_source"


def register_outreach_link(engine: DialogEngine) -> None:
    """Lets /start src-<token> remember the poster, leaving a flow in progress alone."""
    engine.add_deep_link(
        SOURCE_LINK_PREFIX, lambda ctx, token: open_outreach_link(ctx, token, engine),
        keeps_flow=True,
    )  # fmt: skip


async def open_outreach_link(ctx: Context, token: str, engine: DialogEngine) -> None:
    """Remembers the poster's source (the latest poster wins), then greets or carries on."""
    source = source_of_token(token)
    if source is not None:
        ctx.data[SOURCE_KEY] = source
    current = engine.flows.get(ctx.flow or "")
    if current is None:
        await engine.menu.greet(ctx)
    else:
        await engine.menu.carry_on(ctx, current)


def chat_source(ctx: Context) -> str | None:
    """The outreach source this chat was opened from, if it still waits for a complaint."""
    source = ctx.data.get(SOURCE_KEY)
    return source if isinstance(source, str) else None


def forget_source(ctx: Context) -> None:
    """A complaint carries the source now: the next one starts without it."""
    ctx.data.pop(SOURCE_KEY, None)
