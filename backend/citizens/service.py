"""Creates or updates the citizen record behind a complaint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.citizens.repository import get_citizen_by_nik_lookup, get_identity
from backend.clock import utcnow
from backend.db import flush_pending
from backend.security.crypto import Vault


async def save_citizen(
    session: AsyncSession,
    vault: Vault,
    *,
    full_name: str,
    nik: str | None,
    consent_method: str,
    kk: str | None = None,
    phone: str | None = None,
    kelurahan_code: str | None = None,
    address: str | None = None,
    language: str = "id",
    now: datetime | None = None,
) -> Citizen:
    """Finds the citizen by NIK (or creates one); a known citizen's details are only completed.

    Whoever types a NIK must not be able to rewrite that person's record: an
    existing citizen keeps name, KK, phone and address, and only empty ones are
    filled. Staff correct records in the panel. Callers must have the person's
    consent: it is recorded with its method.
    """
    now = now or utcnow()
    nik_lookup = vault.lookup_hash(nik) if nik else None
    citizen = await get_citizen_by_nik_lookup(session, nik_lookup) if nik_lookup else None
    if citizen is None:
        citizen = Citizen(
            nik_lookup=nik_lookup,
            nik_ciphertext=vault.encrypt(nik) if nik else None,
            created_at=now,
        )
        session.add(citizen)
        citizen.full_name = full_name
        citizen.language = language
    if kk and citizen.kk_lookup is None:
        citizen.kk_lookup = vault.lookup_hash(kk)
        citizen.kk_ciphertext = vault.encrypt(kk)
    citizen.phone = citizen.phone or phone
    citizen.kelurahan_code = citizen.kelurahan_code or kelurahan_code
    citizen.address = citizen.address or address
    citizen.consent_at = now
    citizen.consent_method = consent_method
    await session.flush()
    return citizen


async def identity_for_chat(
    session: AsyncSession, channel: Channel, chat_id: str, *, language: str, citizen: Citizen | None
) -> ChannelIdentity:
    """The chat's identity, created on its first filing; it stays tied to its first citizen."""
    identity = await get_identity(session, channel, chat_id)
    if identity is None:
        identity = ChannelIdentity(channel=channel, chat_id=chat_id, language=language)
        session.add(identity)
    if identity.citizen_id is None and citizen is not None:
        identity.citizen_id = citizen.id
    identity.language = language
    # Writing to us again means the person can be reached again.
    identity.is_reachable = True
    identity.unreachable_since = None
    await session.flush()
    return identity


async def identity_of_writer(
    session: AsyncSession,
    channel: Channel,
    chat_id: str,
    *,
    language: str,
    wrote_at: datetime | None = None,
) -> ChannelIdentity:
    """The identity of a chat that has just written to us, made on its first message.

    Its language is kept once set (the person may have chosen another); having
    written, the chat can be reached again. `wrote_at` (WhatsApp) opens its 24-hour window.
    """
    identity = await get_identity(session, channel, chat_id)
    if identity is None:
        identity = ChannelIdentity(channel=channel, chat_id=chat_id, language=language)
        session.add(identity)
    # Set only what changes: an attribute set to its own value still makes the identity
    # dirty, and the flush below would look it over for nothing at every update.
    if identity.is_reachable is not True or identity.unreachable_since is not None:
        identity.is_reachable = True
        identity.unreachable_since = None
    if wrote_at is not None and identity.last_inbound_at != wrote_at:
        identity.last_inbound_at = wrote_at
    await flush_pending(session)  # a chat that writes again mostly changes nothing
    return identity


async def set_chat_reachable(
    session: AsyncSession,
    channel: Channel,
    chat_id: str,
    reachable: bool,
    *,
    now: datetime | None = None,
) -> ChannelIdentity | None:
    """Marks a chat reachable or not (the user blocked or unblocked the bot)."""
    identity = await get_identity(session, channel, chat_id)
    if identity is None or identity.is_reachable == reachable:
        return identity
    identity.is_reachable = reachable
    identity.unreachable_since = None if reachable else (now or utcnow())
    await session.flush()
    return identity
