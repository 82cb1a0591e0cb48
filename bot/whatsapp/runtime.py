"""Building the WhatsApp channel and its client from the settings."""

from __future__ import annotations

import hashlib

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from bot.notifier.bell import OutboxBell
from bot.telegram.failures import FailureCounts
from bot.whatsapp.channel import WhatsAppChannel
from bot.whatsapp.client import WhatsAppClient
from dialogs.engine import DialogEngine, dialog_services


def create_whatsapp_client(settings: Settings) -> WhatsAppClient:
    """A client of the configured phone number (WHATSAPP_*)."""
    assert settings.whatsapp_phone_number_id and settings.whatsapp_access_token
    return WhatsAppClient(
        settings.whatsapp_phone_number_id,
        settings.whatsapp_access_token.get_secret_value(),
        settings.whatsapp_api_url,
        settings.whatsapp_api_version,
    )


def create_whatsapp_channel(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    bell: OutboxBell,
) -> WhatsAppChannel:
    """The channel that takes the webhook's messages to the dialogs."""
    engine = DialogEngine(sessions, dialog_services(settings))
    assert settings.whatsapp_phone_number_id is not None
    number = hashlib.sha256(settings.whatsapp_phone_number_id.encode()).hexdigest()[:16]
    # Shared by every process through Redis when there is one: Meta may redeliver a
    # failing body to any of them.
    failures = FailureCounts(
        redis_url=settings.redis_url, namespace=f"slrt:update-failures:whatsapp:{number}"
    )
    return WhatsAppChannel(
        create_whatsapp_client(settings), engine, sessions,
        files_dir=settings.files_dir, bell=bell, failures=failures,
    )  # fmt: skip
