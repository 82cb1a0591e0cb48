"""Status news of an Open311 filing, by email: where the notifier's message for its chat goes.

A complaint filed through Open311 with an email has a chat identity on the open311
channel, so fire_event queues its news like any chat's (backend/complaints/news.py).
The notifier composes them in the filer's language and hands them here to become an
email in the office's mail queue (backend/mail/), sent by the mail job.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel, ChannelIdentity
from backend.mail.models import OutgoingEmail
from backend.mail.outbox import enqueue_email
from backend.open311.models import Open311Request
from backend.open311.texts import say

EMAIL_KIND = "open311_news"


class NoEmail(Exception):
    """The filing has no email (any more): the retention policy removed it, or none came."""


async def email_news(session: AsyncSession, chat_id: str, text: str) -> OutgoingEmail:
    """Queues the news for the Open311 filer behind `chat_id`; NoEmail when there is nowhere to send."""
    row = await session.scalar(
        select(Open311Request).where(Open311Request.contact_chat_id == chat_id)
    )
    if row is None or not row.email:
        raise NoEmail(chat_id)
    complaint = await session.get_one(Complaint, row.complaint_id)
    identity = await session.scalar(
        select(ChannelIdentity).where(
            ChannelIdentity.channel == Channel.OPEN311, ChannelIdentity.chat_id == chat_id
        )
    )
    language = identity.language if identity is not None else "id"
    footer = say(language, "open311-email-footer", ticket=complaint.ticket)
    return await enqueue_email(
        session, kind=EMAIL_KIND, to_address=row.email,
        subject=say(language, "open311-email-subject", ticket=complaint.ticket),
        body=f"{text}\n\n--\n{footer}\n",
    )  # fmt: skip
