"""What the office holds about one person, as the person is shown it in their chat:
identity numbers masked, their complaints with status and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category, Complaint, StatusEvent
from backend.citizens.models import Citizen
from backend.regions.models import Kecamatan, Kelurahan
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number


@dataclass(frozen=True, slots=True)
class HeldComplaint:
    """One of the person's complaints: ticket, category, status and dates."""

    complaint: Complaint
    category: Category
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class HeldData:
    """The person's record (NIK and KK masked) and their complaints, newest first."""

    citizen: Citizen
    nik_masked: str | None
    kk_masked: str | None
    kelurahan: Kelurahan | None
    kecamatan: Kecamatan | None
    complaints: list[HeldComplaint]


async def held_about(session: AsyncSession, vault: Vault, citizen_id: int) -> HeldData:
    """The person's record and complaints; the caller has proven who is asking."""
    citizen = await session.get_one(Citizen, citizen_id)
    kelurahan = (
        await session.get(Kelurahan, citizen.kelurahan_code) if citizen.kelurahan_code else None
    )
    last_update = (
        select(StatusEvent.complaint_id, func.max(StatusEvent.created_at).label("at"))
        .group_by(StatusEvent.complaint_id)
        .subquery()
    )
    statement = (
        select(Complaint, Category, last_update.c.at)
        .join(Category, Category.id == Complaint.category_id)
        .outerjoin(last_update, last_update.c.complaint_id == Complaint.id)
        .where(Complaint.citizen_id == citizen_id)
        .order_by(Complaint.id.desc())
    )
    complaints = [
        HeldComplaint(complaint, category, updated_at or complaint.created_at)
        for complaint, category, updated_at in await session.execute(statement)
    ]
    return HeldData(
        citizen=citizen,
        nik_masked=_masked(vault, citizen.nik_ciphertext),
        kk_masked=_masked(vault, citizen.kk_ciphertext),
        kelurahan=kelurahan,
        kecamatan=await session.get(Kecamatan, kelurahan.kecamatan_code) if kelurahan else None,
        complaints=complaints,
    )


def _masked(vault: Vault, ciphertext: bytes | None) -> str | None:
    return mask_identity_number(vault.decrypt(ciphertext)) if ciphertext else None
