"""An agency's answer to a referral, recorded by staff, and the outcome it brings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.models import Complaint, ComplaintStatus, StatusEvent
from backend.clock import utcnow
from backend.complaints.lifecycle import LifecycleEvent, Outcome
from backend.complaints.service import EventDetails, EventRefused, fire_event
from backend.errors import InvalidInput
from backend.referrals.models import Referral
from backend.referrals.repository import open_referral_of

MAX_ANSWER_LENGTH = 4000


async def record_referral_answer(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    *,
    answer: str,
    outcome: Outcome,
    resolution: str | None = None,
    note: str | None = None,
    internal_note: str | None = None,
    appeal_window_days: int = 14,
    now: datetime | None = None,
) -> tuple[Referral, StatusEvent]:
    """Stores the agency's answer on the open referral and fires record_outcome with it.

    The answer stays with staff; the citizen reads the public `note` (in progress)
    or the `resolution` (resolved), as for any other event.
    """
    now = now or utcnow()
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput("The answer is empty: write what the agency answered", field="answer")
    if len(answer) > MAX_ANSWER_LENGTH:
        raise InvalidInput(
            f"The answer is {len(answer)} characters long; at most {MAX_ANSWER_LENGTH} fit",
            field="answer",
        )
    referral = await open_referral_of(session, complaint.id)
    if referral is None and complaint.status == ComplaintStatus.REFERRED:
        # A referred complaint always has its referral; this is a repair case, said plainly.
        raise EventRefused(
            complaint.status, LifecycleEvent.RECORD_OUTCOME, "it has no open referral"
        )
    details = EventDetails(
        note=note, internal_note=internal_note, resolution=resolution, outcome=outcome
    )
    status_event = await fire_event(
        session, complaint, LifecycleEvent.RECORD_OUTCOME, actor, details,
        appeal_window_days=appeal_window_days, now=now,
    )  # fmt: skip
    assert referral is not None  # fire_event refuses any status but referred
    # fire_event filed the public text as the answer; the agency's own words belong there.
    referral.answer = answer
    referral.answered_at = now
    await session.flush()
    return referral, status_event
