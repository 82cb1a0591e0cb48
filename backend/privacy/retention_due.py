"""Which rows the retention policy has reached: the queries, with no change made.

A complaint is finished when it is resolved, closed or rejected; it finished at
its last status event (the one that moved it there). A resolved complaint counts
as finished because nothing closes it by itself, and its appeal window (days) is
long gone when a retention period (years) ends; an appeal would have moved it
back to an open status and given it a newer last event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, not_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.casefiles.models import Attachment, Complaint, ComplaintStatus, StatusEvent
from backend.citizens.models import Citizen
from backend.webchat.models import WebChatMessage

S = ComplaintStatus
# Every status outside the lifecycle's OPEN_STATUSES (a test keeps the two apart).
FINISHED_STATUSES = frozenset({S.RESOLVED, S.CLOSED, S.REJECTED})
# Bound parameters per statement stay far below SQLite's and asyncpg's limits.
CHUNK = 500


def finished_before(cutoff: datetime, complaint: Any = Complaint) -> ColumnElement[bool]:
    """Whether `complaint` (the model or an alias of it) finished before `cutoff`."""
    last_event = (
        select(func.max(StatusEvent.created_at))
        .where(StatusEvent.complaint_id == complaint.id)
        .scalar_subquery()
    )
    finished_at = func.coalesce(last_event, complaint.resolved_at, complaint.updated_at)
    return and_(complaint.status.in_(FINISHED_STATUSES), finished_at < cutoff)


def due_web_chats_query(cutoff: datetime) -> Select[str]:
    """The web chats whose newest message is older than `cutoff`."""
    return (
        select(WebChatMessage.chat_id)
        .group_by(WebChatMessage.chat_id)
        .having(func.max(WebChatMessage.created_at) < cutoff)
    )


async def due_web_chats(session: AsyncSession, cutoff: datetime) -> tuple[int, int]:
    """How many web chats are due, and how many messages they hold."""
    chats = due_web_chats_query(cutoff).subquery()
    statement = select(func.count(func.distinct(WebChatMessage.chat_id)), func.count()).where(
        WebChatMessage.chat_id.in_(select(chats.c.chat_id))
    )
    count, messages = (await session.execute(statement)).one()
    return count, messages


async def due_complaint_ids(session: AsyncSession, cutoff: datetime) -> list[int]:
    """Complaints finished before `cutoff` whose personal data is still there."""
    statement = (
        select(Complaint.id)
        .where(Complaint.pseudonymised_at.is_(None), finished_before(cutoff))
        .order_by(Complaint.id)
    )
    return list(await session.scalars(statement))


def citizen_due(cutoff: datetime) -> ColumnElement[bool]:
    """Whether every complaint of the citizen (who has one) finished before `cutoff`."""
    other = aliased(Complaint)
    return and_(
        Citizen.pseudonymised_at.is_(None),
        exists().where(Complaint.citizen_id == Citizen.id),
        # An open or recent complaint keeps the person's data with it.
        ~exists().where(other.citizen_id == Citizen.id, not_(finished_before(cutoff, other))),
    )


async def due_citizen_ids(session: AsyncSession, cutoff: datetime) -> list[int]:
    """Citizens every one of whose complaints finished before `cutoff`."""
    statement = select(Citizen.id).where(citizen_due(cutoff)).order_by(Citizen.id)
    return list(await session.scalars(statement))


async def due_attachments(session: AsyncSession, cutoff: datetime) -> list[tuple[int, str | None]]:
    """(id, stored path) of the attachments still kept of complaints finished before `cutoff`."""
    statement = (
        select(Attachment.id, Attachment.stored_path)
        .join(Complaint, Complaint.id == Attachment.complaint_id)
        .where(Attachment.removed_at.is_(None), finished_before(cutoff))
        .order_by(Attachment.id)
    )
    return [(row.id, row.stored_path) for row in await session.execute(statement)]


async def paths_still_kept(session: AsyncSession, cutoff: datetime, paths: set[str]) -> set[str]:
    """Which of `paths` an attachment that is not due shares (files are stored once per content)."""
    kept: set[str] = set()
    ordered = sorted(paths)
    for start in range(0, len(ordered), CHUNK):
        statement = (
            select(Attachment.stored_path)
            .join(Complaint, Complaint.id == Attachment.complaint_id)
            .where(
                Attachment.removed_at.is_(None),
                Attachment.stored_path.in_(ordered[start : start + CHUNK]),
                not_(finished_before(cutoff)),
            )
            .distinct()
        )
        kept.update(path for path in await session.scalars(statement) if path)
    return kept
