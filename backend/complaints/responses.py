"""What the complaint endpoints answer; NIK and KK appear only masked, except in IdentityOut.

The queue's answers are in queue_responses.py.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from backend.casefiles.models import Complaint, ComplaintStatus, RegistryStatus
from backend.citizens.models import Channel
from backend.complaints.detail import ComplaintView
from backend.complaints.timeline import TimelineEntry
from backend.registry.routes import RouteKind, SuggestedRoute


class CategoryOut(BaseModel):
    """A complaint category."""

    code: str
    name_id: str
    name_en: str


class PlaceOut(BaseModel):
    """A kelurahan or kecamatan, by Kemendagri code."""

    code: str
    name: str


class PersonOut(BaseModel):
    """A staff member or facilitator, by id and name."""

    id: int
    full_name: str


class HouseholdOut(BaseModel):
    """The person the complaint is about; NIK and KK masked (GET …/nik shows them, audited)."""

    full_name: str
    nik_masked: str | None
    kk_masked: str | None
    phone: str | None
    address: str | None
    nik_outside_city: bool
    consent_at: datetime | None
    consent_method: str | None


class RegistryOut(BaseModel):
    """The household's standing in the DTKS/DTSEN extract when the complaint was checked."""

    status: RegistryStatus
    decile: int | None
    programs: list[str] | None
    checked_at: datetime | None


class RouteOut(BaseModel):
    """Where the registry result and the category suggest the complaint go; staff decide."""

    kind: RouteKind = Field(
        description="refer_to_program: a registered household's complaint about a program; "
        "inclusion_proposal: the household is not registered; category_agency: anything else"
    )
    agency_code: str | None = Field(
        description="The agency to refer to (the `agency` of the refer event); none for a proposal"
    )
    program: str | None = Field(description="The program the complaint is about (pkh, bpnt, …)")
    receives_program: bool | None = Field(
        description="Whether the registry lists the household as receiving that program"
    )
    explanation: str = Field(description="Why, in Bahasa Indonesia / English")


class AttachmentOut(BaseModel):
    """A photo or document attached to the complaint (metadata only)."""

    id: int
    kind: str
    original_name: str | None
    mime_type: str | None
    size_bytes: int | None
    sha256: str | None
    created_at: datetime


class AttemptOut(BaseModel):
    """One try to deliver a message."""

    at: datetime
    result: str
    error: str | None


class DeliveryOut(BaseModel):
    """A message the notifier sends or sent, and how it went."""

    id: int
    recipient: str
    template: str
    status: str
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None
    relay_of_id: int | None
    attempts: list[AttemptOut]


class TimelineEntryOut(BaseModel):
    """One thing that happened; `kind` is status, message_in, message_out, note, referral,
    referral_answer, agency_answer (an agency's answer through its link; `event` is accepted,
    in_progress, done or not_our_program), delivery, or a home visit: visit_requested (`text`
    the reason, `due_on`), visit_taken, visit_done (`text` the findings), visit_cancelled;
    it says which fields are set. A facilitator's entry has their name in `actor_name`."""

    at: datetime
    kind: str
    id: int
    actor_role: str | None
    actor_staff_id: int | None
    actor_name: str | None
    event: str | None
    from_status: ComplaintStatus | None
    to_status: ComplaintStatus | None
    public_note: str | None
    internal_note: str | None
    due_on: date | None
    text: str | None
    agency_code: str | None
    agency_name: str | None
    deliveries: list[DeliveryOut]


class AllowedEventOut(BaseModel):
    """An event you may fire now and the fields it needs."""

    event: str
    requires: list[str]
    outcomes: dict[str, list[str]] | None = Field(
        None, description="record_outcome: the extra fields each outcome needs"
    )


class ComplaintOut(BaseModel):
    """A complaint with its household, registry check and suggested route, attachments and
    timeline."""

    ticket: str
    status: ComplaintStatus
    category: CategoryOut
    channel: Channel
    lapor_number: str | None = Field(None, description="LAPOR!-SP4N tracking number (digits)")
    filed_for: str
    description: str
    address: str | None
    kelurahan: PlaceOut | None
    kecamatan: PlaceOut | None
    assignee: PersonOut | None
    facilitator: PersonOut | None
    due_on: date | None
    due_state: str | None
    expected_completion_on: date | None
    resolution: str | None
    rejection_reason: str | None
    appeal_count: int
    needs_phone_call_since: datetime | None
    citizen_rating: int | None
    created_at: datetime
    updated_at: datetime
    version: int
    household: HouseholdOut
    registry: RegistryOut
    suggested_route: RouteOut
    attachments: list[AttachmentOut]
    timeline: list[TimelineEntryOut]
    allowed_events: list[AllowedEventOut]


class RegistryCheckOut(BaseModel):
    """The registry result of a check run just now, and the route it suggests."""

    ticket: str
    registry: RegistryOut
    suggested_route: RouteOut


class TypedNumberOut(BaseModel):
    """An identity number found in the case's text, kept encrypted apart from it."""

    source: str
    number: str


class IdentityOut(BaseModel):
    """The full NIK and KK; this view was written to the audit log."""

    ticket: str
    nik: str | None
    kk: str | None
    # Identity numbers typed into the case's free text, with the field: "complaints.description".
    typed_numbers: list[TypedNumberOut] = []


class MessageOut(BaseModel):
    """A message or note as stored."""

    id: int
    kind: str
    text: str | None
    created_at: datetime
    queued_deliveries: int = Field(0, description="Chats the notifier will send it to")


def place(code: str | None, name: str | None) -> PlaceOut | None:
    """A place, or None when its code or name is missing."""
    return PlaceOut(code=code, name=name) if code and name else None


def person(person_id: int, full_name: str) -> PersonOut:
    """A person by id and name."""
    return PersonOut(id=person_id, full_name=full_name)


def registry_out(complaint: Complaint) -> RegistryOut:
    """The registry result last written on a complaint."""
    return RegistryOut(
        status=complaint.registry_status,
        decile=complaint.registry_decile,
        programs=complaint.registry_programs,
        checked_at=complaint.registry_checked_at,
    )


def route_out(route: SuggestedRoute) -> RouteOut:
    """The API form of a suggested route."""
    return RouteOut(
        kind=route.kind,
        agency_code=route.agency_code,
        program=route.program,
        receives_program=route.receives_program,
        explanation=route.explanation,
    )


def _entry_out(entry: TimelineEntry) -> TimelineEntryOut:
    data = {
        name: getattr(entry, name) for name in TimelineEntryOut.model_fields if name != "deliveries"
    }
    deliveries = [
        DeliveryOut(
            **{name: getattr(d, name) for name in DeliveryOut.model_fields if name != "attempts"},
            attempts=[AttemptOut(at=a.at, result=a.result, error=a.error) for a in d.attempts],
        )
        for d in entry.deliveries
    ]
    return TimelineEntryOut(**data, deliveries=deliveries)


def complaint_out(view: ComplaintView) -> ComplaintOut:
    """The API form of a complaint view."""
    c, citizen = view.complaint, view.citizen
    return ComplaintOut(
        ticket=c.ticket,
        status=c.status,
        channel=c.channel,
        lapor_number=c.lapor_number,
        filed_for=c.filed_for.value,
        category=CategoryOut(
            code=view.category.code, name_id=view.category.name_id, name_en=view.category.name_en
        ),
        description=c.description,
        address=c.address,
        kelurahan=place(c.kelurahan_code, view.kelurahan.name if view.kelurahan else None),
        kecamatan=place(view.kecamatan.code, view.kecamatan.name) if view.kecamatan else None,
        assignee=person(view.assignee.id, view.assignee.full_name) if view.assignee else None,
        facilitator=person(view.facilitator.id, view.facilitator.full_name)
        if view.facilitator
        else None,
        due_on=c.due_on,
        due_state=view.due_state,
        expected_completion_on=c.expected_completion_on,
        resolution=c.resolution,
        rejection_reason=c.rejection_reason,
        appeal_count=c.appeal_count,
        needs_phone_call_since=c.needs_phone_call_since,
        citizen_rating=c.citizen_rating,
        created_at=c.created_at,
        updated_at=c.updated_at,
        version=c.version,
        household=HouseholdOut(
            full_name=citizen.full_name,
            nik_masked=view.nik_masked,
            kk_masked=view.kk_masked,
            phone=citizen.phone,
            address=citizen.address,
            nik_outside_city=c.nik_outside_city,
            consent_at=citizen.consent_at,
            consent_method=citizen.consent_method,
        ),
        registry=registry_out(c),
        suggested_route=route_out(view.route),
        attachments=[
            AttachmentOut(
                id=a.id,
                kind=a.kind,
                original_name=a.original_name,
                mime_type=a.mime_type,
                size_bytes=a.size_bytes,
                sha256=a.sha256,
                created_at=a.created_at,
            )
            for a in view.attachments
        ],
        timeline=[_entry_out(entry) for entry in view.timeline],
        allowed_events=[
            AllowedEventOut(
                event=a.event.value,
                requires=list(a.requires),
                outcomes={k: list(v) for k, v in a.outcomes.items()} if a.outcomes else None,
            )
            for a in view.allowed_events
        ],
    )
