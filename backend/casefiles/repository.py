"""Queries for complaints, categories and their history."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintStatus,
    StatusEvent,
    TicketSequence,
)
from backend.db import take_next


async def next_ticket_serial(session: AsyncSession, day: date) -> int:
    """Takes the next serial of `day`; concurrent callers each get their own."""
    return await take_next(session, TicketSequence.day, TicketSequence.last_serial, day)


async def get_by_ticket(
    session: AsyncSession, ticket: str, *, for_update: bool = False
) -> Complaint | None:
    """The complaint with this ticket; `for_update` locks its row until commit."""
    statement = select(Complaint).where(Complaint.ticket == ticket)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def get_category(session: AsyncSession, category_id: int) -> Category:
    """The category with this id."""
    return await session.get_one(Category, category_id)


async def get_category_by_code(session: AsyncSession, code: str) -> Category | None:
    """The category with this code."""
    return (
        await session.execute(select(Category).where(Category.code == code))
    ).scalar_one_or_none()


async def list_active_categories(session: AsyncSession) -> list[Category]:
    """Categories a citizen can choose, in their set order."""
    statement = select(Category).where(Category.is_active.is_(True)).order_by(Category.sort_order)
    return list(await session.scalars(statement))


async def get_attachment(
    session: AsyncSession, complaint_id: int, attachment_id: int
) -> Attachment | None:
    """The attachment with this id, if it belongs to the complaint."""
    statement = select(Attachment).where(
        Attachment.id == attachment_id, Attachment.complaint_id == complaint_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def tickets_of(session: AsyncSession, complaint_ids: Collection[int]) -> dict[int, str]:
    """The ticket number of each of these complaints, by complaint id."""
    if not complaint_ids:
        return {}
    statement = select(Complaint.id, Complaint.ticket).where(Complaint.id.in_(list(complaint_ids)))
    return {complaint_id: ticket for complaint_id, ticket in await session.execute(statement)}


async def last_entered(
    session: AsyncSession, complaint_id: int, status: ComplaintStatus
) -> datetime | None:
    """When the complaint last came into `status`, if it ever did."""
    statement = (
        select(StatusEvent.created_at)
        .where(StatusEvent.complaint_id == complaint_id, StatusEvent.to_status == status)
        .order_by(StatusEvent.created_at.desc(), StatusEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()
