"""After a referral: its answer link emailed to the agency (when it has an address).

Called by the edges that fire `refer` (the panel's form, the REST API), in the same
transaction: the email is queued only if the referral is kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.complaints.lifecycle import LifecycleEvent
from backend.config import Settings
from backend.mail.models import OutgoingEmail
from backend.referrals.emails import email_answer_link
from backend.referrals.repository import open_referral_of


async def email_if_referred(
    session: AsyncSession,
    complaint: Complaint,
    event: str,
    settings: Settings,
    now: datetime | None = None,
) -> OutgoingEmail | None:
    """Queues the new referral's answer link to its agency when `event` was a referral."""
    if event != LifecycleEvent.REFER:
        return None
    referral = await open_referral_of(session, complaint.id)
    if referral is None:
        return None
    return await email_answer_link(session, referral, settings, now or utcnow())
