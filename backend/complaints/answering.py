"""A staff question (request_info) answered from the household's side: its chat or its facilitator."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.models import Complaint, StatusEvent
from backend.citizens.models import Channel
from backend.citizens.service import identity_for_chat
from backend.complaints.filing import AttachmentFile, add_inbound_message, store_attachments
from backend.complaints.service import EventDetails, fire_event


async def record_answer(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    *,
    channel: Channel,
    chat_id: str,
    language: str,
    text: str | None,
    attachment: AttachmentFile | None,
    now: datetime,
) -> StatusEvent:
    """Keeps the answer as an inbound message by `actor` and fires provide_info (review resumes)."""
    identity = await identity_for_chat(session, channel, chat_id, language=language, citizen=None)
    message = await add_inbound_message(
        session, complaint, actor, text=text, identity_id=identity.id, now=now
    )
    # The answer itself stays in complaint_messages (staff only), never in notes or messages.
    status_event = await fire_event(
        session, complaint, "provide_info", actor, EventDetails(), now=now
    )
    files = (attachment,) if attachment is not None else ()
    store_attachments(
        session,
        complaint.id,
        files,
        message_id=message.id,
        status_event_id=status_event.id,
        now=now,
    )
    return status_event
