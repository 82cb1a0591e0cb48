"""Integrating systems' API keys: issued by an admin (shown once), checked on each write, revoked.

A key carries 256 random bits, so its plain SHA-256 is what is kept (as for sessions
and tokens, backend/security/tokens.py); the first characters stay readable so an
admin can tell which key a system holds.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.clock import utcnow
from backend.errors import InvalidInput, NotFound
from backend.open311.models import Open311ApiKey
from backend.security.tokens import token_hash

KEY_PREFIX = "o311_"
# How much of a key stays readable in the admin's list (the prefix and four characters).
SHOWN_LENGTH = len(KEY_PREFIX) + 4
MIN_SYSTEM_NAME = 3
MAX_SYSTEM_NAME = 120
# A key longer than this was never issued here; it is not even hashed.
MAX_KEY_LENGTH = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A new key's row and the key itself, which is shown once and never kept."""

    row: Open311ApiKey
    key: str


def check_system_name(text: str | None) -> str:
    """The integrating system's name, on one line, 3 to 120 characters."""
    name = " ".join(_CONTROL.sub("", text or "").split())
    if not MIN_SYSTEM_NAME <= len(name) <= MAX_SYSTEM_NAME:
        raise InvalidInput(
            f"A system name has {MIN_SYSTEM_NAME} to {MAX_SYSTEM_NAME} characters",
            field="system_name", key="open311-key-name-length",
            params={"min": MIN_SYSTEM_NAME, "max": MAX_SYSTEM_NAME},
        )  # fmt: skip
    return name


async def issue_key(
    session: AsyncSession, actor: Actor, system_name: str, *, now: datetime | None = None
) -> IssuedKey:
    """Issues a key for a system; the caller shows `key` once."""
    assert actor.staff_id is not None, "an admin issues keys"
    name = check_system_name(system_name)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = Open311ApiKey(
        system_name=name, key_hash=token_hash(key), key_prefix=key[:SHOWN_LENGTH],
        created_by_id=actor.staff_id, created_at=now or utcnow(),
    )  # fmt: skip
    session.add(row)
    await session.flush()
    record_audit(session, actor, "open311.key_issue", "open311_api_key", row.id, {"system": name})
    return IssuedKey(row, key)


async def revoke_key(
    session: AsyncSession, actor: Actor, key_id: int, *, now: datetime | None = None
) -> Open311ApiKey:
    """Revokes a key at once: its next POST is refused. Revoking it again changes nothing."""
    row = await session.get(Open311ApiKey, key_id)
    if row is None:
        raise NotFound(f"No Open311 API key {key_id}")
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
        row.revoked_by_id = actor.staff_id
        record_audit(
            session, actor, "open311.key_revoke", "open311_api_key", row.id,
            {"system": row.system_name},
        )  # fmt: skip
    return row


async def list_keys(session: AsyncSession) -> list[Open311ApiKey]:
    """Every key ever issued, the newest first."""
    return list(await session.scalars(select(Open311ApiKey).order_by(Open311ApiKey.id.desc())))


async def key_in_use(
    session: AsyncSession, presented: str | None, *, now: datetime | None = None
) -> Open311ApiKey | None:
    """The live key presented (its last use noted), or None: missing, unknown or revoked."""
    if not presented or len(presented) > MAX_KEY_LENGTH:
        return None
    row = await session.scalar(
        select(Open311ApiKey).where(Open311ApiKey.key_hash == token_hash(presented))
    )
    if row is None or row.revoked_at is not None:
        return None
    row.last_used_at = now or utcnow()
    return row
