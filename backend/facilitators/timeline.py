"""The facilitator's part of a complaint's timeline: each news confirmed as passed on."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.complaints.timeline import TimelineEntry
from backend.facilitators.repository import relays_of_complaint

RELAY_CONFIRMED = "relay_confirmed"


async def relay_entries(session: AsyncSession, complaint_id: int) -> list[TimelineEntry]:
    """One entry per news confirmed as passed on to the household, at the time it was confirmed.

    Copies of the same news to several facilitators settle together: shown once.
    """
    entries = []
    seen: set[tuple[object, ...]] = set()
    for relay, name in await relays_of_complaint(session, complaint_id):
        if relay.confirmed_at is None:
            continue
        key = (relay.status_event_id, relay.complaint_message_id, relay.confirmed_at)
        if key in seen:
            continue
        seen.add(key)
        entries.append(
            TimelineEntry(
                at=relay.confirmed_at, kind=RELAY_CONFIRMED, id=relay.id,
                actor_role="facilitator", text=name,
            )
        )  # fmt: skip
    return entries
