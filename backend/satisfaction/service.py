"""Submitting a survey about a finished complaint: who may, when, and that it happens once.

Like every service, this never commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint
from backend.complaints.rating import RATEABLE_STATUSES
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.satisfaction.ikm import ELEMENTS, SCORES
from backend.satisfaction.models import SurveyResponse
from backend.satisfaction.repository import response_of

# Room for a few sentences of advice (saran); a chat message is longer than anyone writes here.
MAX_COMMENT_LENGTH = 1000


def can_be_surveyed(complaint: Complaint) -> bool:
    """Whether the complaint has an outcome to ask about (the rating's rule)."""
    return complaint.status in RATEABLE_STATUSES


async def check_survey_allowed(session: AsyncSession, complaint: Complaint, actor: Actor) -> None:
    """Raises unless this actor may answer the survey of this complaint now."""
    if actor.role != ActorRole.CITIZEN or actor.citizen_id != complaint.citizen_id:
        raise Forbidden("Only the citizen who filed the complaint may answer its survey")
    if not can_be_surveyed(complaint):
        raise Conflict(f"A complaint that is {complaint.status.value} has no survey yet")
    if await response_of(session, complaint.id) is not None:
        raise Conflict("The survey of this complaint was answered already")


async def submit_survey(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    scores: Mapping[str, int | None],
    comment: str | None,
    now: datetime,
) -> SurveyResponse:
    """Stores the citizen's survey of a finished complaint; once stored it is final."""
    unknown = set(scores) - set(ELEMENTS)
    if unknown:
        raise InvalidInput(f"Unknown survey elements: {', '.join(sorted(unknown))}", field="scores")
    for element, score in scores.items():
        if score is not None and (isinstance(score, bool) or score not in SCORES):
            raise InvalidInput("A survey score is a whole number from 1 to 4", field=element)
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput(f"A comment is {MAX_COMMENT_LENGTH} characters at most", field="comment")
    await check_survey_allowed(session, complaint, actor)
    response = SurveyResponse(
        complaint_id=complaint.id, channel=complaint.channel, category_id=complaint.category_id,
        comment=text, submitted_at=now,
        **{element: scores.get(element) for element in ELEMENTS},
    )  # fmt: skip
    session.add(response)
    answered = sum(score is not None for score in scores.values())
    record_audit(
        session, actor, "complaint.survey", "complaint", complaint.ticket,
        {"answered": answered, "comment": text is not None},
    )  # fmt: skip
    await session.flush()
    return response
