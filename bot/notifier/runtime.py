"""Running the notifier: inside `slrt run`, or alone with `slrt notifier`."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.complaints.answer_sweep import close_quiet_answers_periodically
from backend.config import Settings
from backend.digests.job import send_digests_periodically
from backend.facilitators.reminders import remind_periodically
from backend.listen import Listener
from backend.notifications.outbox import QUEUED_CHANNEL
from backend.privacy.retention import RetentionPolicy
from backend.privacy.retention_job import retain_periodically
from backend.referrals.mail_job import mail_periodically
from bot.notifier.bell import OutboxBell
from bot.notifier.delivery import Deliverer, TelegramDeliverer
from bot.notifier.election import Leadership
from bot.notifier.notifier import Notifier, NotifierConfig
from bot.notifier.open311_email import Open311EmailDeliverer
from bot.notifier.pacing import Pacer
from bot.notifier.whatsapp_delivery import WhatsAppDeliverer
from bot.telegram.client import TelegramClient
from bot.web.channel import WebChatDeliverer, WebChatHub

log = logging.getLogger(__name__)

# The Cloud API takes 80 messages a second from a number; a margin is kept.
WHATSAPP_RATE = 60.0


def notifier_config(settings: Settings) -> NotifierConfig:
    """The notifier's knobs from the settings."""
    return NotifierConfig(
        concurrency=settings.notifier_concurrency,
        max_attempts=settings.notifier_max_attempts,
        appeal_window_days=settings.appeal_window_days,
    )


def telegram_deliverer(
    settings: Settings, client: TelegramClient, *, started: bool = True
) -> TelegramDeliverer:
    """Delivery through the Bot API, paced by the configured limits."""
    return TelegramDeliverer(
        client, Pacer(settings.notifier_rate, settings.notifier_chat_interval), started=started
    )


def whatsapp_deliverer(settings: Settings) -> WhatsAppDeliverer:
    """Delivery through the Cloud API: its 80 messages a second per number, kept under."""
    from bot.whatsapp.runtime import create_whatsapp_client

    return WhatsAppDeliverer(
        create_whatsapp_client(settings),
        Pacer(WHATSAPP_RATE, 0.0),
        settings.whatsapp_template_prefix,
        settings.whatsapp_template_parameter_names,
    )


def _telegram_client(settings: Settings) -> TelegramClient | None:
    if settings.telegram_bot_token is None:
        return None
    from bot.telegram.runtime import create_client

    return create_client(settings)


async def run_notifier(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    stop: asyncio.Event,
    *,
    leadership: Leadership | None = None,
    on_notifier: asyncio.Future[Notifier] | None = None,
    web_hub: WebChatHub | None = None,
    bell: OutboxBell | None = None,
) -> None:
    """Waits to be the active notifier, then sends until `stop`; stands by again if it loses the lock."""
    leadership = leadership or Leadership(engine)
    client = _telegram_client(settings)
    notifier: Notifier | None = None
    listener: Listener | None = None
    deliverers: dict[Channel, Deliverer] = {}
    try:
        # The web chat is always there; its hub wakes the pages waiting in this process.
        deliverers[Channel.WEB] = WebChatDeliverer(sessions, web_hub or WebChatHub())
        # Filers through Open311 who gave an email hear by email (the mail queue).
        deliverers[Channel.OPEN311] = Open311EmailDeliverer(sessions)
        if client is not None:
            deliverers[Channel.TELEGRAM] = telegram_deliverer(settings, client, started=False)
        if settings.whatsapp_enabled:
            deliverers[Channel.WHATSAPP] = whatsapp_deliverer(settings)
        notifier = Notifier(sessions, deliverers, notifier_config(settings))
        if on_notifier is not None and not on_notifier.done():
            on_notifier.set_result(notifier)
        if bell is not None:
            bell.attach(notifier.wake)
            # While it is the active notifier, it sends this process's answers straight away.
            bell.offer(notifier)
        while not stop.is_set():
            async with leadership.lead(stop) as lost:
                if lost is None:
                    return
                if engine.dialect.name == "postgresql" and listener is None:
                    # Answers queued by the web workers of other processes wake it at once;
                    # a standby does not listen (one connection fewer).
                    listener = Listener(
                        engine, {QUEUED_CHANNEL: lambda _payload: notifier.wake()},
                        name="notifier", on_connected=notifier.wake,
                    )  # fmt: skip
                    await listener.start()
                # The active notifier also reminds facilitators of relays left unconfirmed,
                # passes on answers whose sender went quiet, sends the staff's morning
                # digests, applies the retention policy once a day, and sends the office's email.
                jobs = [
                    asyncio.create_task(remind_periodically(
                        sessions, (stop, lost), interval=settings.relay_check_interval,
                        working_days=settings.relay_confirm_working_days, on_queued=notifier.wake,
                    )),
                    asyncio.create_task(close_quiet_answers_periodically(
                        sessions, (stop, lost),
                        quiet_period=timedelta(minutes=settings.answer_quiet_minutes),
                        on_closed=notifier.wake,
                    )),
                    asyncio.create_task(send_digests_periodically(
                        sessions, (stop, lost), interval=settings.digest_check_interval,
                        panel_url=f"{settings.public_base}/panel", on_queued=notifier.wake,
                    )),
                    asyncio.create_task(retain_periodically(
                        sessions, RetentionPolicy.from_settings(settings), (stop, lost),
                        interval=timedelta(hours=settings.retention_check_hours),
                    )),
                    # Agencies' answer links and reminders, and every other queued email.
                    asyncio.create_task(mail_periodically(sessions, settings, (stop, lost))),
                ]  # fmt: skip
                try:
                    await notifier.run(stop, lost)
                finally:
                    for job in jobs:
                        job.cancel()
                    await asyncio.gather(*jobs, return_exceptions=True)
    finally:
        if listener is not None:
            await listener.close()
        if bell is not None and notifier is not None:
            bell.detach(notifier.wake)
            bell.offer(None)
        if client is not None:
            await client.close()
        whatsapp = deliverers.get(Channel.WHATSAPP)
        if isinstance(whatsapp, WhatsAppDeliverer):
            await whatsapp.client.close()
