"""Staff writing to the citizen about a complaint, outside any status change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint, ComplaintMessage, MessageDirection
from backend.clock import utcnow
from backend.complaints.news import queue_for_complaint
from backend.errors import Forbidden, InvalidInput
from backend.notifications.models import OutboxMessage

MAX_MESSAGE_LENGTH = 2000
STAFF_MESSAGE_TEMPLATE = "complaint.message"
_WRITERS = frozenset(
    {ActorRole.FRONT_OFFICE, ActorRole.BACK_OFFICE, ActorRole.SUPERVISOR, ActorRole.ADMIN}
)


async def send_message_to_citizen(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    text: str,
    *,
    now: datetime | None = None,
) -> tuple[ComplaintMessage, list[OutboxMessage]]:
    """Records a staff message on the complaint and queues it, verbatim, for the citizen.

    A NIK or KK typed into it is masked: full numbers never travel in chat.
    The outbox rows are empty when the household has no chat (walk-in without one).
    """
    if actor.role not in _WRITERS:
        raise Forbidden(f"The role {actor.role.value} may not write to citizens")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("The message is empty: write what the citizen should read", field="text")
    if len(text) > MAX_MESSAGE_LENGTH:
        raise InvalidInput(
            f"The message is {len(text)} characters long; at most {MAX_MESSAGE_LENGTH} fit",
            field="text",
        )
    message = ComplaintMessage(
        complaint_id=complaint.id,
        direction=MessageDirection.OUTBOUND,
        author_role=actor.role.value,
        author_staff_id=actor.staff_id,
        identity_id=complaint.identity_id,
        text=text,
        created_at=now or utcnow(),
    )
    session.add(message)
    await session.flush()
    record_audit(
        session,
        actor,
        "complaint.message",
        "complaint",
        complaint.ticket,
        {"message_id": message.id},
    )
    queued = await queue_for_complaint(
        session, complaint, actor, STAFF_MESSAGE_TEMPLATE, {"ticket": complaint.ticket, "text": text},
        complaint_message_id=message.id,
    )  # fmt: skip
    return message, queued
