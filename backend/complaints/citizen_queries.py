"""What the chat channels ask about complaints on a citizen's behalf."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category, Complaint, ComplaintStatus, StatusEvent
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.complaints.lifecycle import OPEN_STATUSES


async def find_open_duplicate(
    session: AsyncSession, nik_lookup: str, category_id: int
) -> Complaint | None:
    """An open complaint about the same person (NIK) and category, newest first."""
    statement = (
        select(Complaint)
        .join(Citizen, Citizen.id == Complaint.citizen_id)
        .where(
            Citizen.nik_lookup == nik_lookup,
            Complaint.category_id == category_id,
            Complaint.status.in_(OPEN_STATUSES),
        )
        .order_by(Complaint.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def complaints_of_chat(
    session: AsyncSession, channel: Channel, chat_id: str, *, limit: int = 10
) -> list[tuple[Complaint, Category]]:
    """The complaints filed from this chat, newest first."""
    statement = (
        select(Complaint, Category)
        .join(ChannelIdentity, ChannelIdentity.id == Complaint.identity_id)
        .join(Category, Category.id == Complaint.category_id)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.chat_id == chat_id)
        .order_by(Complaint.id.desc())
        .limit(limit)
    )
    return [(complaint, category) for complaint, category in await session.execute(statement)]


async def awaiting_answer_in_chat(
    session: AsyncSession, channel: Channel, chat_id: str
) -> list[Complaint]:
    """This chat's complaints in which staff wait for the citizen's answer, oldest first."""
    statement = (
        select(Complaint)
        .join(ChannelIdentity, ChannelIdentity.id == Complaint.identity_id)
        .where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.chat_id == chat_id,
            Complaint.status == ComplaintStatus.NEEDS_INFO,
        )
        .order_by(Complaint.id)
    )
    return list(await session.scalars(statement))


async def chat_owns_complaint(
    session: AsyncSession, complaint: Complaint, channel: Channel, chat_id: str
) -> bool:
    """Whether the complaint was filed from this chat (the only chat that sees it freely)."""
    if complaint.identity_id is None:
        return False
    identity = await session.get(ChannelIdentity, complaint.identity_id)
    return identity is not None and identity.channel == channel and identity.chat_id == chat_id


async def latest_question(session: AsyncSession, complaint_id: int) -> str | None:
    """The public note of the last request_info: the question staff asked."""
    statement = (
        select(StatusEvent.public_note)
        .where(StatusEvent.complaint_id == complaint_id, StatusEvent.event == "request_info")
        .order_by(StatusEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def latest_question_event(session: AsyncSession, complaint_id: int) -> StatusEvent | None:
    """The last request_info of the complaint: the question staff asked, with its id."""
    statement = (
        select(StatusEvent)
        .where(StatusEvent.complaint_id == complaint_id, StatusEvent.event == "request_info")
        .order_by(StatusEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def answered_since(session: AsyncSession, complaint_id: int, question_id: int) -> bool:
    """Whether provide_info was fired after status event `question_id` (its question answered)."""
    statement = select(StatusEvent.id).where(
        StatusEvent.complaint_id == complaint_id,
        StatusEvent.event == "provide_info",
        StatusEvent.id > question_id,
    )
    return (await session.execute(statement.limit(1))).first() is not None


async def last_update_of(session: AsyncSession, complaint_id: int) -> StatusEvent:
    """The complaint's latest status event."""
    statement = (
        select(StatusEvent)
        .where(StatusEvent.complaint_id == complaint_id)
        .order_by(StatusEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one()
