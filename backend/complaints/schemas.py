"""What the complaint endpoints take: queue filters, events, messages, notes, assignment.

What they answer is in responses.py.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.casefiles.models import ComplaintStatus
from backend.citizens.models import Channel
from backend.complaints.lifecycle import LifecycleEvent, Outcome
from backend.complaints.messages import MAX_MESSAGE_LENGTH
from backend.complaints.notes import MAX_NOTE_LENGTH
from backend.complaints.queue import DEFAULT_LIMIT, MAX_LIMIT
from backend.complaints.queue_cursor import QueueSort
from backend.complaints.queue_filters import QueueFilters, Search
from backend.errors import InvalidInput
from backend.ids import ID_TEXT_PATTERN, MAX_ID, RowId, id_from_text

_TEXT = 4000


class QueueQuery(BaseModel):
    """The queue's filters, search, order and page."""

    model_config = ConfigDict(extra="forbid")

    status: list[ComplaintStatus] = Field(
        default_factory=list, description="One or more statuses (repeat the parameter)"
    )
    category: str | None = Field(None, description="Category code, e.g. pkh")
    kecamatan: str | None = Field(None, description="Kemendagri code, e.g. 32.71.04")
    kelurahan: str | None = Field(None, description="Kemendagri code, e.g. 32.71.04.1003")
    assignee: str | None = Field(
        None,
        pattern=rf"^(me|none|{ID_TEXT_PATTERN})$",
        description="A staff id, `me`, or `none` (unassigned)",
    )
    channel: Channel | None = None
    overdue: bool = Field(False, description="Only open complaints whose deadline has passed")
    created_from: date | None = Field(None, description="Filed on or after this WIB date")
    created_to: date | None = Field(None, description="Filed on or before this WIB date")
    q: str | None = Field(
        None,
        max_length=100,
        description="A ticket, an exact 16-digit NIK or KK, a LAPOR! tracking number (#1916449), "
        "a phone number, or part of a name",
    )
    sort: QueueSort = Field(QueueSort.DUE, description="`due` (deadline, none last) or `newest`")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    counts: bool = Field(True, description="Include the counts per status")

    @field_validator("assignee")
    @classmethod
    def _an_id_a_row_can_have(cls, value: str | None) -> str | None:
        # The pattern lets ten digits through; past the id column's range names nobody.
        if value not in (None, "me", "none") and id_from_text(value) is None:
            raise ValueError(f"a staff id is a whole number from 1 to {MAX_ID}")
        return value

    def filters(self, staff_id: int | None) -> QueueFilters:
        """The filters for the queue, with `assignee=me` read as the caller."""
        assignee_id, unassigned = None, False
        if self.assignee == "none":
            unassigned = True
        elif self.assignee == "me":
            if staff_id is None:
                raise InvalidInput("assignee=me needs a staff account", field="assignee")
            assignee_id = staff_id
        elif self.assignee is not None:
            assignee_id = id_from_text(self.assignee)
        text = (self.q or "").strip()
        return QueueFilters(
            statuses=tuple(dict.fromkeys(self.status)),
            category=self.category,
            kecamatan=self.kecamatan,
            kelurahan=self.kelurahan,
            assignee_id=assignee_id,
            unassigned=unassigned,
            channel=self.channel,
            overdue=self.overdue,
            created_from=self.created_from,
            created_to=self.created_to,
            search=Search.read(text) if text else None,
        )


class EventIn(BaseModel):
    """A lifecycle event and the fields it needs (see `allowed_events` of the complaint)."""

    model_config = ConfigDict(extra="forbid")

    event: LifecycleEvent
    note: str | None = Field(None, max_length=_TEXT, description="Public note the citizen reads")
    internal_note: str | None = Field(None, max_length=_TEXT, description="Stays with staff")
    reason: str | None = Field(None, max_length=_TEXT, description="reject and appeal")
    agency: str | None = Field(None, max_length=40, description="Agency code, for refer")
    resolution: str | None = Field(None, max_length=_TEXT, description="resolve, record_outcome")
    outcome: Outcome | None = Field(None, description="record_outcome: in_progress or resolved")


class MessageIn(BaseModel):
    """A message to the citizen, sent by the notifier to the chat the complaint came from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_MESSAGE_LENGTH)


class NoteIn(BaseModel):
    """An internal note for colleagues; never sent to the citizen."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_NOTE_LENGTH)


class AssigneeIn(BaseModel):
    """Whom the complaint goes to; null unassigns it."""

    model_config = ConfigDict(extra="forbid")

    assignee_id: RowId | None


class ReferralAnswerIn(BaseModel):
    """An agency's answer to the open referral and what it means for the complaint."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=_TEXT, description="What the agency answered")
    outcome: Outcome
    resolution: str | None = Field(
        None, max_length=_TEXT, description="Required when the outcome is resolved"
    )
    note: str | None = Field(None, max_length=_TEXT, description="Public note the citizen reads")
    internal_note: str | None = Field(None, max_length=_TEXT)
