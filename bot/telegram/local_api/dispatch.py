"""Runs one Bot API call: finds the method, records it, applies injected faults and flood limits."""

from __future__ import annotations

import asyncio
from typing import Any

# Imported for their side effect: each registers its methods.
from bot.telegram.local_api import methods_bot, methods_messages, methods_updates  # noqa: F401
from bot.telegram.local_api.errors import ApiError, GarbledAnswer, not_found, too_many_requests
from bot.telegram.local_api.params import Params
from bot.telegram.local_api.registry import Described, find_method
from bot.telegram.local_api.state import BotWorld, Call


async def call_method(world: BotWorld, name: str, params: Params) -> Any:
    """The result of a Bot API method, or ApiError as Telegram would answer it."""
    method = find_method(name)
    if method is None:
        raise not_found()
    world.calls.append(Call(method.name, params.record()))
    fault = world.faults.take(method.name)
    if fault.delay:
        await asyncio.sleep(fault.delay)
    if fault.error is not None:
        raise fault.error
    if fault.garbled:
        raise GarbledAnswer()
    if not (method.limited and world.limits_enabled):
        return await method.handler(world, params)
    chat = str(params.get("chat_id"))
    wait = world.limiter.acquire(chat)
    if wait is not None:
        raise too_many_requests(wait)
    try:
        return await method.handler(world, params)
    except ApiError:
        # A refused call sent nothing, so it costs nothing.
        world.limiter.refund(chat)
        raise


async def answer(world: BotWorld, name: str, params: Params) -> tuple[int, dict[str, Any]]:
    """HTTP status and Telegram's JSON envelope for one call."""
    try:
        result = await call_method(world, name, params)
    except ApiError as error:
        world.note_rate_limited(error)
        return error.error_code, error.envelope()
    if isinstance(result, Described):
        return 200, {"ok": True, "result": result.result, "description": result.description}
    return 200, {"ok": True, "result": result}
