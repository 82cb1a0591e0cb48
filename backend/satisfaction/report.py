"""The IKM report of a period: overall, per category and per channel, with respondents.

The period is a run of WIB dates of submission (backend.complaints.stats.Period); the
scores are read once and grouped here, each group computed by the one pure function.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.access import require_role, visible_to
from backend.casefiles.models import Category
from backend.citizens.models import Channel
from backend.complaints.stats import STATS_READERS, Period
from backend.satisfaction.ikm import IkmResult, compute_ikm
from backend.satisfaction.repository import (
    comments_submitted_between,
    scores_submitted_between,
)

# The report page lists the newest comments; more would be a list nobody reads.
LISTED_COMMENTS = 50


@dataclass(frozen=True, slots=True)
class CategoryIkm:
    """The IKM of the surveys about one category's complaints."""

    code: str
    name_id: str
    name_en: str
    result: IkmResult


@dataclass(frozen=True, slots=True)
class ChannelIkm:
    """The IKM of the surveys about complaints filed through one channel."""

    channel: Channel
    result: IkmResult


@dataclass(frozen=True, slots=True)
class IkmReport:
    """Everything the IKM report shows for a period."""

    period: Period
    overall: IkmResult
    by_category: list[CategoryIkm]
    by_channel: list[ChannelIkm]
    comments: list[tuple[datetime, str]]


async def ikm_report(session: AsyncSession, actor: Actor, period: Period) -> IkmReport:
    """The period's IKM for the roles that see the dashboard."""
    require_role(actor, STATS_READERS, "see the IKM report")
    # Like the dashboard, an account limited to areas reads its areas' figures.
    visible = visible_to(actor)
    rows = await scores_submitted_between(session, period.start, period.end, visible)
    per_category: dict[int, list[tuple[int | None, ...]]] = defaultdict(list)
    per_channel: dict[Channel, list[tuple[int | None, ...]]] = defaultdict(list)
    for channel, category_id, scores in rows:
        per_category[category_id].append(scores)
        per_channel[channel].append(scores)
    categories = list(
        await session.scalars(select(Category).order_by(Category.sort_order, Category.id))
    )
    comments = await comments_submitted_between(
        session, period.start, period.end, visible, limit=LISTED_COMMENTS
    )
    return IkmReport(
        period=period,
        overall=compute_ikm(scores for _, _, scores in rows),
        by_category=[
            CategoryIkm(c.code, c.name_id, c.name_en, compute_ikm(per_category[c.id]))
            for c in categories
            if c.id in per_category
        ],
        by_channel=[
            ChannelIkm(channel, compute_ikm(per_channel[channel]))
            for channel in Channel
            if channel in per_channel
        ],
        comments=comments,
    )
