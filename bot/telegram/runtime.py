"""Starting and stopping the Telegram bot inside the service (or alone, `slrt bot`)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from bot.telegram.channel import TelegramChannel
from bot.telegram.client import TelegramClient
from bot.telegram.polling import poll_updates
from dialogs.engine import DialogEngine, dialog_services

log = logging.getLogger(__name__)

WEBHOOK_MAX_CONNECTIONS = 40


def create_client(settings: Settings, *, poll_timeout: int = 25) -> TelegramClient:
    """The client of the configured library (BOT_FRAMEWORK)."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    if settings.bot_framework == "aiogram":
        from bot.telegram.aiogram import AiogramClient

        return AiogramClient(token, settings.telegram_api_url, poll_timeout=poll_timeout)
    from bot.telegram.ptb import PtbClient

    return PtbClient(token, settings.telegram_api_url, poll_timeout=poll_timeout)


@dataclass
class RunningBot:
    """A started bot: its channel and, in polling mode, the polling task."""

    channel: TelegramChannel
    username: str
    stop: asyncio.Event
    task: asyncio.Task[None] | None

    async def shutdown(self) -> None:
        """Stops polling and closes the client."""
        self.stop.set()
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        await self.channel.client.close()


async def start_bot(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], *, poll_timeout: int = 25
) -> RunningBot:
    """getMe, setMyCommands, then deleteWebhook + polling, or setWebhook."""
    client = create_client(settings, poll_timeout=poll_timeout)
    username = await client.start()
    engine = DialogEngine(sessions, dialog_services(settings))
    channel = TelegramChannel(client, engine, sessions, files_dir=settings.files_dir)
    await channel.announce_commands()
    stop = asyncio.Event()
    task = None
    if settings.telegram_mode == "webhook":
        assert settings.telegram_webhook_url and settings.telegram_webhook_secret
        await client.set_webhook(
            settings.telegram_webhook_url,
            settings.telegram_webhook_secret.get_secret_value(),
            WEBHOOK_MAX_CONNECTIONS,
        )
    else:
        await client.delete_webhook()
        task = asyncio.create_task(poll_updates(channel, stop, timeout=poll_timeout))
    log.info("Telegram bot @%s started (%s, %s)", username, settings.bot_framework, settings.telegram_mode)
    return RunningBot(channel, username, stop, task)
