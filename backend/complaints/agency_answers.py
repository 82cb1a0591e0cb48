"""An agency's answer through its referral's answer link: no staff member types it.

Accepted and in progress are news along the way: the referral stays open, so the
same link later takes the final answer, and the citizen hears each one. Done fires
`record_outcome` (resolved, with the agency's words as the resolution). Not our
program fires `record_outcome` too, with the outcome in progress: the office takes
the complaint back and handles it (the lifecycle's events are a contract, so no event
of our own); the agency's reason is an internal note for staff. Either final answer
closes the referral, and so its link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus
from backend.complaints.filing import tidy_file_name
from backend.complaints.lifecycle import LifecycleEvent, Outcome
from backend.complaints.news import queue_for_complaint
from backend.complaints.service import MAX_NOTE_LENGTH, EventDetails, EventRefused, fire_event
from backend.errors import InvalidInput
from backend.referrals.models import Agency, AgencyAnswer, AgencyAnswerKind, Referral
from backend.uploads import KeptUpload

AGENCY = Actor(ActorRole.AGENCY)
# The outbox template of news along the way (bot/notifier/compose.py words it).
AGENCY_ANSWER_TEMPLATE = "complaint.agency_answer"
MAX_OFFICER_NAME_LENGTH = 120
# Answers that need words: the outcome the citizen reads, or why it is not the agency's.
_NEEDS_NOTE = frozenset({AgencyAnswerKind.DONE, AgencyAnswerKind.NOT_OUR_PROGRAM})


@dataclass(frozen=True, slots=True)
class AnswerGiven:
    """What the agency answered, as the page and the tests read it back."""

    answer: AgencyAnswer
    complaint: Complaint
    closed: bool


def _checked_note(kind: AgencyAnswerKind, note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note is None and kind in _NEEDS_NOTE:
        raise InvalidInput("Write the outcome, or why it is not your program", field="note")
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"The note takes at most {MAX_NOTE_LENGTH} characters", field="note")
    return note


async def answer_referral(
    session: AsyncSession,
    referral: Referral,
    kind: AgencyAnswerKind,
    *,
    note: str | None,
    officer_name: str | None,
    files: tuple[KeptUpload, ...] = (),
    now: datetime,
) -> AnswerGiven:
    """Records the agency's answer on its open referral (locked by the caller) and tells.

    Raises InvalidInput for a missing or long note, EventRefused when the complaint
    is no longer waiting for the agency.
    """
    note = _checked_note(kind, note)
    officer = (officer_name or "").strip()[:MAX_OFFICER_NAME_LENGTH] or None
    complaint = await session.get_one(Complaint, referral.complaint_id, with_for_update=True)
    agency = await session.get_one(Agency, referral.agency_id)
    if complaint.status != ComplaintStatus.REFERRED:
        raise EventRefused(complaint.status, "agency_answer", "it is not waiting for the agency")
    status_event_id = None
    if kind == AgencyAnswerKind.DONE:
        details = EventDetails(outcome=Outcome.RESOLVED, resolution=note)
        status_event_id = (
            await fire_event(
                session, complaint, LifecycleEvent.RECORD_OUTCOME, AGENCY, details, now=now
            )
        ).id
    elif kind == AgencyAnswerKind.NOT_OUR_PROGRAM:
        details = EventDetails(outcome=Outcome.IN_PROGRESS, internal_note=note)
        status_event_id = (
            await fire_event(
                session, complaint, LifecycleEvent.RECORD_OUTCOME, AGENCY, details, now=now
            )
        ).id
    answer = AgencyAnswer(
        referral_id=referral.id, complaint_id=complaint.id, kind=kind, note=note,
        officer_name=officer, status_event_id=status_event_id, created_at=now,
    )  # fmt: skip
    session.add(answer)
    await session.flush()
    for file in files:
        session.add(
            Attachment(
                complaint_id=complaint.id, agency_answer_id=answer.id,
                status_event_id=status_event_id, kind=file.vetted.kind,
                mime_type=file.vetted.mime_type, size_bytes=len(file.vetted.data),
                original_name=tidy_file_name(file.vetted.file_name), stored_path=file.stored_path,
                sha256=file.sha256, created_at=now,
            )
        )  # fmt: skip
    if status_event_id is None:
        # News along the way: fire_event told the chats of a final answer already.
        params = {
            "ticket": complaint.ticket, "status": complaint.status.value, "answer": kind.value,
            "note": answer.note, "agency_id": agency.name_id, "agency_en": agency.name_en,
        }  # fmt: skip
        await queue_for_complaint(session, complaint, AGENCY, AGENCY_ANSWER_TEMPLATE, params)
    record_audit(
        session, AGENCY, "referral.agency_answered", "complaint", complaint.ticket,
        {"referral_id": referral.id, "agency": agency.code, "answer": kind.value,
         "files": len(files)},
    )  # fmt: skip
    await session.flush()
    return AnswerGiven(answer, complaint, closed=status_event_id is not None)


async def answers_of_referral(session: AsyncSession, referral_id: int) -> list[AgencyAnswer]:
    """The agency's answers to a referral so far, oldest first (the page shows them)."""
    statement = (
        select(AgencyAnswer)
        .where(AgencyAnswer.referral_id == referral_id)
        .order_by(AgencyAnswer.id)
    )
    return list(await session.scalars(statement))
