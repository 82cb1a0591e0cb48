"""Replacing the personal data of long-finished complaints and their citizens.

What makes the statistics stays: category, kelurahan, channel, dates, statuses,
deadlines, rating, the registry standing. What says who the person is, or what
their life was like, goes: free text becomes a fixed marker, identity numbers and
contacts become NULL, the name becomes a pseudonym. Bulk UPDATEs, so a run over
years of complaints neither loads them nor bumps their `updated_at`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, delete, literal, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import Complaint, ComplaintMessage, StatusEvent
from backend.citizens.models import ChannelIdentity, Citizen
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.open311.models import Open311Request
from backend.privacy.models import CorrectionRequest
from backend.privacy.retention_due import CHUNK
from backend.referrals.models import AgencyAnswer, Referral
from backend.registry.models import InclusionProposal
from backend.satisfaction.models import SurveyResponse

# What staff read where the text was; it says why, so nobody thinks it was lost.
REMOVED_MARKER = "[dihapus sesuai kebijakan retensi / removed under the retention policy]"
PSEUDONYM_PREFIX = "Warga #"
# Messages still to be sent keep what their template needs.
_UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _marked(column: Any) -> ColumnElement[Any]:
    """The marker where the column has text; NULL stays NULL (nothing was written there)."""
    return case((column.is_(None), column), else_=literal(REMOVED_MARKER, String))


async def pseudonymise_complaints(
    session: AsyncSession, complaint_ids: Sequence[int], now: datetime
) -> None:
    """Replaces the free text of these complaints and forgets the numbers typed in it."""
    for ids in _chunks(complaint_ids):
        await session.execute(
            update(Complaint).where(Complaint.id.in_(ids)).values(
                description=REMOVED_MARKER, address=_marked(Complaint.address),
                resolution=_marked(Complaint.resolution),
                rejection_reason=_marked(Complaint.rejection_reason),
                pseudonymised_at=now, updated_at=Complaint.updated_at,
                version=Complaint.version + 1,
            ).execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(
            update(StatusEvent).where(StatusEvent.complaint_id.in_(ids)).values(
                public_note=_marked(StatusEvent.public_note),
                internal_note=_marked(StatusEvent.internal_note),
            ).execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(
            update(ComplaintMessage).where(ComplaintMessage.complaint_id.in_(ids))
            .values(text=_marked(ComplaintMessage.text))
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(
            update(Referral).where(Referral.complaint_id.in_(ids))
            .values(note=_marked(Referral.note), answer=_marked(Referral.answer))
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(
            update(AgencyAnswer).where(AgencyAnswer.complaint_id.in_(ids))
            .values(note=_marked(AgencyAnswer.note))
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        # A survey's comment is the person's own words; its scores stay, as statistics.
        await session.execute(
            update(SurveyResponse).where(SurveyResponse.complaint_id.in_(ids))
            .values(comment=_marked(SurveyResponse.comment))
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        # Sent messages kept the household's name and the notes in their parameters.
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.complaint_id.in_(ids), OutboxMessage.status.not_in(_UNSENT))
            .values(params={})
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(delete(IdentityMention).where(IdentityMention.complaint_id.in_(ids)))
        # The email an Open311 filer gave for news (its news then flag a phone call instead).
        await session.execute(
            update(Open311Request).where(Open311Request.complaint_id.in_(ids))
            .values(email=None)
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip


async def pseudonymise_citizens(
    session: AsyncSession, citizen_ids: Sequence[int], now: datetime,
    still_due: ColumnElement[bool],
) -> int:  # fmt: skip
    """Gives these citizens a pseudonym and removes their numbers, contacts and notes.

    `still_due` is asked again by the UPDATE itself: a citizen who filed a new
    complaint since the ids were read keeps their data. Answers how many changed.
    """
    changed = 0
    for chunk in _chunks(citizen_ids):
        ids = list(await session.scalars(
            update(Citizen).where(Citizen.id.in_(chunk), still_due).values(
                full_name=literal(PSEUDONYM_PREFIX, String) + cast(Citizen.id, String),
                nik_lookup=None, nik_ciphertext=None, kk_lookup=None, kk_ciphertext=None,
                phone=None, address=None, pseudonymised_at=now, updated_at=Citizen.updated_at,
            ).returning(Citizen.id).execution_options(synchronize_session="fetch")
        ))  # fmt: skip
        changed += len(ids)
        await session.execute(
            update(ChannelIdentity).where(ChannelIdentity.citizen_id.in_(ids))
            .values(display_name=None)
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(
            update(CorrectionRequest).where(CorrectionRequest.citizen_id.in_(ids)).values(
                requested_value=_marked(CorrectionRequest.requested_value),
                requested_identity_ciphertext=None, answer=_marked(CorrectionRequest.answer),
            ).execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(
            update(InclusionProposal).where(InclusionProposal.citizen_id.in_(ids))
            .values(note=_marked(InclusionProposal.note), version=InclusionProposal.version + 1)
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        await session.execute(delete(IdentityMention).where(IdentityMention.citizen_id.in_(ids)))
    return changed
