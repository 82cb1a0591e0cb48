"""aiogram's response models are built once per process, not again after a garbage collection."""

from __future__ import annotations

import gc
import weakref

from aiogram.methods import Response
from aiogram.types import User

from bot.telegram.aiogram import AiogramClient, kept_response_types
from tests.fixtures.local_bot_api import LocalBotApi


async def test_a_called_methods_response_model_outlives_a_collection(
    local_api: LocalBotApi,
) -> None:
    client = AiogramClient(local_api.token, local_api.url)
    try:
        assert await client.start()  # getMe, answered as Response[User]
    finally:
        await client.close()
    model = weakref.ref(Response[User])
    gc.collect()
    # pydantic keeps a parametrised model only while something refers to it; without the
    # client's own reference the next getMe would build it again (~100 ms of CPU).
    assert model() is not None
    assert kept_response_types() >= 1
