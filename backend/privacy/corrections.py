"""Correction requests (UU 27/2022 art. 6): a person asks for what is held about them to be
fixed; staff apply the correction or refuse it with a reason within three working days.

Every step is audited and the answer goes back to the chat the request came from,
through the outbox. A corrected NIK or KK is kept only encrypted: in the request
until it is applied, then in the citizen's record with fresh look-up hashes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.access import require_role
from backend.casefiles.sla import add_working_days
from backend.citizens.models import Channel, Citizen
from backend.citizens.repository import get_identity
from backend.clock import local_date, utcnow
from backend.complaints import filing
from backend.errors import Conflict, InvalidInput
from backend.notifications.models import Recipient
from backend.notifications.outbox import queue_message
from backend.privacy.models import CorrectionRequest, CorrectionStatus
from backend.regions.repository import get_kelurahan
from backend.security.crypto import Vault

R = ActorRole
# The roles that work complaints answer corrections too (docs/ARCHITECTURE.md, Who does what).
CORRECTION_HANDLERS = frozenset({R.BACK_OFFICE, R.SUPERVISOR, R.ADMIN})
# Perpres 76/2013 practice for triage: three working days to answer.
CORRECTION_WORKING_DAYS = 3
MIN_OTHER_LENGTH = 10
MAX_TEXT_LENGTH = 1000
REQUESTED_ACTION = "citizen.correction_requested"
APPLIED_ACTION = "citizen.correction_applied"
REFUSED_ACTION = "citizen.correction_refused"
# Outbox templates of the answer (bot/notifier composes them from the chat catalogs).
TEMPLATE_PREFIX = "privacy."
CORRECTED_TEMPLATE = "privacy.correction_corrected"
REFUSED_TEMPLATE = "privacy.correction_refused"


class CorrectionField(StrEnum):
    """What a person may ask to have corrected."""

    FULL_NAME = "full_name"
    PHONE = "phone"
    ADDRESS = "address"
    KELURAHAN = "kelurahan"
    NIK = "nik"
    KK = "kk"
    OTHER = "other"


IDENTITY_FIELDS = frozenset({CorrectionField.NIK, CorrectionField.KK})


def correction_due_on(now: datetime) -> date:
    """The answer's deadline: three working days after the request (WIB dates)."""
    return add_working_days(local_date(now), CORRECTION_WORKING_DAYS)


def check_text(field: str, text: str | None, *, minimum: int = 1) -> str:
    """Free text of a request or an answer: cleaned, not empty, not too long."""
    cleaned = filing.clean_text(text)
    if len(cleaned) < minimum:
        raise InvalidInput(
            f"The {field} is too short", field=field, key="correction-text-too-short"
        )
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            f"The {field} is longer than {MAX_TEXT_LENGTH} characters", field=field,
            key="input-too-long", params={"limit": MAX_TEXT_LENGTH},
        )  # fmt: skip
    return cleaned


async def check_value(session: AsyncSession, field: CorrectionField, text: str) -> str:
    """The corrected value, checked by the same rules as a filing; a kelurahan by its code."""
    match field:
        case CorrectionField.FULL_NAME:
            return filing.check_full_name(text)
        case CorrectionField.PHONE:
            return filing.check_phone(text)
        case CorrectionField.ADDRESS:
            return filing.check_address(text)
        case CorrectionField.NIK:
            return filing.check_nik(text).value
        case CorrectionField.KK:
            return filing.check_kk(text)
        case CorrectionField.KELURAHAN:
            if await get_kelurahan(session, text) is None:
                raise InvalidInput("Unknown kelurahan", field="kelurahan", key="choose-a-button")
            return text
    return check_text("value", text, minimum=MIN_OTHER_LENGTH)


def requested_identity(vault: Vault, request: CorrectionRequest) -> str | None:
    """The corrected NIK or KK of a request, decrypted (the caller audits who sees it)."""
    ciphertext = request.requested_identity_ciphertext
    return vault.decrypt(ciphertext) if ciphertext else None


async def request_correction(
    session: AsyncSession, vault: Vault, *, citizen_id: int, field: CorrectionField, value: str,
    channel: Channel, chat_id: str | None, now: datetime | None = None,
) -> CorrectionRequest:  # fmt: skip
    """Records a person's request, due in three working days, and audits it.

    The caller has proven that the person is asking about themself.
    """
    now = now or utcnow()
    checked = await check_value(session, field, value)
    identity = field in IDENTITY_FIELDS
    request = CorrectionRequest(
        citizen_id=citizen_id, channel=channel, chat_id=chat_id, field=field.value,
        requested_value=None if identity else checked,
        requested_identity_ciphertext=vault.encrypt(checked) if identity else None,
        status=CorrectionStatus.OPEN, due_on=correction_due_on(now), created_at=now,
    )  # fmt: skip
    session.add(request)
    await session.flush()
    record_audit(
        session, Actor(R.CITIZEN, citizen_id=citizen_id), REQUESTED_ACTION, "citizen", citizen_id,
        {"request_id": request.id, "field": field.value, "channel": channel.value},
    )  # fmt: skip
    return request


def _require_open(request: CorrectionRequest) -> None:
    if request.status != CorrectionStatus.OPEN:
        raise Conflict(f"The correction request {request.id} was already {request.status.value}")


async def apply_correction(
    session: AsyncSession, vault: Vault, request: CorrectionRequest, actor: Actor,
    *, note: str | None = None, now: datetime | None = None,
) -> Citizen:  # fmt: skip
    """Writes the correction into the citizen's record, audits it and tells the person.

    "Other" names no field the office can change here: staff say what they did in
    the note, which is then required.
    """
    require_role(actor, CORRECTION_HANDLERS, "answer correction requests")
    _require_open(request)
    now = now or utcnow()
    field = CorrectionField(request.field)
    answer = check_text("note", note) if note and note.strip() else None
    if field == CorrectionField.OTHER and answer is None:
        raise InvalidInput("Say what was corrected", field="note", key="correction-note-needed")
    citizen = await session.get_one(Citizen, request.citizen_id, with_for_update=True)
    await _write(session, vault, citizen, field, request)
    _answer(request, CorrectionStatus.CORRECTED, answer, actor, now)
    record_audit(
        session, actor, APPLIED_ACTION, "citizen", citizen.id,
        {"request_id": request.id, "field": field.value},
    )  # fmt: skip
    await _tell(session, request, CORRECTED_TEMPLATE)
    await session.flush()
    return citizen


async def _write(
    session: AsyncSession, vault: Vault, citizen: Citizen, field: CorrectionField,
    request: CorrectionRequest,
) -> None:  # fmt: skip
    value = request.requested_value or ""
    match field:
        case CorrectionField.FULL_NAME:
            citizen.full_name = value
        case CorrectionField.PHONE:
            citizen.phone = value
        case CorrectionField.ADDRESS:
            citizen.address = value
        case CorrectionField.KELURAHAN:
            citizen.kelurahan_code = value
        case CorrectionField.NIK:
            number = requested_identity(vault, request) or ""
            lookup = vault.lookup_hash(number)
            # nik_lookup is unique: a record already holding this NIK is one person in two
            # records, which staff merge at the office rather than here.
            holder = await session.scalar(
                select(Citizen.id).where(Citizen.nik_lookup == lookup, Citizen.id != citizen.id)
            )
            if holder is not None:
                raise Conflict("Another citizen record already holds this NIK")
            citizen.nik_lookup, citizen.nik_ciphertext = lookup, vault.encrypt(number)
        case CorrectionField.KK:
            number = requested_identity(vault, request) or ""
            citizen.kk_lookup, citizen.kk_ciphertext = (
                vault.lookup_hash(number),
                vault.encrypt(number),
            )
    citizen.updated_at = utcnow()


async def refuse_correction(
    session: AsyncSession, request: CorrectionRequest, actor: Actor, reason: str | None,
    *, now: datetime | None = None,
) -> None:  # fmt: skip
    """Refuses the request with a reason the person reads; audited and told."""
    require_role(actor, CORRECTION_HANDLERS, "answer correction requests")
    _require_open(request)
    checked = check_text("reason", reason)
    _answer(request, CorrectionStatus.REFUSED, checked, actor, now or utcnow())
    record_audit(
        session, actor, REFUSED_ACTION, "citizen", request.citizen_id,
        {"request_id": request.id, "field": request.field},
    )  # fmt: skip
    await _tell(session, request, REFUSED_TEMPLATE)
    await session.flush()


def _answer(
    request: CorrectionRequest, status: CorrectionStatus, answer: str | None, actor: Actor,
    now: datetime,
) -> None:  # fmt: skip
    request.status = status
    request.answer = answer
    request.answered_by_staff_id = actor.staff_id
    request.answered_at = now


async def _tell(session: AsyncSession, request: CorrectionRequest, template: str) -> None:
    """Queues the answer to the chat the request came from (none for a request made elsewhere)."""
    if request.chat_id is None:
        return
    identity = await get_identity(session, request.channel, request.chat_id)
    if identity is None:
        return
    params = {"request_id": request.id, "field": request.field, "note": request.answer or ""}
    queue_message(session, identity, Recipient.CITIZEN, template, params)
