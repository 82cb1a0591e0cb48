"""Queries of the privacy room: a person's correction requests, the open ones, and the people
a chat may ask about."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.casefiles.models import Complaint
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.privacy.models import CorrectionRequest, CorrectionStatus
from backend.staff.areas import in_area


def _household_in_area(actor: Actor | None) -> ColumnElement[bool]:
    """Requests about people living in the actor's areas (all without an actor)."""
    if actor is None or actor.area_kelurahan is None:
        return true()
    people = select(Citizen.id).where(in_area(actor, Citizen.kelurahan_code))
    return CorrectionRequest.citizen_id.in_(people)


async def get_correction(
    session: AsyncSession, request_id: int, *, for_update: bool = False,
    actor: Actor | None = None,
) -> CorrectionRequest | None:  # fmt: skip
    """One correction request (for an actor, about someone in its areas); locked for the
    answer when `for_update`."""
    statement = select(CorrectionRequest).where(
        CorrectionRequest.id == request_id, _household_in_area(actor)
    )
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class OpenCorrection:
    """An open request as the panel lists it: the request and whose data it is about."""

    request: CorrectionRequest
    full_name: str


async def open_corrections(
    session: AsyncSession, actor: Actor | None = None
) -> list[OpenCorrection]:
    """Every open correction request (for an actor, in its areas), the earliest deadline first."""
    statement = (
        select(CorrectionRequest, Citizen.full_name)
        .join(Citizen, Citizen.id == CorrectionRequest.citizen_id)
        .where(CorrectionRequest.status == CorrectionStatus.OPEN, _household_in_area(actor))
        .order_by(CorrectionRequest.due_on, CorrectionRequest.id)
    )
    return [OpenCorrection(request, name) for request, name in await session.execute(statement)]


async def corrections_of_citizen(session: AsyncSession, citizen_id: int) -> list[CorrectionRequest]:
    """A person's correction requests, oldest first."""
    statement = (
        select(CorrectionRequest)
        .where(CorrectionRequest.citizen_id == citizen_id)
        .order_by(CorrectionRequest.id)
    )
    return list(await session.scalars(statement))


async def complaints_of_citizen(session: AsyncSession, citizen_id: int) -> list[Complaint]:
    """Every complaint about the person, newest first."""
    statement = (
        select(Complaint).where(Complaint.citizen_id == citizen_id).order_by(Complaint.id.desc())
    )
    return list(await session.scalars(statement))


async def people_of_chat(
    session: AsyncSession, channel: Channel, chat_id: str
) -> list[tuple[int, str]]:
    """The people this chat may ask about, each with their newest ticket: the chat's own
    person and those of the complaints filed from it (newest first)."""
    filed_here = (
        select(Complaint.citizen_id, Complaint.ticket)
        .join(ChannelIdentity, ChannelIdentity.id == Complaint.identity_id)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.chat_id == chat_id)
        .order_by(Complaint.id.desc())
    )
    people: dict[int, str] = {}
    for citizen_id, ticket in await session.execute(filed_here):
        people.setdefault(citizen_id, ticket)
    own = await session.scalar(
        select(ChannelIdentity.citizen_id).where(
            ChannelIdentity.channel == channel, ChannelIdentity.chat_id == chat_id
        )
    )
    if own is not None and own not in people:
        # Linked to this chat (a household link) without a complaint filed from it.
        newest = await complaints_of_citizen(session, own)
        if newest:
            people[own] = newest[0].ticket
    return list(people.items())
