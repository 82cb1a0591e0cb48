"""Running the notifier: inside `slrt run`, or alone with `slrt notifier`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.config import Settings
from bot.notifier.delivery import Deliverer, TelegramDeliverer
from bot.notifier.election import Leadership
from bot.notifier.notifier import Notifier, NotifierConfig
from bot.notifier.pacing import Pacer
from bot.telegram.client import TelegramClient

log = logging.getLogger(__name__)


def notifier_config(settings: Settings) -> NotifierConfig:
    """The notifier's knobs from the settings."""
    return NotifierConfig(
        concurrency=settings.notifier_concurrency,
        max_attempts=settings.notifier_max_attempts,
        appeal_window_days=settings.appeal_window_days,
    )


def telegram_deliverer(settings: Settings, client: TelegramClient) -> TelegramDeliverer:
    """Delivery through the Bot API, paced by the configured limits."""
    return TelegramDeliverer(client, Pacer(settings.notifier_rate, settings.notifier_chat_interval))


async def run_notifier(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    stop: asyncio.Event,
    *,
    leadership: Leadership | None = None,
    on_notifier: asyncio.Future[Notifier] | None = None,
) -> None:
    """Waits to be the active notifier, then sends until `stop`; stands by again if it loses the lock."""
    leadership = leadership or Leadership(engine)
    client = await _telegram_client(settings, stop)
    try:
        deliverers: dict[Channel, Deliverer] = {}
        if client is not None:
            deliverers[Channel.TELEGRAM] = telegram_deliverer(settings, client)
        if not deliverers:
            log.info("notifier: no channel to send through (no TELEGRAM_BOT_TOKEN); idle")
            await stop.wait()
            return
        notifier = Notifier(sessions, deliverers, notifier_config(settings))
        if on_notifier is not None and not on_notifier.done():
            on_notifier.set_result(notifier)
        while not stop.is_set():
            async with leadership.lead(stop) as lost:
                if lost is None:
                    return
                await notifier.run(stop, lost)
    finally:
        if client is not None:
            await client.close()


async def _telegram_client(settings: Settings, stop: asyncio.Event) -> TelegramClient | None:
    # Telegram may be unreachable at start; keep trying, the rest of the service runs anyway.
    if settings.telegram_bot_token is None:
        return None
    from bot.telegram.runtime import create_client

    delay = 1.0
    while not stop.is_set():
        client = create_client(settings)
        try:
            await client.start()
            return client
        except Exception as error:
            await client.close()
            log.warning("notifier: Telegram not reachable (%s); trying again in %.0f s", error, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, 60.0)
    return None
