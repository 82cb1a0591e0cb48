"""`slrt invite-facilitator`: registers a facilitator (or finds the active one with that
phone) and issues a one-time invitation link, as the panel does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.citizens.validators import InvalidValue, parse_phone
from backend.errors import InvalidInput
from backend.facilitators import repository
from backend.facilitators.models import Facilitator
from backend.facilitators.service import create_facilitator, invite_facilitator
from backend.regions.models import Kelurahan

# Whoever runs the command line on the server administers the service.
COMMAND_LINE_ADMIN = Actor(ActorRole.ADMIN)


async def find_kelurahan(session: AsyncSession, code_or_name: str) -> Kelurahan:
    """A kelurahan by its Kemendagri code (32.71.04.1003) or its name (Bubulak), any case."""
    typed = " ".join(code_or_name.split())
    found = await session.get(Kelurahan, typed)
    if found is None:
        statement = select(Kelurahan).where(func.lower(Kelurahan.name) == typed.lower())
        found = (await session.execute(statement)).scalar_one_or_none()
    if found is None:
        raise InvalidInput(
            f"No kelurahan of Kota Bogor is called or coded '{code_or_name}'", field="kelurahan"
        )
    return found


@dataclass(frozen=True, slots=True)
class CommandLineInvitation:
    """What the command prints: who, where, the deep-link payload and until when it works."""

    facilitator: Facilitator
    kelurahan: Kelurahan
    created: bool
    payload: str
    expires_at: datetime


async def invite_from_command_line(
    session: AsyncSession, *, name: str, phone: str, kelurahan: str, valid_for: timedelta
) -> CommandLineInvitation:
    """Registers the facilitator unless one with this phone is active, then invites them."""
    place = await find_kelurahan(session, kelurahan)
    try:
        number = parse_phone(phone)
    except InvalidValue as problem:
        raise InvalidInput(
            f"The phone number is not acceptable ({problem.code})", field="phone"
        ) from None
    existing = await repository.active_facilitator_with_phone(session, number)
    if existing is not None and existing.kelurahan_code != place.code:
        raise InvalidInput(
            f"{existing.full_name} (id {existing.id}) has this phone and covers another kelurahan; "
            "change it in the panel", field="phone",
        )  # fmt: skip
    facilitator = existing or await create_facilitator(
        session, full_name=name, phone=number, kelurahan_code=place.code, actor=COMMAND_LINE_ADMIN
    )
    issued = await invite_facilitator(session, facilitator, COMMAND_LINE_ADMIN, valid_for=valid_for)
    return CommandLineInvitation(
        facilitator, place, existing is None, issued.payload, issued.invitation.expires_at
    )
