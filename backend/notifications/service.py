"""Queues outbox messages inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.citizens.models import ChannelIdentity
from backend.clock import utcnow
from backend.complaints.models import Complaint
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


async def queue_for_complaint(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    template: str,
    params: dict[str, Any],
    *,
    status_event_id: int | None = None,
    complaint_message_id: int | None = None,
) -> list[OutboxMessage]:
    """Queues a message to the chat that filed the complaint and to its facilitator.

    Whoever acted in a chat already got the answer there, so they are not told twice.
    """
    queued: list[OutboxMessage] = []
    links = {
        "complaint_id": complaint.id,
        "status_event_id": status_event_id,
        "complaint_message_id": complaint_message_id,
    }
    household = (
        await session.get_one(ChannelIdentity, complaint.identity_id)
        if complaint.identity_id
        else None
    )
    if household is not None and actor.role != ActorRole.CITIZEN:
        queued.append(
            queue_message(session, household, Recipient.CITIZEN, template, params, **links)
        )
    if complaint.facilitator_id is not None and actor.role != ActorRole.FACILITATOR:
        # A copy to know, or, for a household without a chat, the news to relay.
        from backend.facilitators.relays import queue_for_facilitator

        queued.extend(
            await queue_for_facilitator(
                session, complaint, household, template, params, status_event_id=status_event_id,
                complaint_message_id=complaint_message_id, now=utcnow(),
            )
        )  # fmt: skip
    return queued
