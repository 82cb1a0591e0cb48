"""Queries for agencies and referrals."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.referrals.models import Agency, Referral, ReferralStatus


async def get_agency_by_code(session: AsyncSession, code: str) -> Agency | None:
    """The active agency with this code."""
    statement = select(Agency).where(Agency.code == code, Agency.is_active.is_(True))
    return (await session.execute(statement)).scalar_one_or_none()


async def open_referral_of(session: AsyncSession, complaint_id: int) -> Referral | None:
    """The complaint's newest referral that the agency has not answered yet."""
    statement = (
        select(Referral)
        .where(Referral.complaint_id == complaint_id, Referral.status == ReferralStatus.SENT)
        .order_by(Referral.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_active_agencies(session: AsyncSession) -> list[Agency]:
    """Agencies a complaint can be referred to now, by name."""
    statement = select(Agency).where(Agency.is_active.is_(True)).order_by(Agency.name_id)
    return list(await session.scalars(statement))
