"""Relays: news for a household that only a facilitator can pass on, and its confirmation.

A household reached only through its facilitator (or by phone, or whose own chat
is gone) gets its news as a `relay` message to the facilitator: who the household
is, the message to pass on, and a 'Sudah disampaikan' button. Each copy is a
Relay row until a facilitator confirms it; one left unconfirmed for
RELAY_CONFIRM_WORKING_DAYS working days is listed for the supervisor and earns
the facilitator one reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import SYSTEM, Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint
from backend.casefiles.sla import add_working_days
from backend.citizens.models import ChannelIdentity, Citizen
from backend.clock import local_date
from backend.facilitators import repository
from backend.facilitators.models import Facilitator, Relay
from backend.facilitators.repository import RelayRow
from backend.notifications.models import OutboxMessage, Recipient
from backend.notifications.outbox import queue_message
from backend.regions.models import Kelurahan
from backend.staff.areas import in_area

RELAY_TEMPLATE = "relay"


async def relay_params(
    session: AsyncSession,
    complaint: Complaint,
    template: str,
    params: dict[str, Any],
    language: str,
) -> dict[str, Any]:
    """What a relay message shows: the household, how to reach it, and the news itself."""
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    kelurahan = (
        await session.get(Kelurahan, complaint.kelurahan_code) if complaint.kelurahan_code else None
    )
    filing = await repository.assisted_filing_of(session, complaint.id)
    return {
        "ticket": complaint.ticket,
        "household": citizen.full_name,
        "kelurahan": kelurahan.name if kelurahan else "-",
        "phone": citizen.phone,
        "reach": filing.reach.value if filing else None,
        "inner_template": template,
        "inner_params": params,
        "inner_language": language,
    }


async def queue_relays(
    session: AsyncSession,
    complaint: Complaint,
    chats: list[ChannelIdentity],
    template: str,
    params: dict[str, Any],
    *,
    inner_language: str,
    status_event_id: int | None = None,
    complaint_message_id: int | None = None,
    relay_of_id: int | None = None,
) -> list[OutboxMessage]:
    """Queues the news for each facilitator chat as a relay, each with a Relay to confirm."""
    if not chats:
        return []
    base = await relay_params(session, complaint, template, params, inner_language)
    queued = []
    for chat in chats:
        assert chat.facilitator_id is not None, "relays go to facilitators' chats"
        relay = Relay(
            complaint_id=complaint.id, facilitator_id=chat.facilitator_id,
            status_event_id=status_event_id, complaint_message_id=complaint_message_id,
        )  # fmt: skip
        session.add(relay)
        await session.flush()
        message = queue_message(
            session, chat, Recipient.FACILITATOR, RELAY_TEMPLATE,
            # The status event is the question a request_info relay's answer button answers.
            {**base, "relay_id": relay.id, "status_event_id": status_event_id},
            complaint_id=complaint.id, status_event_id=status_event_id,
            complaint_message_id=complaint_message_id, relay_of_id=relay_of_id,
        )  # fmt: skip
        await session.flush()
        relay.outbox_message_id = message.id
        queued.append(message)
    return queued


async def relay_bounced(
    session: AsyncSession, message: OutboxMessage, complaint: Complaint
) -> list[OutboxMessage]:
    """Relays a household's message that its chat refused, through the facilitators who reach it.

    Answers the relays queued: none when no facilitator can be reached.
    """
    chats = await repository.relay_chats_for(session, complaint)
    relays = await queue_relays(
        session, complaint, chats, message.template, message.params,
        inner_language=message.language, status_event_id=message.status_event_id,
        complaint_message_id=message.complaint_message_id, relay_of_id=message.id,
    )  # fmt: skip
    if relays:
        record_audit(
            session, SYSTEM, "outbox.relay", "complaint", complaint.ticket,
            {"message_id": message.id, "relays": [relay.id for relay in relays]},
        )  # fmt: skip
    return relays


async def queue_for_facilitator(
    session: AsyncSession,
    complaint: Complaint,
    household_chat: ChannelIdentity | None,
    template: str,
    params: dict[str, Any],
    *,
    status_event_id: int | None = None,
    complaint_message_id: int | None = None,
    now: datetime | None = None,
) -> list[OutboxMessage]:
    """The facilitator's part of a complaint's news.

    No household chat: the news is relayed (to the filing facilitator, else those of the
    kelurahan; nobody: the complaint is flagged for a phone call). A chat that can be
    reached: the facilitator gets a copy to know. A chat known to be unreachable:
    nothing now, since the notifier relays the household's message when it bounces.
    """
    links = {"status_event_id": status_event_id, "complaint_message_id": complaint_message_id}
    if household_chat is None:
        chats = await repository.relay_chats_for(session, complaint)
        if not chats:
            if complaint.needs_phone_call_since is None and now is not None:
                complaint.needs_phone_call_since = now
            return []
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        return await queue_relays(
            session, complaint, chats, template, params, inner_language=citizen.language, **links
        )
    if not household_chat.is_reachable or complaint.facilitator_id is None:
        return []
    return [
        queue_message(
            session,
            chat,
            Recipient.FACILITATOR,
            template,
            params,
            complaint_id=complaint.id,
            **links,
        )
        for chat in await repository.reachable_chats_of_active(session, complaint.facilitator_id)
    ]


# --- confirming -------------------------------------------------------------------------
class ConfirmOutcome(StrEnum):
    """What came of pressing 'Sudah disampaikan'."""

    CONFIRMED = "confirmed"
    ALREADY = "already"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class ConfirmResult:
    """The outcome, with the relay and its complaint when found."""

    outcome: ConfirmOutcome
    relay: Relay | None = None
    complaint: Complaint | None = None


async def confirm_relay(
    session: AsyncSession, relay_id: int, facilitator: Facilitator, now: datetime
) -> ConfirmResult:
    """Records that the facilitator passed the news on; copies to others are settled too."""
    relay = await repository.get_relay(session, relay_id, for_update=True)
    # Another facilitator's relay is answered like one that does not exist.
    if relay is None or relay.facilitator_id != facilitator.id or not facilitator.is_active:
        return ConfirmResult(ConfirmOutcome.NOT_FOUND)
    complaint = await session.get_one(Complaint, relay.complaint_id)
    if relay.confirmed_at is not None:
        return ConfirmResult(ConfirmOutcome.ALREADY, relay, complaint)
    for same_news in await repository.siblings_of(session, relay):
        same_news.confirmed_at = now
        same_news.confirmed_by_facilitator_id = facilitator.id
    relay.confirmed_at = now
    relay.confirmed_by_facilitator_id = facilitator.id
    record_audit(
        session, Actor(ActorRole.FACILITATOR, facilitator_id=facilitator.id), "relay.confirmed",
        "complaint", complaint.ticket, {"relay_id": relay.id},
    )  # fmt: skip
    return ConfirmResult(ConfirmOutcome.CONFIRMED, relay, complaint)


# --- waiting too long ---------------------------------------------------------------------
def confirm_by(relay: Relay, working_days: int) -> date:
    """The last (WIB) day on which the relay counts as confirmed in time."""
    return add_working_days(local_date(relay.created_at), working_days)


def is_overdue(relay: Relay, now: datetime, working_days: int) -> bool:
    """Whether the relay is still unconfirmed after its working days have passed."""
    return relay.confirmed_at is None and local_date(now) > confirm_by(relay, working_days)


async def overdue_relays(
    session: AsyncSession, now: datetime, working_days: int, *, actor: Actor | None = None
) -> list[RelayRow]:
    """Relays unconfirmed beyond their working days, oldest first (the supervisor's list);
    for an actor, those of complaints in its areas."""
    area = in_area(actor, Complaint.kelurahan_code) if actor is not None else None
    candidates = await repository.unconfirmed_relays_created_before(session, now, where=area)
    return [row for row in candidates if is_overdue(row.relay, now, working_days)]


async def queue_relay_reminders(session: AsyncSession, now: datetime, working_days: int) -> int:
    """Queues one reminder for each overdue relay not reminded yet; answers how many.

    The reminder repeats the relay with its button, so it can be confirmed from there.
    """
    candidates = await repository.unconfirmed_relays_created_before(
        session, now, unreminded_only=True, lock=True
    )
    count = 0
    for row in candidates:
        relay = row.relay
        if not is_overdue(relay, now, working_days):
            continue
        relay.reminded_at = now
        original = (
            await session.get(OutboxMessage, relay.outbox_message_id)
            if relay.outbox_message_id
            else None
        )
        chats = await repository.reachable_chats_of_active(session, relay.facilitator_id)
        if original is None or not chats:
            continue
        sent_on = local_date(relay.created_at).isoformat()
        for chat in chats:
            queue_message(
                session, chat, Recipient.FACILITATOR, RELAY_TEMPLATE,
                {**original.params, "reminder": True, "sent_on": sent_on},
                complaint_id=relay.complaint_id, status_event_id=relay.status_event_id,
                complaint_message_id=relay.complaint_message_id,
            )  # fmt: skip
        record_audit(
            session, SYSTEM, "relay.reminded", "complaint", row.ticket, {"relay_id": relay.id}
        )
        count += 1
    return count
