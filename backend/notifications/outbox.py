"""Queues outbox messages inside the caller's transaction; the notifier sends them after it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import ChannelIdentity
from backend.notifications.models import OutboxMessage, Recipient


def queue_message(
    session: AsyncSession,
    identity: ChannelIdentity,
    recipient: Recipient,
    template: str,
    params: dict[str, Any],
    *,
    complaint_id: int | None = None,
    status_event_id: int | None = None,
    complaint_message_id: int | None = None,
    relay_of_id: int | None = None,
) -> OutboxMessage:
    """Adds a message for one chat; the notifier sends it after the commit."""
    message = OutboxMessage(
        identity_id=identity.id,
        recipient=recipient,
        template=template,
        params=params,
        language=identity.language,
        complaint_id=complaint_id,
        status_event_id=status_event_id,
        complaint_message_id=complaint_message_id,
        relay_of_id=relay_of_id,
    )
    session.add(message)
    return message
