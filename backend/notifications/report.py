"""What was sent about a complaint, as lines a person reads on a terminal."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from backend.clock import LOCAL_ZONE
from backend.notifications.models import DeliveryAttempt, OutboxMessage
from backend.notifications.repository import attempts_of, failed_messages, messages_of_complaint


def _when(message: OutboxMessage | DeliveryAttempt) -> str:
    instant = message.created_at if isinstance(message, OutboxMessage) else message.attempted_at
    return instant.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M:%S WIB")


def describe(message: OutboxMessage, attempts: list[DeliveryAttempt]) -> list[str]:
    """One message and each of its tries."""
    relay = f" relay of #{message.relay_of_id}" if message.relay_of_id else ""
    lines = [
        f"#{message.id} {_when(message)} to {message.recipient.value}{relay}: {message.template} "
        f"[{message.status.value}, {message.attempts} tries]"
    ]
    for attempt in attempts:
        error = f": {attempt.error}" if attempt.error else ""
        lines.append(f"    {_when(attempt)} {attempt.result.value}{error}")
    return lines


async def complaint_deliveries(session: AsyncSession, complaint_id: int) -> list[str]:
    """Every message about one complaint, oldest first, with its tries."""
    return await _describe_all(session, await messages_of_complaint(session, complaint_id))


async def failed_deliveries(session: AsyncSession) -> list[str]:
    """Messages parked after their last try, newest first."""
    return await _describe_all(session, await failed_messages(session))


async def _describe_all(session: AsyncSession, messages: list[OutboxMessage]) -> list[str]:
    by_message: defaultdict[int, list[DeliveryAttempt]] = defaultdict(list)
    for attempt in await attempts_of(session, [message.id for message in messages]):
        by_message[attempt.outbox_message_id].append(attempt)
    return [line for message in messages for line in describe(message, by_message[message.id])]
