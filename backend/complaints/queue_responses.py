"""What the queue endpoints answer: a page of complaints, NIK masked, and counts per status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from backend.casefiles.models import ComplaintStatus, RegistryStatus
from backend.citizens.models import Channel
from backend.complaints.queue import QueueItem, QueuePage
from backend.complaints.responses import CategoryOut, PersonOut, PlaceOut


class QueueItemOut(BaseModel):
    """One complaint in the queue."""

    ticket: str
    status: ComplaintStatus
    category: CategoryOut
    channel: Channel
    citizen_name: str
    nik_masked: str | None = Field(description="Like 3271********0001")
    phone: str | None
    kelurahan: PlaceOut | None
    kecamatan: PlaceOut | None
    assignee: PersonOut | None
    facilitator_id: int | None
    due_on: date | None
    due_state: str | None = Field(description="overdue, due_soon, on_track, or null")
    registry_status: RegistryStatus
    needs_phone_call: bool
    created_at: datetime


class StatusCountOut(BaseModel):
    """Complaints with one status under the current filters (status filter aside)."""

    status: ComplaintStatus
    count: int
    capped: bool = Field(description="True: there are at least `count`, and counting stopped")


class QueuePageOut(BaseModel):
    """A page of the queue."""

    items: list[QueueItemOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )
    counts: list[StatusCountOut] | None


def _place(code: str | None, name: str | None) -> dict[str, str] | None:
    return {"code": code, "name": name} if code and name else None


def queue_item_out(item: QueueItem) -> dict[str, Any]:
    """The API form of a queue row, as the plain values QueueItemOut validates."""
    c = item.complaint
    return {
        "ticket": c.ticket,
        "status": c.status,
        "channel": c.channel,
        "category": {
            "code": item.category_code,
            "name_id": item.category_name_id,
            "name_en": item.category_name_en,
        },
        "citizen_name": item.citizen_name,
        "nik_masked": item.nik_masked,
        "phone": item.phone,
        "kelurahan": _place(c.kelurahan_code, item.kelurahan_name),
        "kecamatan": _place(item.kecamatan_code, item.kecamatan_name),
        "assignee": {"id": c.assignee_id, "full_name": item.assignee_name}
        if c.assignee_id and item.assignee_name
        else None,
        "facilitator_id": c.facilitator_id,
        "due_on": c.due_on,
        "due_state": item.due_state,
        "registry_status": c.registry_status,
        "needs_phone_call": c.needs_phone_call_since is not None,
        "created_at": c.created_at,
    }


def queue_page_out(page: QueuePage) -> QueuePageOut:
    """The API form of a queue page.

    The page is validated in one call from plain values: a model built per item, per
    category, place and person was the largest part of a request's Python time.
    """
    counts = None
    if page.counts is not None:
        counts = [{"status": c.status, "count": c.count, "capped": c.capped} for c in page.counts]
    return QueuePageOut.model_validate(
        {
            "items": [queue_item_out(item) for item in page.items],
            "next_cursor": page.next_cursor,
            "counts": counts,
        }
    )
