"""Queries for citizens and their chats."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

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


async def get_identity(session: AsyncSession, channel: str, chat_id: str) -> ChannelIdentity | None:
    """The identity of a chat, if it ever filed or was bound."""
    keys = {"channel": Channel(channel), "chat_id": chat_id}
    return (await session.execute(_identity_read(), keys)).scalar_one_or_none()


# Built once: every update of every chat reads its identity.
@lru_cache(maxsize=1)
def _identity_read() -> Select[ChannelIdentity]:
    return select(ChannelIdentity).where(
        ChannelIdentity.channel == bindparam("channel"),
        ChannelIdentity.chat_id == bindparam("chat_id"),
    )
