"""Who hears a complaint's news: the chat that filed it and the household's facilitator."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.citizens.models import ChannelIdentity
from backend.clock import utcnow
from backend.complaints.models import Complaint
from backend.facilitators.relays import queue_for_facilitator
from backend.notifications.models import OutboxMessage, Recipient
from backend.notifications.outbox import queue_message


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
        queued.extend(
            await queue_for_facilitator(
                session, complaint, household, template, params, status_event_id=status_event_id,
                complaint_message_id=complaint_message_id, now=utcnow(),
            )
        )  # fmt: skip
    return queued
