"""A staff member's alert settings and the one-time link that binds their Telegram.

The link works like a facilitator's invitation (backend/facilitators/service.py):
a random token in t.me/<bot>?start=stf_<token>, stored only as its SHA-256, good
once and for a few hours, and the newest one replaces any earlier unused one.
Services never commit; the caller's unit of work does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.citizens.models import Channel, ChannelIdentity
from backend.citizens.repository import get_identity
from backend.clock import utcnow
from backend.security.tokens import token_hash
from backend.staff.models import Role, StaffUser
from backend.staff_alerts.models import AlertChannel, StaffAlertPreference, StaffTelegramLink

# /start stf_<token>: the deep-link prefix of a staff member's Telegram link.
STAFF_LINK_PREFIX = "stf_"
# How long a link works once shown in the panel: long enough to open Telegram on one's phone.
STAFF_LINK_LIFETIME = timedelta(hours=1)
# Who gets digests and alerts: the roles that work complaints (assignable ones).
ALERTED_ROLES = frozenset({Role.BACK_OFFICE, Role.SUPERVISOR})


def _actor_of(user: StaffUser) -> Actor:
    return Actor(ActorRole(user.role.value), staff_id=user.id)


async def preference_of(session: AsyncSession, staff_user_id: int) -> StaffAlertPreference:
    """The staff member's alert settings; the defaults (email, no instant alerts) when unset."""
    row = await session.get(StaffAlertPreference, staff_user_id)
    if row is None:
        row = StaffAlertPreference(
            staff_user_id=staff_user_id, channel=AlertChannel.EMAIL, new_complaints=False
        )
        session.add(row)
        await session.flush()
    return row


async def set_preferences(
    session: AsyncSession, user: StaffUser, *, channel: AlertChannel, new_complaints: bool
) -> StaffAlertPreference:
    """Saves where one's alerts go and whether new complaints are told at once."""
    row = await preference_of(session, user.id)
    changed = {"channel": channel.value, "new_complaints": new_complaints}
    if (row.channel, row.new_complaints) != (channel, new_complaints):
        row.channel, row.new_complaints = channel, new_complaints
        record_audit(session, _actor_of(user), "staff.alerts_set", "staff_user", user.id, changed)
    return row


async def telegram_chat_of(session: AsyncSession, staff_user_id: int) -> ChannelIdentity | None:
    """The staff member's bound Telegram chat while it is reachable, else None."""
    row = await session.get(StaffAlertPreference, staff_user_id)
    if row is None or row.telegram_identity_id is None:
        return None
    identity = await session.get(ChannelIdentity, row.telegram_identity_id)
    if identity is None or not identity.is_reachable:
        return None
    return identity


@dataclass(frozen=True, slots=True)
class IssuedStaffLink:
    """A link and its token; the token exists only here, never in the database."""

    link: StaffTelegramLink
    token: str

    @property
    def payload(self) -> str:
        """What follows /start in the deep link."""
        return STAFF_LINK_PREFIX + self.token


async def issue_telegram_link(
    session: AsyncSession, user: StaffUser, *, now: datetime | None = None
) -> IssuedStaffLink:
    """A one-time link for one's own Telegram; an earlier unused one stops working."""
    now = now or utcnow()
    await session.execute(
        update(StaffTelegramLink)
        .where(
            StaffTelegramLink.staff_user_id == user.id,
            StaffTelegramLink.used_at.is_(None),
            StaffTelegramLink.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(24)
    link = StaffTelegramLink(
        staff_user_id=user.id,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + STAFF_LINK_LIFETIME,
    )
    session.add(link)
    await session.flush()
    record_audit(
        session, _actor_of(user), "staff.telegram_link_issued", "staff_user", user.id,
        {"link_id": link.id, "expires_at": link.expires_at.isoformat()},
    )  # fmt: skip
    return IssuedStaffLink(link, token)


async def unlink_telegram(session: AsyncSession, user: StaffUser) -> None:
    """Forgets one's Telegram chat; alerts go by email again."""
    row = await preference_of(session, user.id)
    if row.telegram_identity_id is None:
        return
    row.telegram_identity_id = None
    row.telegram_linked_at = None
    row.channel = AlertChannel.EMAIL
    record_audit(session, _actor_of(user), "staff.telegram_unlinked", "staff_user", user.id)


class StaffLinkOutcome(StrEnum):
    """What came of opening a staff member's link."""

    BOUND = "bound"
    ALREADY_BOUND = "already_bound"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    # Revoked by a newer link, or the account was deactivated.
    REVOKED = "revoked"
    # Only a Telegram chat can receive alerts (not the web chat).
    NOT_TELEGRAM = "not_telegram"


@dataclass(frozen=True, slots=True)
class StaffBindResult:
    """The outcome, and the staff member when the chat is (now) theirs."""

    outcome: StaffLinkOutcome
    user: StaffUser | None = None


async def accept_staff_link(
    session: AsyncSession,
    token: str,
    channel: Channel,
    chat_id: str,
    *,
    language: str = "id",
    now: datetime | None = None,
) -> StaffBindResult:
    """Binds the Telegram chat that opened a staff link to that staff member, once."""
    now = now or utcnow()
    statement = (
        select(StaffTelegramLink)
        .where(StaffTelegramLink.token_hash == token_hash(token))
        .with_for_update()
    )
    link = (await session.execute(statement)).scalar_one_or_none()
    if link is None:
        return StaffBindResult(StaffLinkOutcome.UNKNOWN)
    user = await session.get_one(StaffUser, link.staff_user_id)
    chat_key = f"{channel.value}:{chat_id}"
    if link.used_at is not None:
        mine = link.used_by_chat == chat_key and user.is_active
        outcome = StaffLinkOutcome.ALREADY_BOUND if mine else StaffLinkOutcome.USED
        return StaffBindResult(outcome, user if mine else None)
    if link.revoked_at is not None or not user.is_active:
        return StaffBindResult(StaffLinkOutcome.REVOKED)
    if link.expires_at <= now:
        return StaffBindResult(StaffLinkOutcome.EXPIRED)
    if channel != Channel.TELEGRAM:
        return StaffBindResult(StaffLinkOutcome.NOT_TELEGRAM)
    identity = await get_identity(session, channel.value, chat_id)
    if identity is None:
        identity = ChannelIdentity(
            channel=channel, chat_id=chat_id, language=language, created_at=now
        )
        session.add(identity)
        await session.flush()
    identity.is_reachable = True
    identity.unreachable_since = None
    row = await preference_of(session, user.id)
    row.telegram_identity_id = identity.id
    row.telegram_linked_at = now
    # Linking Telegram is asking for alerts there.
    row.channel = AlertChannel.TELEGRAM
    link.used_at = now
    link.used_by_chat = chat_key
    await session.flush()
    record_audit(
        session, _actor_of(user), "staff.telegram_linked", "staff_user", user.id,
        {"link_id": link.id},
    )  # fmt: skip
    return StaffBindResult(StaffLinkOutcome.BOUND, user)
