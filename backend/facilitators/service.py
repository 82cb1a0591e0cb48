"""Onboarding facilitators: creating them, inviting them by a one-time link, binding a
Telegram account, revoking invitations, and deactivating them.

Services never commit; the caller's unit of work does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.citizens.models import Channel, ChannelIdentity
from backend.citizens.repository import get_identity
from backend.citizens.validators import InvalidValue, parse_name, parse_phone
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.facilitators import repository
from backend.facilitators.models import Facilitator, FacilitatorInvitation
from backend.regions.models import Kelurahan
from backend.security.tokens import token_hash
from backend.staff.areas import covers
from backend.staff.auth import revoke_all_credentials

# /start fac_<token>: the deep-link prefix of invitations (Telegram allows 64 characters).
INVITATION_PREFIX = "fac_"
# Supervisors (SLRT managers) and admins onboard facilitators.
ONBOARDERS = frozenset({ActorRole.SUPERVISOR, ActorRole.ADMIN})


def new_token() -> str:
    """A random URL-safe token for a deep link (32 characters)."""
    return secrets.token_urlsafe(24)


def _require_onboarder(actor: Actor, doing: str) -> None:
    if actor.role not in ONBOARDERS:
        raise Forbidden(f"The role {actor.role.value} may not {doing}; supervisors and admins may")


async def _checked_details(
    session: AsyncSession, full_name: str, phone: str, kelurahan_code: str, actor: Actor
) -> tuple[str, str, Kelurahan]:
    """A facilitator's name, phone and kelurahan as registering and editing both check them."""
    try:
        name = parse_name(full_name)
    except InvalidValue as problem:
        raise InvalidInput(
            f"The name is not acceptable ({problem.code})", field="full_name"
        ) from None
    try:
        number = parse_phone(phone)
    except InvalidValue as problem:
        raise InvalidInput(
            f"The phone number is not acceptable ({problem.code})", field="phone"
        ) from None
    kelurahan = await session.get(Kelurahan, (kelurahan_code or "").strip())
    # A kelurahan outside the actor's areas is as unknown to it as a wrong code.
    if kelurahan is None or not covers(actor, kelurahan.code):
        raise InvalidInput(f"Unknown kelurahan '{kelurahan_code}'", field="kelurahan")
    return name, number, kelurahan


async def create_facilitator(
    session: AsyncSession,
    *,
    full_name: str,
    phone: str,
    kelurahan_code: str,
    actor: Actor,
    now: datetime | None = None,
) -> Facilitator:
    """Registers a facilitator covering one kelurahan; the phone must not be another's."""
    _require_onboarder(actor, "register facilitators")
    name, number, kelurahan = await _checked_details(
        session, full_name, phone, kelurahan_code, actor
    )
    if await repository.active_facilitator_with_phone(session, number) is not None:
        raise Conflict(f"An active facilitator already has the phone number {number}")
    facilitator = Facilitator(
        full_name=name, phone=number, kelurahan_code=kelurahan.code, created_at=now or utcnow()
    )
    session.add(facilitator)
    await session.flush()
    record_audit(
        session, actor, "facilitator.create", "facilitator", facilitator.id,
        {"kelurahan": kelurahan.code},
    )  # fmt: skip
    return facilitator


async def update_facilitator(
    session: AsyncSession,
    facilitator: Facilitator,
    *,
    full_name: str,
    phone: str,
    kelurahan_code: str,
    actor: Actor,
) -> list[str]:
    """Changes a facilitator's name, phone and kelurahan; answers the fields that changed.

    Checked as at registration; the audit names the changed fields (and the kelurahan's
    codes), never the old or new name and phone.
    """
    _require_onboarder(actor, "edit facilitators")
    name, number, kelurahan = await _checked_details(
        session, full_name, phone, kelurahan_code, actor
    )
    other = await repository.active_facilitator_with_phone(session, number)
    if facilitator.is_active and other is not None and other.id != facilitator.id:
        raise Conflict(f"An active facilitator already has the phone number {number}")
    changed = [
        field
        for field, old, new in (
            ("full_name", facilitator.full_name, name),
            ("phone", facilitator.phone, number),
            ("kelurahan", facilitator.kelurahan_code, kelurahan.code),
        )
        if old != new
    ]
    if not changed:
        return []
    detail: dict[str, object] = {"fields": changed}
    if "kelurahan" in changed:
        detail |= {"kelurahan_from": facilitator.kelurahan_code, "kelurahan_to": kelurahan.code}
    facilitator.full_name, facilitator.phone = name, number
    facilitator.kelurahan_code = kelurahan.code
    record_audit(session, actor, "facilitator.updated", "facilitator", facilitator.id, detail)
    return changed


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    """An invitation and its token; the token exists only here, never in the database."""

    invitation: FacilitatorInvitation
    token: str

    @property
    def payload(self) -> str:
        """What follows /start in the deep link."""
        return INVITATION_PREFIX + self.token


async def invite_facilitator(
    session: AsyncSession,
    facilitator: Facilitator,
    actor: Actor,
    *,
    valid_for: timedelta,
    now: datetime | None = None,
) -> IssuedInvitation:
    """Issues a one-time invitation link; any earlier unused one stops working."""
    _require_onboarder(actor, "invite facilitators")
    if not facilitator.is_active:
        raise Conflict("This facilitator is deactivated; reactivate before inviting")
    now = now or utcnow()
    # One live link at a time: the newest one the office handed out is the one that counts.
    await repository.revoke_open_invitations(session, facilitator.id, now)
    token = new_token()
    invitation = FacilitatorInvitation(
        facilitator_id=facilitator.id,
        token_hash=token_hash(token),
        created_at=now,
        created_by_staff_id=actor.staff_id,
        expires_at=now + valid_for,
    )
    session.add(invitation)
    await session.flush()
    record_audit(
        session, actor, "facilitator.invite", "facilitator", facilitator.id,
        {"invitation_id": invitation.id, "expires_at": invitation.expires_at.isoformat()},
    )  # fmt: skip
    return IssuedInvitation(invitation, token)


async def revoke_invitation(
    session: AsyncSession, invitation_id: int, actor: Actor, *, now: datetime | None = None
) -> FacilitatorInvitation:
    """Stops an unused invitation from working."""
    _require_onboarder(actor, "revoke invitations")
    invitation = await repository.get_invitation(session, invitation_id)
    if invitation is None:
        raise NotFound(f"No invitation {invitation_id}")
    if invitation.used_at is not None:
        raise Conflict("This invitation was already used; deactivate the facilitator instead")
    if invitation.revoked_at is None:
        invitation.revoked_at = now or utcnow()
        record_audit(
            session, actor, "facilitator.invitation_revoked", "facilitator",
            invitation.facilitator_id, {"invitation_id": invitation.id},
        )  # fmt: skip
    return invitation


async def set_facilitator_active(
    session: AsyncSession,
    facilitator: Facilitator,
    active: bool,
    actor: Actor,
    *,
    now: datetime | None = None,
) -> None:
    """Deactivates a facilitator (bot and panel access end at once) or reactivates one."""
    _require_onboarder(actor, "deactivate or reactivate facilitators")
    now = now or utcnow()
    if active == facilitator.is_active:
        return
    if active:
        taken = await repository.active_facilitator_with_phone(session, facilitator.phone)
        if taken is not None:
            raise Conflict(
                f"An active facilitator already has the phone number {facilitator.phone}"
            )
    facilitator.is_active = active
    facilitator.deactivated_at = None if active else now
    if not active:
        # Every check of the bot reads is_active, so the next message already meets a stranger.
        await repository.revoke_open_invitations(session, facilitator.id, now)
        if facilitator.staff_user_id is not None:
            await revoke_all_credentials(
                session, facilitator.staff_user_id, reason="deactivated", now=now
            )
    record_audit(
        session, actor, "facilitator.activated" if active else "facilitator.deactivated",
        "facilitator", facilitator.id,
    )  # fmt: skip


class BindOutcome(StrEnum):
    """What came of opening an invitation link."""

    BOUND = "bound"
    ALREADY_BOUND = "already_bound"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    # The Telegram account already belongs to another active facilitator.
    TAKEN = "taken"


@dataclass(frozen=True, slots=True)
class BindResult:
    """The outcome, and the facilitator when the chat is (now) theirs."""

    outcome: BindOutcome
    facilitator: Facilitator | None = None


def _chat_key(channel: Channel, chat_id: str) -> str:
    return f"{channel.value}:{chat_id}"


async def accept_invitation(
    session: AsyncSession,
    token: str,
    channel: Channel,
    chat_id: str,
    *,
    language: str = "id",
    now: datetime | None = None,
) -> BindResult:
    """Binds the chat that opened an invitation link to its facilitator, once.

    Opening a used link again from the chat it bound answers ALREADY_BOUND, so a
    facilitator who taps the link twice is not told off.
    """
    now = now or utcnow()
    invitation = await repository.invitation_by_hash(session, token_hash(token), for_update=True)
    if invitation is None:
        return BindResult(BindOutcome.UNKNOWN)
    facilitator = await repository.get_facilitator(
        session, invitation.facilitator_id, for_update=True
    )
    assert facilitator is not None  # a foreign key
    if invitation.used_at is not None:
        mine = invitation.used_by_chat == _chat_key(channel, chat_id) and facilitator.is_active
        return BindResult(
            BindOutcome.ALREADY_BOUND if mine else BindOutcome.USED, facilitator if mine else None
        )
    if invitation.revoked_at is not None or not facilitator.is_active:
        return BindResult(BindOutcome.REVOKED)
    if invitation.expires_at <= now:
        return BindResult(BindOutcome.EXPIRED)
    identity = await get_identity(session, channel.value, chat_id)
    if identity is not None and identity.facilitator_id not in (None, facilitator.id):
        other = await repository.get_facilitator(session, identity.facilitator_id)
        if other is not None and other.is_active:
            return BindResult(BindOutcome.TAKEN)
    # One chat per facilitator: a new phone replaces the old one.
    for old in await repository.chats_of_facilitator(session, facilitator.id):
        if identity is None or old.id != identity.id:
            old.facilitator_id = None
    if identity is None:
        identity = ChannelIdentity(
            channel=channel, chat_id=chat_id, language=language, created_at=now
        )
        session.add(identity)
    identity.facilitator_id = facilitator.id
    identity.is_reachable = True
    identity.unreachable_since = None
    invitation.used_at = now
    invitation.used_by_chat = _chat_key(channel, chat_id)
    await session.flush()
    record_audit(
        session, Actor(ActorRole.FACILITATOR, facilitator_id=facilitator.id), "facilitator.bound",
        "facilitator", facilitator.id, {"invitation_id": invitation.id, "channel": channel.value},
    )  # fmt: skip
    return BindResult(BindOutcome.BOUND, facilitator)
