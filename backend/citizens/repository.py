"""Queries for citizens and their chats."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from backend.citizens.models import Channel, ChannelIdentity, Citizen


async def get_citizen_by_nik_lookup(session: AsyncSession, nik_lookup: str) -> Citizen | None:
    """The citizen whose NIK has this keyed hash."""
    statement = select(Citizen).where(Citizen.nik_lookup == nik_lookup)
    return (await session.execute(statement)).scalar_one_or_none()


async def reachable_identities_of_facilitator(
    session: AsyncSession, facilitator_id: int
) -> list[ChannelIdentity]:
    """The facilitator's chats that can still receive messages."""
    statement = select(ChannelIdentity).where(
        ChannelIdentity.facilitator_id == facilitator_id,
        ChannelIdentity.is_reachable.is_(True),
    )
    return list((await session.execute(statement)).scalars())


# Where a session keeps the chat identities it has read (its transaction's own objects).
_READ_IDENTITIES = "slrt.read_identities"
# The identity's attributes, in its table's column order.
_IDENTITY_ATTRIBUTES = tuple(
    ChannelIdentity.__mapper__.get_property_by_column(column).key
    for column in ChannelIdentity.__table__.columns
)


async def get_identity(session: AsyncSession, channel: str, chat_id: str) -> ChannelIdentity | None:
    """The identity of a chat, if it ever filed or was bound.

    Read once a session: the engine's locked read of the conversation brings it along,
    and the update's answer, the facilitator check and the flows all ask for it again.
    """
    key = (Channel(channel), chat_id)
    if (read := session.info.get(_READ_IDENTITIES, {}).get(key)) is not None:
        return read
    keys = {"channel": key[0], "chat_id": chat_id}
    identity = (await session.execute(_identity_read(), keys)).scalar_one_or_none()
    if identity is not None:
        remember_identity(session, identity)
    return identity


def known_identity(session: AsyncSession, columns: Sequence[object]) -> ChannelIdentity:
    """The identity whose row another statement read (its columns in the table's order),
    in `session` as if the session had loaded it: no statement, and its changes flushed."""
    identity = ChannelIdentity(**dict(zip(_IDENTITY_ATTRIBUTES, columns, strict=True)))
    make_transient_to_detached(identity)
    session.add(identity)
    return identity


def remember_identity(session: AsyncSession, identity: ChannelIdentity) -> None:
    """`identity`, read by another statement of this session, answers `get_identity` from now on."""
    session.info.setdefault(_READ_IDENTITIES, {})[identity.channel, identity.chat_id] = identity


# Built once: every update of every chat reads its identity.
@lru_cache(maxsize=1)
def _identity_read() -> Select[ChannelIdentity]:
    return select(ChannelIdentity).where(
        ChannelIdentity.channel == bindparam("channel"),
        ChannelIdentity.chat_id == bindparam("chat_id"),
    )
