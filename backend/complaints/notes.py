"""Internal notes: what staff write on a complaint for each other, never sent to anyone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.casefiles.access import NOTE_WRITERS, require_role
from backend.casefiles.models import Complaint, ComplaintMessage, MessageDirection
from backend.clock import utcnow
from backend.errors import InvalidInput

MAX_NOTE_LENGTH = 4000


async def add_internal_note(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    text: str,
    *,
    now: datetime | None = None,
) -> ComplaintMessage:
    """Adds a staff-only note to the complaint's timeline.

    A NIK or KK typed into it is masked: full numbers are read only through the
    audited view, never in passing.
    """
    require_role(actor, NOTE_WRITERS, "write internal notes")
    text = (text or "").strip()
    if not text:
        raise InvalidInput(
            "The note is empty: write what your colleagues should know", field="text"
        )
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"The note is {len(text)} characters long; at most {MAX_NOTE_LENGTH} fit", field="text"
        )
    note = ComplaintMessage(
        complaint_id=complaint.id,
        direction=MessageDirection.INTERNAL,
        author_role=actor.role.value,
        author_staff_id=actor.staff_id,
        text=text,
        created_at=now or utcnow(),
    )
    session.add(note)
    await session.flush()
    record_audit(
        session, actor, "complaint.note", "complaint", complaint.ticket, {"message_id": note.id}
    )
    return note
