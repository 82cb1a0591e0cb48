"""Filing a complaint, whoever files it: a citizen in the chat, a facilitator, the front office.

One set of rules for every channel: the limits and cleaning of answers, the
no-NIK rule, the guard against filing the same matter twice, and the rows a
filing writes (citizen, complaint, attachments, or a message on the open
complaint it duplicates). The chat checks each answer as it is typed with the
same `check_*` functions. The caller's unit of work commits.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.lapor import normalise_lapor_number
from backend.casefiles.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintMessage,
    FiledFor,
    MessageDirection,
)
from backend.casefiles.repository import get_category_by_code
from backend.citizens.models import Channel, Citizen
from backend.citizens.service import identity_for_chat, save_citizen
from backend.citizens.validators import (
    NAME_MAX_LENGTH,
    InvalidValue,
    Nik,
    parse_kk,
    parse_name,
    parse_nik,
    parse_phone,
)
from backend.clock import utcnow
from backend.complaints.citizen_queries import chat_owns_complaint, find_open_duplicate
from backend.complaints.service import register_complaint
from backend.errors import InvalidInput
from backend.outreach.sources import kelurahan_of_source, poster_source
from backend.regions.models import Kelurahan
from backend.regions.repository import get_kelurahan
from backend.security.crypto import Vault
from backend.staff.areas import covers

# Without a NIK the matter is a civil document first (Disdukcapil), whatever else it is.
NO_NIK_CATEGORY = "civil_documents"
MAX_NAME_LENGTH = NAME_MAX_LENGTH
MIN_ADDRESS_LENGTH = 5
# An address is a line or two; the chat's summary has to fit in one message.
MAX_ADDRESS_LENGTH = 300
MIN_DESCRIPTION_LENGTH = 15
MIN_DESCRIPTION_WORDS = 3
# A description is read in one chat message, which holds 4,096 characters.
MAX_DESCRIPTION_LENGTH = 4096
MAX_FILE_NAME_LENGTH = 255
# Control characters (NUL above all: PostgreSQL refuses it) are dropped; tabs and lines stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

Checked = TypeVar("Checked")


# --- answers, one at a time ---------------------------------------------------------------
def clean_text(text: str | None) -> str:
    """Typed text without control characters or surrounding white space."""
    return _CONTROL.sub("", text or "").strip()


def invalid_key(code: str) -> str:
    """Catalog key of a validator's code: nik.length → invalid-nik-length."""
    return "invalid-" + code.replace(".", "-").replace("_", "-")


def _refused(field: str, key: str, message: str, **params: int) -> InvalidInput:
    return InvalidInput(message, field=field, key=key, params=params)


def _validated(field: str, parser: Callable[[str], Checked], text: str | None) -> Checked:
    try:
        return parser(clean_text(text))
    except InvalidValue as problem:
        raise _refused(
            field, invalid_key(problem.code), f"Invalid {field}: {problem.code}"
        ) from None


def check_full_name(text: str | None) -> str:
    """A person's name: letters and the punctuation of names, at most MAX_NAME_LENGTH."""
    return _validated("full_name", parse_name, text)


def check_nik(text: str | None) -> Nik:
    """A NIK, its separators removed; one issued outside Kota Bogor is accepted (and flagged)."""
    return _validated("nik", parse_nik, text)


def check_kk(text: str | None) -> str:
    """A family card number, its separators removed."""
    return _validated("kk", parse_kk, text)


def check_phone(text: str | None) -> str:
    """An Indonesian phone number in international form (+62…)."""
    return _validated("phone", parse_phone, text)


def check_address(text: str | None) -> str:
    """An address detail (street, number, RT/RW) on one line."""
    address = " ".join(clean_text(text).split())
    if len(address) < MIN_ADDRESS_LENGTH:
        raise _refused("address", "address-too-short", "The address is too short")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise _refused(
            "address", "address-too-long", "The address is too long", limit=MAX_ADDRESS_LENGTH
        )
    return address


def check_description(text: str | None) -> str:
    """What the problem is: at least a sentence of a few words, at most one chat message."""
    description = clean_text(text)
    if (
        len(description) < MIN_DESCRIPTION_LENGTH
        or len(description.split()) < MIN_DESCRIPTION_WORDS
    ):
        raise _refused("description", "description-too-short", "The description is too short")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise _refused(
            "description", "description-too-long", "The description is too long",
            limit=MAX_DESCRIPTION_LENGTH,
        )  # fmt: skip
    return description


def tidy_file_name(name: str | None) -> str | None:
    """A file name that any database stores: no control characters, at most 255 long."""
    name = clean_text(name)
    if len(name) > MAX_FILE_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep_extension = dot and len(extension) <= 10
        name = (
            stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1] + "." + extension
            if keep_extension
            else name[:MAX_FILE_NAME_LENGTH]
        )
    return name or None


# --- what a filing is made of ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Person:
    """Who the complaint is about, as typed (identity numbers in plain text)."""

    full_name: str
    nik: str | None
    kk: str | None = None
    phone: str | None = None
    kelurahan_code: str | None = None
    address: str | None = None
    language: str = "id"


@dataclass(frozen=True, slots=True)
class AttachmentFile:
    """A photo or document a channel received; the channel keeps the bytes or their path."""

    kind: str
    channel_file_id: str | None
    mime_type: str | None = None
    size_bytes: int | None = None
    original_name: str | None = None
    stored_path: str | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class FilingRequest:
    """A complaint to file: the person, the matter, and who files it from where."""

    person: Person
    category_code: str | None
    description: str
    channel: Channel
    # A citizen (their id is filled in once the record is saved), a facilitator, or staff.
    actor: Actor
    # How the person's consent was given; None: it was not, and nothing may be stored.
    consent_method: str | None
    # The person has no NIK: the complaint is a civil-documents matter (NO_NIK_CATEGORY).
    no_nik: bool = False
    filed_for: FiledFor = FiledFor.SELF
    # The chat it was typed in (a citizen's complaint answers there), and that chat's language.
    chat_id: str | None = None
    chat_language: str = "id"
    attachments: tuple[AttachmentFile, ...] = ()
    # The outreach source the chat was opened from (backend/outreach/sources.py), if any.
    source: str | None = None
    # A complaint staff register from LAPOR!-SP4N: its tracking number, as typed.
    lapor_number: str | None = None


class OnDuplicate(StrEnum):
    """What to do when the person already has an open complaint about the same matter."""

    # File nothing; say which complaint it is, so the filer can choose.
    ASK = "ask"
    FILE_NEW = "file_new"
    # Add the description and files to the open complaint offered (if it still is the one).
    ADD = "add"


class FilingResult(StrEnum):
    """What came of a filing."""

    FILED = "filed"
    DUPLICATE_FOUND = "duplicate_found"
    ADDED_TO_EXISTING = "added_to_existing"


@dataclass(frozen=True, slots=True)
class FilingOutcome:
    """The result and its complaint: the new one, or the open one it duplicates or joined."""

    result: FilingResult
    complaint: Complaint
    citizen: Citizen | None = None
    message: ComplaintMessage | None = None


class InvalidFiling(InvalidInput):
    """Answers of a filing are not acceptable; `problems` has one error per field."""

    def __init__(self, problems: list[InvalidInput]) -> None:
        first = problems[0]
        super().__init__(
            "; ".join(problem.message for problem in problems),
            field=first.field, key=first.key, params=first.params,
        )  # fmt: skip
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class _Checked:
    consent_method: str
    full_name: str
    nik: Nik | None
    kk: str | None
    phone: str | None
    kelurahan: Kelurahan
    address: str
    category: Category
    description: str
    lapor_number: str | None = None


# --- filing -------------------------------------------------------------------------------
async def file_complaint(
    session: AsyncSession,
    vault: Vault,
    request: FilingRequest,
    *,
    on_duplicate: OnDuplicate = OnDuplicate.ASK,
    offered_ticket: str | None = None,
    now: datetime | None = None,
) -> FilingOutcome:
    """Checks the answers and registers the complaint, or finds the open one it duplicates."""
    now = now or utcnow()
    checked = await _check_filing(session, request)
    if on_duplicate != OnDuplicate.FILE_NEW and checked.nik is not None:
        lookup = vault.lookup_hash(checked.nik.value)
        duplicate = await visible_duplicate(session, request, lookup, checked.category)
        if duplicate is not None and on_duplicate == OnDuplicate.ASK:
            return FilingOutcome(FilingResult.DUPLICATE_FOUND, duplicate)
        if duplicate is not None and duplicate.ticket == offered_ticket:
            message = await _add_to_open_complaint(session, duplicate, request, checked, now)
            return FilingOutcome(FilingResult.ADDED_TO_EXISTING, duplicate, message=message)
        # Closed (or another became the newest) since it was offered: a new complaint it is.
    citizen = await save_citizen(
        session, vault, full_name=checked.full_name,
        nik=checked.nik.value if checked.nik else None, kk=checked.kk, phone=checked.phone,
        kelurahan_code=checked.kelurahan.code, address=checked.address,
        language=request.person.language, consent_method=checked.consent_method, now=now,
    )  # fmt: skip
    actor = request.actor
    identity = None
    if actor.role == ActorRole.CITIZEN:
        actor = dataclasses.replace(actor, citizen_id=citizen.id)
        if request.chat_id is not None:
            # Status messages go back to the chat the citizen filed from.
            identity = await identity_for_chat(
                session, request.channel, request.chat_id,
                language=request.chat_language, citizen=citizen,
            )  # fmt: skip
    complaint = await register_complaint(
        session, citizen=citizen, category=checked.category, description=checked.description,
        channel=request.channel, actor=actor, identity=identity,
        facilitator_id=actor.facilitator_id, filed_for=request.filed_for,
        kelurahan_code=checked.kelurahan.code, address=checked.address,
        nik_outside_city=checked.nik is not None and not checked.nik.issued_in_kota_bogor, now=now,
    )  # fmt: skip
    complaint.source = await kept_source(session, request)
    complaint.lapor_number = checked.lapor_number
    store_attachments(session, complaint.id, request.attachments, now=now)
    return FilingOutcome(FilingResult.FILED, complaint, citizen=citizen)


async def kept_source(session: AsyncSession, request: FilingRequest) -> str | None:
    """The source stored on the complaint: a citizen's poster of a kelurahan on record, else None.

    Posters speak to citizens, so a facilitator's or the front office's filing has none;
    a source that names no kelurahan on record (a mistyped or made-up link) is dropped
    without a word, and the complaint is filed as any other.
    """
    if request.actor.role != ActorRole.CITIZEN:
        return None
    code = kelurahan_of_source(request.source)
    if code is None or await get_kelurahan(session, code) is None:
        return None
    return poster_source(code)


async def _check_filing(session: AsyncSession, request: FilingRequest) -> _Checked:
    """Every answer checked at once; InvalidFiling names each one that is not acceptable."""
    problems: list[InvalidInput] = []

    def attempt(check: Callable[[str | None], Checked], text: str | None) -> Checked | None:
        try:
            return check(text)
        except InvalidInput as problem:
            problems.append(problem)
            return None

    person = request.person
    if not request.consent_method:
        problems.append(_refused("consent", "consent-required", "Consent is not recorded"))
    full_name = attempt(check_full_name, person.full_name)
    nik = None
    if not request.no_nik:
        if clean_text(person.nik):
            nik = attempt(check_nik, person.nik)
        else:
            problems.append(_refused("nik", "nik-required", "A NIK, or no_nik, is required"))
    kk = attempt(check_kk, person.kk) if clean_text(person.kk) else None
    phone = attempt(check_phone, person.phone) if clean_text(person.phone) else None
    kelurahan = await get_kelurahan(session, clean_text(person.kelurahan_code))
    # Staff limited to areas file only there (a walk-in of elsewhere goes to that office).
    if kelurahan is None or not covers(request.actor, kelurahan.code):
        kelurahan = None
        problems.append(_refused("kelurahan", "kelurahan-required", "Unknown kelurahan"))
    address = attempt(check_address, person.address)
    code = NO_NIK_CATEGORY if request.no_nik else clean_text(request.category_code)
    category = await get_category_by_code(session, code)
    if category is None or not category.is_active:
        problems.append(_refused("category", "category-required", f"No active category '{code}'"))
    description = attempt(check_description, request.description)
    lapor_number = None
    if clean_text(request.lapor_number):
        lapor_number = normalise_lapor_number(clean_text(request.lapor_number))
        if lapor_number is None:
            problems.append(
                _refused("lapor_number", "lapor-number-invalid", "Not a LAPOR! tracking number")
            )
    if problems:
        raise InvalidFiling(problems)
    assert request.consent_method and full_name and kelurahan and address and description
    assert category is not None
    return _Checked(
        request.consent_method, full_name, nik, kk, phone, kelurahan, address, category,
        description, lapor_number,
    )  # fmt: skip


async def visible_duplicate(
    session: AsyncSession, request: FilingRequest, nik_lookup: str, category: Category
) -> Complaint | None:
    """The open complaint about the same NIK and category, if the filer may be shown it.

    A citizen is shown only one filed from the same chat: anything else would tell
    whoever typed the NIK that the person has a complaint, and its ticket. A
    facilitator is shown only their own cases; office staff see any.
    """
    found = await find_open_duplicate(session, nik_lookup, category.id)
    if found is None:
        return None
    role = request.actor.role
    if role == ActorRole.CITIZEN:
        if request.chat_id is None or not await chat_owns_complaint(
            session, found, request.channel, request.chat_id
        ):
            return None
    elif role == ActorRole.FACILITATOR and found.facilitator_id != request.actor.facilitator_id:
        return None
    return found


async def _add_to_open_complaint(
    session: AsyncSession,
    complaint: Complaint,
    request: FilingRequest,
    checked: _Checked,
    now: datetime,
) -> ComplaintMessage:
    identity_id = None
    if request.chat_id is not None:
        identity = await identity_for_chat(
            session, request.channel, request.chat_id,
            language=request.chat_language, citizen=None,
        )  # fmt: skip
        identity_id = identity.id
    return await add_inbound_message(
        session, complaint, request.actor, text=checked.description, identity_id=identity_id,
        attachments=request.attachments, now=now,
    )  # fmt: skip


# --- messages and attachments -------------------------------------------------------------
async def add_inbound_message(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    *,
    text: str | None,
    identity_id: int | None,
    attachments: tuple[AttachmentFile, ...] = (),
    now: datetime | None = None,
) -> ComplaintMessage:
    """Keeps what the household's side sent about a complaint, with its files (staff read it)."""
    now = now or utcnow()
    message = ComplaintMessage(
        complaint_id=complaint.id, direction=MessageDirection.INBOUND,
        author_role=actor.role.value, identity_id=identity_id, text=text, created_at=now,
    )  # fmt: skip
    session.add(message)
    await session.flush()
    store_attachments(session, complaint.id, attachments, message_id=message.id, now=now)
    return message


def store_attachments(
    session: AsyncSession,
    complaint_id: int,
    files: tuple[AttachmentFile, ...],
    *,
    message_id: int | None = None,
    status_event_id: int | None = None,
    now: datetime | None = None,
) -> list[Attachment]:
    """Adds the files to the complaint (and to the message or status event they came with)."""
    now = now or utcnow()
    rows = []
    for file in files:
        row = Attachment(
            complaint_id=complaint_id, message_id=message_id, status_event_id=status_event_id,
            kind=file.kind, channel_file_id=file.channel_file_id, mime_type=file.mime_type,
            size_bytes=file.size_bytes, original_name=tidy_file_name(file.original_name),
            stored_path=file.stored_path, sha256=file.sha256, created_at=now,
        )  # fmt: skip
        session.add(row)
        rows.append(row)
    return rows
