"""Showing a household's full NIK and KK to staff: allowed roles only, every view audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.casefiles.access import IDENTITY_VIEWERS, require_role
from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import Complaint
from backend.citizens.models import Citizen
from backend.security.crypto import Vault

VIEW_ACTION = "citizen.identity_viewed"


@dataclass(frozen=True, slots=True)
class TypedNumber:
    """An identity number someone typed into the case's text, and where."""

    source: str
    number: str


@dataclass(frozen=True, slots=True)
class RevealedIdentity:
    """The full identity numbers of the person a complaint is about, and those typed in its text."""

    nik: str | None
    kk: str | None
    typed: tuple[TypedNumber, ...] = ()


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
    mentions = await session.scalars(
        select(IdentityMention)
        .where(or_(
            IdentityMention.complaint_id == complaint.id,
            IdentityMention.citizen_id == citizen.id,
        ))
        .order_by(IdentityMention.id)
    )  # fmt: skip
    revealed = RevealedIdentity(
        nik=vault.decrypt(citizen.nik_ciphertext) if citizen.nik_ciphertext else None,
        kk=vault.decrypt(citizen.kk_ciphertext) if citizen.kk_ciphertext else None,
        typed=tuple(_distinct(
            TypedNumber(mention.source, vault.decrypt(mention.ciphertext)) for mention in mentions
        )),
    )  # fmt: skip
    shown = [name for name in ("nik", "kk") if getattr(revealed, name) is not None]
    detail = {"ticket": complaint.ticket, "fields": shown, "typed_numbers": len(revealed.typed)}
    record_audit(session, actor, VIEW_ACTION, "citizen", citizen.id, detail, ip_address=ip_address)
    return revealed


def _distinct(numbers: Iterable[TypedNumber]) -> list[TypedNumber]:
    # The same number typed twice in one field is shown once.
    return list(dict.fromkeys(numbers))
