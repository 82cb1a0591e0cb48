"""Who hears a complaint's news: the chat that filed it and the household's facilitator.

And what happens when the household's chat refuses it: the news goes to the
facilitators who reach the household, or the complaint is flagged for a phone call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import SYSTEM, Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint
from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.facilitators.relays import queue_for_facilitator, relay_bounced
from backend.notifications.models import AttemptResult, OutboxMessage, OutboxStatus, Recipient
from backend.notifications.outbox import queue_message
from backend.notifications.outcomes import forget_answer_words
from backend.notifications.repository import record_attempt


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


async def mark_undeliverable(
    session: AsyncSession, message_id: int, error: str, now: datetime, *, attempted: bool = True
) -> list[OutboxMessage]:
    """The chat blocked the bot: marks it unreachable and relays through a facilitator.

    Answers the relay messages queued; with nobody to relay, the complaint is
    flagged for a phone call instead.
    """
    message = await session.get_one(OutboxMessage, message_id)
    if attempted:
        record_attempt(session, message, AttemptResult.BLOCKED, error, now)
    message.status = OutboxStatus.UNDELIVERABLE
    message.last_error = error
    forget_answer_words(message)
    identity = await session.get_one(ChannelIdentity, message.identity_id)
    if identity.is_reachable:
        identity.is_reachable = False
        identity.unreachable_since = now
    if message.complaint_id is None:
        return []
    complaint = await session.get_one(Complaint, message.complaint_id)
    relays: list[OutboxMessage] = []
    if message.recipient == Recipient.CITIZEN:
        relays = await relay_bounced(session, message, complaint)
    if not relays:
        _flag_for_phone_call(session, complaint, message, now)
    return relays


async def mark_bounced_after_sending(
    session: AsyncSession, channel: Channel, provider_message_id: str, error: str, now: datetime
) -> list[OutboxMessage] | None:
    """A message the channel took, and later said it could not deliver (WhatsApp: not on
    WhatsApp, outside the 24-hour window): handled as a block. Answers the relays queued;
    None when no message of ours has that id (yet: the word may come before the notifier
    has recorded the message sent)."""
    message = (
        await session.execute(
            select(OutboxMessage)
            .join(ChannelIdentity, ChannelIdentity.id == OutboxMessage.identity_id)
            .where(
                OutboxMessage.provider_message_id == provider_message_id,
                ChannelIdentity.channel == channel,
            )
        )
    ).scalar_one_or_none()
    if message is None:
        return None
    if message.status != OutboxStatus.SENT:
        return []  # handled already (the same word twice)
    return await mark_undeliverable(session, message.id, error, now, attempted=True)


def _flag_for_phone_call(
    session: AsyncSession, complaint: Complaint, message: OutboxMessage, now: datetime
) -> None:
    if complaint.needs_phone_call_since is None:
        complaint.needs_phone_call_since = now
    record_audit(
        session, SYSTEM, "outbox.needs_phone_call", "complaint", complaint.ticket,
        {"message_id": message.id},
    )  # fmt: skip
