"""Assisted filing: a facilitator files a complaint for a household met at home.

The household's consent is recorded as given in person; the complaint waits in
pending_approval for a supervisor. When the household wants news in its own
Telegram, a one-time link is made that the facilitator passes on; opening it
connects that chat to the complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Category, Complaint
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.citizens.service import identity_for_chat
from backend.clock import local_date, utcnow
from backend.complaints.filing import (
    AttachmentFile,
    FilingOutcome,
    FilingRequest,
    FilingResult,
    OnDuplicate,
    Person,
    file_complaint,
)
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.errors import Forbidden, InvalidInput
from backend.facilitators import repository
from backend.facilitators.models import AssistedFiling, Facilitator, HouseholdLink, HouseholdReach
from backend.facilitators.service import new_token, token_hash
from backend.security.crypto import Vault

# /start hh_<token>: the deep-link prefix of household links.
HOUSEHOLD_PREFIX = "hh_"
CONSENT_IN_PERSON = "in_person_facilitator"
# A visit reported later than this is more likely a typo than a real visit.
MAX_VISIT_AGE_DAYS = 60


def check_visit_date(visit_on: date, now: datetime) -> date:
    """A visit date: not in the future, not more than MAX_VISIT_AGE_DAYS ago."""
    today = local_date(now)
    if visit_on > today:
        raise InvalidInput("The visit date is in the future", field="visit_on")
    if visit_on < today - timedelta(days=MAX_VISIT_AGE_DAYS):
        raise InvalidInput(
            f"The visit was more than {MAX_VISIT_AGE_DAYS} days ago", field="visit_on"
        )
    return visit_on


@dataclass(frozen=True, slots=True)
class HouseholdAnswers:
    """What the facilitator recorded at the household (identity numbers in plain text)."""

    full_name: str
    # None: the household member has no NIK (a civil-documents matter).
    nik: str | None
    kk: str | None
    phone: str | None
    kelurahan_code: str
    address: str
    category: Category
    description: str
    reach: HouseholdReach
    visit_on: date


@dataclass(frozen=True, slots=True)
class AssistedResult:
    """What came of the filing and, for a household with its own Telegram, the link's token."""

    outcome: FilingOutcome
    filing: AssistedFiling | None
    household_token: str | None

    @property
    def complaint(self) -> Complaint:
        """The complaint filed, or the facilitator's open one it duplicates or was added to."""
        return self.outcome.complaint

    @property
    def household_payload(self) -> str | None:
        """What follows /start in the household's link."""
        return HOUSEHOLD_PREFIX + self.household_token if self.household_token else None


async def file_for_household(
    session: AsyncSession,
    vault: Vault,
    facilitator: Facilitator,
    answers: HouseholdAnswers,
    *,
    channel: Channel,
    link_valid_for: timedelta,
    chat_id: str | None = None,
    chat_language: str = "id",
    attachments: tuple[AttachmentFile, ...] = (),
    on_duplicate: OnDuplicate = OnDuplicate.ASK,
    offered_ticket: str | None = None,
    now: datetime | None = None,
) -> AssistedResult:
    """Registers the household's complaint in pending_approval, with what the visit recorded.

    The facilitator's own open case about the same NIK and category is found
    first, as the filing service does for everyone (see `on_duplicate`).
    """
    now = now or utcnow()
    if not facilitator.is_active:
        raise Forbidden("This facilitator is deactivated")
    check_visit_date(answers.visit_on, now)
    if answers.reach == HouseholdReach.PHONE and not answers.phone:
        raise InvalidInput("Reaching the household by phone needs its phone number", field="phone")
    actor = Actor(ActorRole.FACILITATOR, facilitator_id=facilitator.id)
    person = Person(
        full_name=answers.full_name, nik=answers.nik, kk=answers.kk, phone=answers.phone,
        kelurahan_code=answers.kelurahan_code, address=answers.address,
    )  # fmt: skip
    request = FilingRequest(
        person=person, category_code=answers.category.code, description=answers.description,
        channel=channel, actor=actor, consent_method=CONSENT_IN_PERSON, no_nik=answers.nik is None,
        chat_id=chat_id, chat_language=chat_language, attachments=attachments,
    )  # fmt: skip
    outcome = await file_complaint(
        session, vault, request, on_duplicate=on_duplicate, offered_ticket=offered_ticket, now=now
    )
    if outcome.result != FilingResult.FILED:
        return AssistedResult(outcome, None, None)
    complaint = outcome.complaint
    filing = AssistedFiling(
        complaint_id=complaint.id, facilitator_id=facilitator.id, reach=answers.reach,
        visit_on=answers.visit_on, consent_in_person_at=now, created_at=now,
    )  # fmt: skip
    session.add(filing)
    token = None
    if answers.reach == HouseholdReach.TELEGRAM:
        token = new_token()
        session.add(
            HouseholdLink(
                complaint_id=complaint.id, token_hash=token_hash(token), created_at=now,
                expires_at=now + link_valid_for,
            )
        )  # fmt: skip
    await session.flush()
    record_audit(
        session, actor, "facilitator.assisted_filing", "complaint", complaint.ticket,
        {"reach": answers.reach.value, "visit_on": answers.visit_on.isoformat()},
    )  # fmt: skip
    return AssistedResult(outcome, filing, token)


class LinkOutcome(StrEnum):
    """What came of opening a household link."""

    CONNECTED = "connected"
    ALREADY = "already"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome, and the complaint when the chat is (now) connected to it."""

    outcome: LinkOutcome
    complaint: Complaint | None = None


async def open_household_link(
    session: AsyncSession,
    token: str,
    channel: Channel,
    chat_id: str,
    *,
    language: str = "id",
    now: datetime | None = None,
) -> LinkResult:
    """Connects the chat that opened a household link to the complaint, once."""
    now = now or utcnow()
    link = await repository.household_link_by_hash(session, token_hash(token), for_update=True)
    if link is None:
        return LinkResult(LinkOutcome.UNKNOWN)
    complaint = await session.get_one(Complaint, link.complaint_id)
    if link.used_at is not None:
        current = (
            await session.get(ChannelIdentity, complaint.identity_id)
            if complaint.identity_id
            else None
        )
        mine = current is not None and current.channel == channel and current.chat_id == chat_id
        return LinkResult(
            LinkOutcome.ALREADY if mine else LinkOutcome.USED, complaint if mine else None
        )
    if link.expires_at <= now:
        return LinkResult(LinkOutcome.EXPIRED)
    if complaint.status not in OPEN_STATUSES:
        return LinkResult(LinkOutcome.CLOSED)
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    identity = await identity_for_chat(
        session, channel, chat_id, language=language, citizen=citizen
    )
    complaint.identity_id = identity.id
    link.used_at = now
    record_audit(
        session, Actor(ActorRole.CITIZEN, citizen_id=citizen.id), "complaint.household_connected",
        "complaint", complaint.ticket, {"channel": channel.value},
    )  # fmt: skip
    return LinkResult(LinkOutcome.CONNECTED, complaint)
