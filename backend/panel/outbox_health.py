"""The outbox's health for supervisors and admins: on the dashboard, and the parked messages.

The figures are the ones /metrics gives Prometheus (backend/notifications/repository.py),
so the panel and the alerts never disagree. A parked message is sent again with
`slrt outbox --requeue ID`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.repository import tickets_of
from backend.notifications.models import OutboxMessage
from backend.notifications.repository import (
    OutboxBacklog,
    failed_messages,
    outbox_backlog,
    sent_since,
)
from backend.panel.deps import PanelStaff, Session, require_roles
from backend.panel.nav import OUTBOX_ROLES
from backend.panel.rendering import render

router = APIRouter(prefix="/panel/outbox", include_in_schema=False)
OutboxStaff = Depends(require_roles(*OUTBOX_ROLES))
PARKED_PATH = "/panel/outbox"


@dataclass(frozen=True, slots=True)
class OutboxHealth:
    """What the dashboard's outbox block shows."""

    backlog: OutboxBacklog
    sent_last_hour: int
    oldest_waiting_minutes: int


async def outbox_health(session: AsyncSession, now: datetime) -> OutboxHealth:
    """Messages waiting and the age of the oldest, sent in the last hour, parked, undeliverable."""
    backlog = await outbox_backlog(session)
    sent = await sent_since(session, now - timedelta(hours=1))
    return OutboxHealth(backlog, sent, int(backlog.oldest_waiting_seconds(now) // 60))


@dataclass(frozen=True, slots=True)
class ParkedRow:
    """A parked message as the list shows it."""

    message: OutboxMessage
    ticket: str | None


@router.get("")
async def parked_messages(
    request: Request, session: Session, staff: PanelStaff = OutboxStaff
) -> Response:
    """The messages given up after their last try, newest first."""
    messages = await failed_messages(session)
    tickets = await tickets_of(session, {m.complaint_id for m in messages if m.complaint_id})
    rows = [ParkedRow(m, tickets.get(m.complaint_id) if m.complaint_id else None) for m in messages]
    return render(request, "outbox.html", {"rows": rows})
