"""Queries for facilitators, their chats, invitations, assisted filings and relays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.actors import Actor
from backend.casefiles.access import visible_to
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.citizens.repository import get_identity
from backend.db import rows_matched
from backend.facilitators.models import (
    AssistedFiling,
    Facilitator,
    FacilitatorInvitation,
    HouseholdLink,
    Relay,
)
from backend.regions.models import Kelurahan
from backend.staff.areas import in_area


async def get_facilitator(
    session: AsyncSession, facilitator_id: int, *, for_update: bool = False
) -> Facilitator | None:
    """The facilitator with this id."""
    statement = select(Facilitator).where(Facilitator.id == facilitator_id)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def active_facilitator_with_phone(session: AsyncSession, phone: str) -> Facilitator | None:
    """The active facilitator with this (E.164) phone number, if any."""
    statement = (
        select(Facilitator)
        .where(Facilitator.phone == phone, Facilitator.is_active.is_(True))
        .order_by(Facilitator.id)
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def facilitator_id_of(session: AsyncSession, staff_user_id: int) -> int | None:
    """The active facilitator linked to a facilitator account."""
    statement = select(Facilitator.id).where(
        Facilitator.staff_user_id == staff_user_id, Facilitator.is_active.is_(True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class FacilitatorRow:
    """A facilitator as the panel lists it: the kelurahan's name, the bound chat, the invitation."""

    facilitator: Facilitator
    kelurahan_name: str
    chat_bound: bool
    pending_invitation: FacilitatorInvitation | None


async def list_facilitators(
    session: AsyncSession, now: datetime, actor: Actor
) -> list[FacilitatorRow]:
    """Every facilitator of the actor's areas, active ones first, by name."""
    statement = (
        select(Facilitator, Kelurahan.name)
        .join(Kelurahan, Kelurahan.code == Facilitator.kelurahan_code)
        .where(in_area(actor, Facilitator.kelurahan_code))
        .order_by(Facilitator.is_active.desc(), Facilitator.full_name, Facilitator.id)
    )
    rows = (await session.execute(statement)).all()
    bound = set(
        await session.scalars(
            select(ChannelIdentity.facilitator_id).where(
                ChannelIdentity.facilitator_id.is_not(None)
            )
        )
    )
    pending = {
        invitation.facilitator_id: invitation
        for invitation in await session.scalars(
            select(FacilitatorInvitation)
            .where(
                FacilitatorInvitation.used_at.is_(None),
                FacilitatorInvitation.revoked_at.is_(None),
                FacilitatorInvitation.expires_at > now,
            )
            .order_by(FacilitatorInvitation.id)
        )
    }
    return [
        FacilitatorRow(facilitator, name, facilitator.id in bound, pending.get(facilitator.id))
        for facilitator, name in rows
    ]


async def active_facilitator_of_chat(
    session: AsyncSession, channel: Channel | str, chat_id: str
) -> Facilitator | None:
    """The active facilitator this chat is bound to; None for everyone else."""
    # Through the chat's identity, which the update has mostly read already: most chats are
    # no facilitator's, and then nothing more is read.
    identity = await get_identity(session, str(channel), chat_id)
    if identity is None or identity.facilitator_id is None:
        return None
    facilitator = await session.get(Facilitator, identity.facilitator_id)
    return facilitator if facilitator is not None and facilitator.is_active else None


async def chats_of_facilitator(session: AsyncSession, facilitator_id: int) -> list[ChannelIdentity]:
    """Every chat bound to the facilitator."""
    statement = select(ChannelIdentity).where(ChannelIdentity.facilitator_id == facilitator_id)
    return list(await session.scalars(statement.order_by(ChannelIdentity.id)))


async def reachable_chats_of_active(
    session: AsyncSession, facilitator_id: int
) -> list[ChannelIdentity]:
    """The facilitator's chats that can receive messages, if the facilitator is active."""
    statement = (
        select(ChannelIdentity)
        .join(Facilitator, Facilitator.id == ChannelIdentity.facilitator_id)
        .where(
            Facilitator.id == facilitator_id,
            Facilitator.is_active.is_(True),
            ChannelIdentity.is_reachable.is_(True),
        )
        .order_by(ChannelIdentity.id)
    )
    return list(await session.scalars(statement))


async def relay_chats_for(session: AsyncSession, complaint: Complaint) -> list[ChannelIdentity]:
    """Who passes news on: the facilitator who filed, else the active ones of the kelurahan."""
    if complaint.facilitator_id is not None:
        own = await reachable_chats_of_active(session, complaint.facilitator_id)
        if own:
            return own
    if complaint.kelurahan_code is None:
        return []
    statement = (
        select(ChannelIdentity)
        .join(Facilitator, Facilitator.id == ChannelIdentity.facilitator_id)
        .where(
            Facilitator.kelurahan_code == complaint.kelurahan_code,
            Facilitator.is_active.is_(True),
            ChannelIdentity.is_reachable.is_(True),
        )
        .order_by(ChannelIdentity.id)
    )
    return list(await session.scalars(statement))


# --- invitations and household links ------------------------------------------------
async def invitation_by_hash(
    session: AsyncSession, token_hash: str, *, for_update: bool = False
) -> FacilitatorInvitation | None:
    """The invitation whose token has this hash."""
    statement = select(FacilitatorInvitation).where(FacilitatorInvitation.token_hash == token_hash)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def get_invitation(session: AsyncSession, invitation_id: int) -> FacilitatorInvitation | None:
    """The invitation with this id."""
    return await session.get(FacilitatorInvitation, invitation_id)


async def revoke_open_invitations(session: AsyncSession, facilitator_id: int, now: datetime) -> int:
    """Revokes every unused, unrevoked invitation of the facilitator; answers how many."""
    result = await session.execute(
        update(FacilitatorInvitation)
        .where(
            FacilitatorInvitation.facilitator_id == facilitator_id,
            FacilitatorInvitation.used_at.is_(None),
            FacilitatorInvitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return rows_matched(result)


async def household_link_by_hash(
    session: AsyncSession, token_hash: str, *, for_update: bool = False
) -> HouseholdLink | None:
    """The household link whose token has this hash."""
    statement = select(HouseholdLink).where(HouseholdLink.token_hash == token_hash)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def household_links_of(session: AsyncSession, complaint_id: int) -> list[HouseholdLink]:
    """The links made for a complaint's household, oldest first."""
    statement = select(HouseholdLink).where(HouseholdLink.complaint_id == complaint_id)
    return list(await session.scalars(statement.order_by(HouseholdLink.id)))


async def assisted_filing_of(session: AsyncSession, complaint_id: int) -> AssistedFiling | None:
    """What the facilitator recorded when filing this complaint, if a facilitator filed it."""
    statement = select(AssistedFiling).where(AssistedFiling.complaint_id == complaint_id)
    return (await session.execute(statement)).scalar_one_or_none()


# --- the facilitator's cases ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CaseRow:
    """One of a facilitator's complaints with the household's name and kelurahan."""

    complaint: Complaint
    household: str
    kelurahan_name: str | None


async def cases_of_facilitator(
    session: AsyncSession, facilitator_id: int, *, limit: int = 10, offset: int = 0
) -> list[CaseRow]:
    """The complaints the facilitator filed, newest first (`offset` skips that many: paging)."""
    statement = (
        select(Complaint, Citizen.full_name, Kelurahan.name)
        .join(Citizen, Citizen.id == Complaint.citizen_id)
        .outerjoin(Kelurahan, Kelurahan.code == Complaint.kelurahan_code)
        .where(Complaint.facilitator_id == facilitator_id)
        .order_by(Complaint.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [CaseRow(c, name, kelurahan) for c, name, kelurahan in await session.execute(statement)]


async def count_cases_of_facilitator(session: AsyncSession, facilitator_id: int) -> int:
    """How many complaints the facilitator filed."""
    statement = (
        select(func.count())
        .select_from(Complaint)
        .where(Complaint.facilitator_id == facilitator_id)
    )
    return int((await session.execute(statement)).scalar_one())


# --- relays -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RelayRow:
    """A relay with what the people reading a list of them need."""

    relay: Relay
    ticket: str
    household: str
    kelurahan_name: str | None
    facilitator_name: str


def _relay_rows_statement() -> Select[Relay, str, str, str, str]:
    return (
        select(Relay, Complaint.ticket, Citizen.full_name, Kelurahan.name, Facilitator.full_name)
        .join(Complaint, Complaint.id == Relay.complaint_id)
        .join(Citizen, Citizen.id == Complaint.citizen_id)
        .join(Facilitator, Facilitator.id == Relay.facilitator_id)
        .outerjoin(Kelurahan, Kelurahan.code == Complaint.kelurahan_code)
    )


def _relay_rows(rows: Sequence[Row[Relay, str, str, str, str]]) -> list[RelayRow]:
    return [RelayRow(relay, ticket, name, kel, fac) for relay, ticket, name, kel, fac in rows]


async def get_relay(
    session: AsyncSession, relay_id: int, *, for_update: bool = False
) -> Relay | None:
    """The relay with this id."""
    statement = select(Relay).where(Relay.id == relay_id)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def unconfirmed_relays_of(
    session: AsyncSession, facilitator_id: int, *, limit: int = 20, offset: int = 0
) -> list[RelayRow]:
    """The facilitator's relays not confirmed yet, oldest first (`offset`: paging)."""
    statement = (
        _relay_rows_statement()
        .where(Relay.facilitator_id == facilitator_id, Relay.confirmed_at.is_(None))
        .order_by(Relay.id)
        .limit(limit)
        .offset(offset)
    )
    return _relay_rows((await session.execute(statement)).all())


async def count_unconfirmed_relays_of(session: AsyncSession, facilitator_id: int) -> int:
    """How many of the facilitator's relays wait for confirmation."""
    statement = (
        select(func.count())
        .select_from(Relay)
        .where(Relay.facilitator_id == facilitator_id, Relay.confirmed_at.is_(None))
    )
    return int((await session.execute(statement)).scalar_one())


async def unconfirmed_relays_created_before(
    session: AsyncSession, before: datetime, *, unreminded_only: bool = False, lock: bool = False,
    where: ColumnElement[bool] | None = None,
) -> list[RelayRow]:  # fmt: skip
    """Relays still waiting for confirmation, created before `before`, oldest first;
    `where` narrows them (a condition on the relay's complaint or facilitator)."""
    statement = (
        _relay_rows_statement()
        .where(
            Relay.confirmed_at.is_(None),
            Relay.created_at < before,
            true() if where is None else where,
        )
        .order_by(Relay.created_at, Relay.id)
    )
    if unreminded_only:
        statement = statement.where(Relay.reminded_at.is_(None))
    if lock:
        statement = statement.with_for_update(skip_locked=True, of=Relay)
    return _relay_rows((await session.execute(statement)).all())


async def siblings_of(session: AsyncSession, relay: Relay) -> list[Relay]:
    """Unconfirmed relays of the same news to other facilitators (and this one)."""
    statement = select(Relay).where(
        Relay.complaint_id == relay.complaint_id,
        Relay.confirmed_at.is_(None),
        _same(Relay.status_event_id, relay.status_event_id),
        _same(Relay.complaint_message_id, relay.complaint_message_id),
    )
    return list(await session.scalars(statement.with_for_update()))


def _same(column: InstrumentedAttribute[int | None], value: int | None) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


async def relays_of_complaint(session: AsyncSession, complaint_id: int) -> list[tuple[Relay, str]]:
    """Every relay of a complaint with the facilitator's name, oldest first."""
    statement = (
        select(Relay, Facilitator.full_name)
        .join(
            Facilitator,
            Facilitator.id
            == func.coalesce(Relay.confirmed_by_facilitator_id, Relay.facilitator_id),
        )
        .where(Relay.complaint_id == complaint_id)
        .order_by(Relay.id)
    )
    return [(relay, name) for relay, name in await session.execute(statement)]


# --- the supervisor's list of filings to approve -------------------------------------------
@dataclass(frozen=True, slots=True)
class PendingFiling:
    """A facilitator's filing waiting for a supervisor."""

    complaint: Complaint
    household: str
    kelurahan_name: str | None
    facilitator_name: str
    filing: AssistedFiling | None


async def pending_filings(
    session: AsyncSession, actor: Actor, *, limit: int = 200
) -> list[PendingFiling]:
    """Complaints in pending_approval the actor may see, oldest first (they wait longest)."""
    statement = (
        select(Complaint, Citizen.full_name, Kelurahan.name, Facilitator.full_name, AssistedFiling)
        .join(Citizen, Citizen.id == Complaint.citizen_id)
        .join(Facilitator, Facilitator.id == Complaint.facilitator_id)
        .outerjoin(Kelurahan, Kelurahan.code == Complaint.kelurahan_code)
        .outerjoin(AssistedFiling, AssistedFiling.complaint_id == Complaint.id)
        .where(Complaint.status == ComplaintStatus.PENDING_APPROVAL, visible_to(actor))
        .order_by(Complaint.created_at, Complaint.id)
        .limit(limit)
    )
    return [PendingFiling(*row) for row in await session.execute(statement)]


@dataclass(frozen=True, slots=True)
class FilingOverview:
    """A facilitator's filing as the complaint page shows it."""

    filing: AssistedFiling
    facilitator_name: str
    link_used: bool
    confirmed: int
    waiting: int


async def filing_overview(session: AsyncSession, complaint_id: int) -> FilingOverview | None:
    """What the visit recorded and how relaying goes; None when no facilitator filed it."""
    filing = await assisted_filing_of(session, complaint_id)
    if filing is None:
        return None
    facilitator = await session.get_one(Facilitator, filing.facilitator_id)
    links = await household_links_of(session, complaint_id)
    # Copies of one news to several facilitators count once.
    news: dict[tuple[int | None, int | None], bool] = {}
    for relay, _ in await relays_of_complaint(session, complaint_id):
        key = (relay.status_event_id, relay.complaint_message_id)
        news[key] = news.get(key, False) or relay.confirmed_at is not None
    confirmed = sum(news.values())
    return FilingOverview(
        filing,
        facilitator.full_name,
        any(link.used_at for link in links),
        confirmed,
        len(news) - confirmed,
    )
