"""Queueing an email: a row in the caller's transaction, sent later by the mail sender."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.mail.models import OutgoingEmail


async def enqueue_email(
    session: AsyncSession,
    *,
    kind: str,
    to_address: str,
    subject: str,
    body: str,
    referral_id: int | None = None,
    staff_user_id: int | None = None,
) -> OutgoingEmail:
    """Adds an email to send; it leaves only if the caller's transaction commits."""
    email = OutgoingEmail(
        kind=kind,
        to_address=to_address,
        subject=subject,
        body=body,
        referral_id=referral_id,
        staff_user_id=staff_user_id,
    )
    session.add(email)
    await session.flush()
    return email
