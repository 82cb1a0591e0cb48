"""Showing a household's full NIK and KK to staff: allowed roles only, every view audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.casefiles.access import IDENTITY_VIEWERS, require_role
from backend.casefiles.models import Complaint
from backend.citizens.models import Citizen
from backend.security.crypto import Vault

VIEW_ACTION = "citizen.identity_viewed"


@dataclass(frozen=True, slots=True)
class RevealedIdentity:
    """The full identity numbers of the person a complaint is about."""

    nik: str | None
    kk: str | None


async def reveal_identity(
    session: AsyncSession,
    vault: Vault,
    complaint: Complaint,
    actor: Actor,
    *,
    ip_address: str | None = None,
) -> RevealedIdentity:
    """Decrypts the NIK and KK and writes who saw them, when and from where (UU 27/2022)."""
    require_role(actor, IDENTITY_VIEWERS, "see full NIK and KK")
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    revealed = RevealedIdentity(
        nik=vault.decrypt(citizen.nik_ciphertext) if citizen.nik_ciphertext else None,
        kk=vault.decrypt(citizen.kk_ciphertext) if citizen.kk_ciphertext else None,
    )
    shown = [name for name in ("nik", "kk") if getattr(revealed, name) is not None]
    record_audit(
        session, actor, VIEW_ACTION, "citizen", citizen.id,
        {"ticket": complaint.ticket, "fields": shown}, ip_address=ip_address,
    )  # fmt: skip
    return revealed
