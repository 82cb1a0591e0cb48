"""The survey's queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.satisfaction.ikm import ELEMENTS
from backend.satisfaction.models import SurveyResponse

_SCORE_COLUMNS = tuple(getattr(SurveyResponse, element) for element in ELEMENTS)


async def response_of(session: AsyncSession, complaint_id: int) -> SurveyResponse | None:
    """The survey submitted about a complaint, if any."""
    statement = select(SurveyResponse).where(SurveyResponse.complaint_id == complaint_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def scores_submitted_between(
    session: AsyncSession, start: datetime, end: datetime, visible: ColumnElement[bool]
) -> list[tuple[Channel, int, tuple[int | None, ...]]]:
    """(channel, category id, the nine scores) of the surveys submitted in [start, end) about
    complaints `visible` to the reader (their areas, backend/casefiles/access.py)."""
    statement = (
        select(SurveyResponse.channel, SurveyResponse.category_id, *_SCORE_COLUMNS)
        .join(Complaint, Complaint.id == SurveyResponse.complaint_id)
        .where(SurveyResponse.submitted_at >= start, SurveyResponse.submitted_at < end, visible)
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
    )
    return [(row[0], row[1], tuple(row[2:])) for row in await session.execute(statement)]


async def comments_submitted_between(
    session: AsyncSession, start: datetime, end: datetime, visible: ColumnElement[bool], *,
    limit: int,
) -> list[tuple[datetime, str]]:  # fmt: skip
    """(submitted at, comment) of the period's surveys that carry one, newest first."""
    statement = (
        select(SurveyResponse.submitted_at, SurveyResponse.comment)
        .join(Complaint, Complaint.id == SurveyResponse.complaint_id)
        .where(
            visible,
            SurveyResponse.submitted_at >= start,
            SurveyResponse.submitted_at < end,
            SurveyResponse.comment.is_not(None),
        )
        .order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc())
        .limit(limit)
    )
    return [(at, comment or "") for at, comment in await session.execute(statement)]
