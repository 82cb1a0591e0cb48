"""Starting and stopping the Telegram bot inside the service (or alone, `slrt bot`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from bot.notifier.bell import OutboxBell
from bot.telegram.channel import TelegramChannel
from bot.telegram.client import TelegramClient, Unauthorized
from bot.telegram.failures import failure_counts_for
from bot.telegram.polling import poll_updates
from dialogs.engine import DialogEngine, dialog_services

log = logging.getLogger(__name__)

WEBHOOK_MAX_CONNECTIONS = 40
# On stop, updates being processed get this long to finish (the engine commits the update
# with its answer, which the notifier sends).
SHUTDOWN_GRACE_SECONDS = 10.0


class InvalidBotToken(Unauthorized):
    """Telegram refused TELEGRAM_BOT_TOKEN at start: trying again will not help."""


def log_if_failed(task: asyncio.Task[None]) -> None:
    """Done-callback for a background task: an error that ended it is logged, not lost."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        log.error("background task %s ended by an error", task.get_name(), exc_info=error)


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

    async def shutdown(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stops polling, lets updates in flight finish (up to `grace` s), closes the client."""
        self.stop.set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        if self.task is not None:
            # The loop leaves a long poll at once; a batch being processed is finished.
            await asyncio.wait({self.task}, timeout=grace)
            if not self.task.done():
                log.warning("updates still in flight after %.0f s; stopping them", grace)
                self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        # Webhook calls still running (in polling mode there are none left by now).
        if not await self.channel.wait_idle(max(0.0, deadline - loop.time())):
            log.warning("webhook updates still in flight after %.0f s; closing anyway", grace)
        await self.channel.client.close()
        await self.channel.failures.close()


async def start_bot(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    *,
    poll_timeout: int = 25,
    poll_backoff: float = 0.5,
    bell: OutboxBell | None = None,
) -> RunningBot:
    """getMe, setMyCommands, then deleteWebhook + polling, or setWebhook.

    If any of it fails the client is closed again; a refused token raises InvalidBotToken.
    `poll_backoff` is the first pause after a failure (it doubles up to half a minute).
    `bell` is the notifier's bell of this process: the notifier sends the bot's answers,
    so one must run beside the bot (`slrt run` and `slrt bot` start one), and when it is
    the active one the answers are handed to it straight after their commit.
    """
    client = create_client(settings, poll_timeout=poll_timeout)
    try:
        return await _start(client, settings, sessions, poll_timeout, poll_backoff, bell)
    except Unauthorized as error:
        await _close_quietly(client)
        raise InvalidBotToken(
            f"Telegram at {settings.telegram_api_url} refused TELEGRAM_BOT_TOKEN ({error}); "
            "check the token @BotFather gave, the bot stays off until it is fixed"
        ) from error
    except BaseException:
        await _close_quietly(client)
        raise


async def _close_quietly(client: TelegramClient) -> None:
    # The error that stopped the start matters more than one from closing.
    with contextlib.suppress(Exception):
        await client.close()


async def _start(
    client: TelegramClient,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    poll_timeout: int,
    poll_backoff: float,
    bell: OutboxBell | None,
) -> RunningBot:
    username = await client.start()
    # The username from getMe makes the t.me links facilitators pass on to households.
    services = replace(
        dialog_services(settings), bot_username=settings.telegram_bot_username or username
    )
    engine = DialogEngine(sessions, services)
    webhook = settings.telegram_mode == "webhook"
    assert settings.telegram_bot_token is not None
    channel = TelegramChannel(
        client, engine, sessions, files_dir=settings.files_dir, bell=bell,
        typing_after=settings.telegram_typing_after,
        failures=failure_counts_for(
            settings.redis_url, settings.telegram_bot_token.get_secret_value()
        ),
    )  # fmt: skip
    await channel.announce_commands()
    stop = asyncio.Event()
    task = None
    if webhook:
        assert settings.telegram_webhook_url and settings.telegram_webhook_secret
        await client.set_webhook(
            settings.telegram_webhook_url,
            settings.telegram_webhook_secret.get_secret_value(),
            WEBHOOK_MAX_CONNECTIONS,
        )
    else:
        await client.delete_webhook()
        task = asyncio.create_task(
            poll_updates(channel, stop, timeout=poll_timeout, backoff=poll_backoff),
            name="telegram-polling",
        )
        task.add_done_callback(log_if_failed)
    log.info(
        "Telegram bot @%s started (%s, %s)",
        username,
        settings.bot_framework,
        settings.telegram_mode,
    )
    return RunningBot(channel, username, stop, task)
