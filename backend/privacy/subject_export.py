"""Everything held about one person, for their written request (UU 27/2022 art. 7):
the record with whole NIK and KK, their chats, complaints with their histories,
messages, attachments' descriptions, referrals, numbers typed into their cases,
correction requests and the processing log. Built as one dict; JSON and PDF render it.

Only the roles that may see whole identities export, and every export is audited
before anything is read, so no file leaves without its record. Staff's working
notes (internal notes) stay out: they are the office's, and may name others.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.casefiles.access import IDENTITY_VIEWERS, require_role
from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintMessage,
    MessageDirection,
    StatusEvent,
)
from backend.citizens.models import ChannelIdentity, Citizen
from backend.clock import utcnow
from backend.open311.models import Open311Request
from backend.privacy.corrections import requested_identity
from backend.privacy.processing_log import processing_log
from backend.privacy.repository import complaints_of_citizen, corrections_of_citizen
from backend.referrals.models import Agency, AgencyAnswer, Referral
from backend.regions.models import Kecamatan, Kelurahan
from backend.satisfaction.ikm import ELEMENTS
from backend.satisfaction.models import SurveyResponse
from backend.satisfaction.repository import response_of
from backend.security.crypto import Vault

EXPORT_ACTION = "citizen.data_exported"


class SubjectExportFormat(StrEnum):
    """The files a person's data is given in."""

    JSON = "json"
    PDF = "pdf"


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


async def export_subject(
    session: AsyncSession, vault: Vault, complaint: Complaint, actor: Actor,
    file_format: SubjectExportFormat, *, ip_address: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """All data about the person the complaint is about; audited as citizen.data_exported."""
    require_role(actor, IDENTITY_VIEWERS, "export a person's data")
    now = now or utcnow()
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    record_audit(
        session, actor, EXPORT_ACTION, "citizen", citizen.id,
        {"ticket": complaint.ticket, "format": file_format.value}, ip_address=ip_address,
    )  # fmt: skip
    await session.flush()
    complaints = list(reversed(await complaints_of_citizen(session, citizen.id)))
    tickets = {item.id: item.ticket for item in complaints}
    return {
        "generated_at": _when(now),
        "requested_through": {"ticket": complaint.ticket, "format": file_format.value},
        "citizen": await _citizen(session, vault, citizen),
        "channel_identities": await _identities(session, citizen.id),
        "complaints": [await _complaint(session, item) for item in complaints],
        "identity_mentions": await _mentions(session, vault, citizen.id, tickets),
        "correction_requests": [
            {
                "id": request.id,
                "field": request.field,
                "status": request.status.value,
                "requested_value": request.requested_value,
                "requested_identity_number": requested_identity(vault, request),
                "channel": request.channel.value,
                "created_at": _when(request.created_at),
                "due_on": _when(request.due_on),
                "answer": request.answer,
                "answered_at": _when(request.answered_at),
            }
            for request in await corrections_of_citizen(session, citizen.id)
        ],
        "processing_log": [
            {
                "at": _when(entry.at),
                "role": entry.role,
                "action": entry.action,
                "ticket": entry.ticket,
                "to_status": entry.to_status,
            }
            for entry in await processing_log(session, citizen.id)
        ],
    }


async def _citizen(session: AsyncSession, vault: Vault, citizen: Citizen) -> dict[str, Any]:
    kelurahan = (
        await session.get(Kelurahan, citizen.kelurahan_code) if citizen.kelurahan_code else None
    )
    kecamatan = await session.get(Kecamatan, kelurahan.kecamatan_code) if kelurahan else None
    return {
        "id": citizen.id,
        "full_name": citizen.full_name,
        "nik": vault.decrypt(citizen.nik_ciphertext) if citizen.nik_ciphertext else None,
        "kk": vault.decrypt(citizen.kk_ciphertext) if citizen.kk_ciphertext else None,
        "phone": citizen.phone,
        "kelurahan_code": citizen.kelurahan_code,
        "kelurahan": kelurahan.name if kelurahan else None,
        "kecamatan": kecamatan.name if kecamatan else None,
        "address": citizen.address,
        "language": citizen.language,
        "consent_at": _when(citizen.consent_at),
        "consent_method": citizen.consent_method,
        "created_at": _when(citizen.created_at),
        "updated_at": _when(citizen.updated_at),
        "pseudonymised_at": _when(citizen.pseudonymised_at),
    }


async def _identities(session: AsyncSession, citizen_id: int) -> list[dict[str, Any]]:
    """The chats tied to the person, and the chats their complaints were filed from."""
    filed_from = select(Complaint.identity_id).where(Complaint.citizen_id == citizen_id)
    statement = (
        select(ChannelIdentity)
        .where((ChannelIdentity.citizen_id == citizen_id) | ChannelIdentity.id.in_(filed_from))
        .order_by(ChannelIdentity.id)
    )
    return [
        {
            "channel": identity.channel.value,
            "chat_id": identity.chat_id,
            "display_name": identity.display_name,
            "language": identity.language,
            "reachable": identity.is_reachable,
            "created_at": _when(identity.created_at),
        }
        for identity in await session.scalars(statement)
    ]


def _survey(response: SurveyResponse | None) -> dict[str, Any] | None:
    """The satisfaction survey the person answered about the complaint (docs/ikm.md)."""
    if response is None:
        return None
    scores = {element: getattr(response, element) for element in ELEMENTS}
    return {"submitted_at": _when(response.submitted_at), **scores, "comment": response.comment}


async def _complaint(session: AsyncSession, complaint: Complaint) -> dict[str, Any]:
    category = await session.get_one(Category, complaint.category_id)
    events = await session.scalars(
        select(StatusEvent).where(StatusEvent.complaint_id == complaint.id).order_by(StatusEvent.id)
    )
    messages = await session.scalars(
        select(ComplaintMessage)
        .where(
            ComplaintMessage.complaint_id == complaint.id,
            ComplaintMessage.direction != MessageDirection.INTERNAL,
        )
        .order_by(ComplaintMessage.id)
    )
    attachments = await session.scalars(
        select(Attachment).where(Attachment.complaint_id == complaint.id).order_by(Attachment.id)
    )
    referrals = await session.execute(
        select(Referral, Agency)
        .join(Agency, Agency.id == Referral.agency_id)
        .where(Referral.complaint_id == complaint.id)
        .order_by(Referral.id)
    )
    # What agencies answered through their links, by referral.
    agency_answers: dict[int, list[dict[str, Any]]] = {}
    for given in await session.scalars(
        select(AgencyAnswer)
        .where(AgencyAnswer.complaint_id == complaint.id)
        .order_by(AgencyAnswer.id)
    ):
        agency_answers.setdefault(given.referral_id, []).append(
            {"at": _when(given.created_at), "answer": given.kind.value, "note": given.note}
        )
    return {
        "ticket": complaint.ticket,
        "category": {
            "code": category.code,
            "name_id": category.name_id,
            "name_en": category.name_en,
        },
        "filed_for": complaint.filed_for.value,
        "channel": complaint.channel.value,
        "lapor_number": complaint.lapor_number,
        # The email another system gave for this complaint's news (Open311).
        "open311_email": await session.scalar(
            select(Open311Request.email).where(Open311Request.complaint_id == complaint.id)
        ),
        "status": complaint.status.value,
        "description": complaint.description,
        "kelurahan_code": complaint.kelurahan_code,
        "address": complaint.address,
        "created_at": _when(complaint.created_at),
        "updated_at": _when(complaint.updated_at),
        "due_on": _when(complaint.due_on),
        "expected_completion_on": _when(complaint.expected_completion_on),
        "resolved_at": _when(complaint.resolved_at),
        "resolution": complaint.resolution,
        "rejection_reason": complaint.rejection_reason,
        "registry_status": complaint.registry_status.value,
        "registry_programs": complaint.registry_programs or [],
        "citizen_rating": complaint.citizen_rating,
        "survey": _survey(await response_of(session, complaint.id)),
        "status_events": [
            {
                "at": _when(event.created_at),
                "event": event.event,
                "from": event.from_status.value if event.from_status else None,
                "to": event.to_status.value,
                "role": event.actor_role,
                "public_note": event.public_note,
                "due_on": _when(event.due_on),
            }
            for event in events
        ],
        "messages": [
            {
                "at": _when(message.created_at),
                "direction": message.direction.value,
                "role": message.author_role,
                "text": message.text,
            }
            for message in messages
        ],
        "attachments": [
            {
                "kind": attachment.kind,
                "name": attachment.original_name,
                "mime_type": attachment.mime_type,
                "size_bytes": attachment.size_bytes,
                "sha256": attachment.sha256,
                "created_at": _when(attachment.created_at),
                "removed_at": _when(attachment.removed_at),
            }
            for attachment in attachments
        ],
        "referrals": [
            {
                "agency": agency.name_id,
                "agency_code": agency.code,
                "status": referral.status.value,
                "referred_at": _when(referral.referred_at),
                "note": referral.note,
                "answered_at": _when(referral.answered_at),
                "answer": referral.answer,
                "agency_answers": agency_answers.get(referral.id, []),
            }
            for referral, agency in referrals
        ],
    }


async def _mentions(
    session: AsyncSession, vault: Vault, citizen_id: int, tickets: dict[int, str]
) -> list[dict[str, Any]]:
    """Identity numbers typed into the person's record or their complaints, decrypted."""
    statement = (
        select(IdentityMention)
        .where(
            (IdentityMention.citizen_id == citizen_id)
            | IdentityMention.complaint_id.in_(list(tickets))
        )
        .order_by(IdentityMention.id)
    )
    return [
        {
            "ticket": tickets.get(mention.complaint_id) if mention.complaint_id else None,
            "source": mention.source,
            "number": vault.decrypt(mention.ciphertext),
            "created_at": _when(mention.created_at),
        }
        for mention in await session.scalars(statement)
    ]
