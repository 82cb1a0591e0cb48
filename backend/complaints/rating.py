"""The citizen's rating (1 to 5) of how a finished complaint was handled.

Like every service, this never commits: the caller's unit of work does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.errors import Conflict, Forbidden, InvalidInput

RATING_SCORES = range(1, 6)
# Only an outcome can be rated; the rating is asked with the resolution message.
RATEABLE_STATUSES = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED})


async def rate_complaint(
    session: AsyncSession, complaint: Complaint, actor: Actor, score: int, now: datetime
) -> int | None:
    """Stores the citizen's rating of a finished complaint; returns the rating it replaced."""
    if isinstance(score, bool) or not isinstance(score, int) or score not in RATING_SCORES:
        raise InvalidInput("A rating is a whole number from 1 to 5", field="score")
    if actor.role != ActorRole.CITIZEN or actor.citizen_id != complaint.citizen_id:
        raise Forbidden("Only the citizen who filed the complaint may rate it")
    if complaint.status not in RATEABLE_STATUSES:
        raise Conflict(f"A complaint that is {complaint.status.value} cannot be rated yet")
    previous = complaint.citizen_rating
    if previous == score:
        return previous  # the same button pressed twice: nothing changed, nothing to audit
    complaint.citizen_rating = score
    complaint.rated_at = now
    record_audit(
        session, actor, "complaint.rate", "complaint", complaint.ticket,
        {"score": score, "previous": previous},
    )  # fmt: skip
    await session.flush()
    return previous
