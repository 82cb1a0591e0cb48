"""Helpers of the API tests: staff accounts with tokens, complaints in a given state."""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass
from functools import cache

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.complaints.service import EventDetails, fire_event
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.security.crypto import Vault, vault_for
from backend.security.passwords import hash_password
from backend.staff.auth import issue_credential
from backend.staff.models import TWO_FACTOR_ROLES, CredentialKind, Role, StaffUser
from tests.fixtures.factories import BUBULAK, make_complaint

PASSWORD = "kata-sandi-yang-rahasia-42"
# The authenticator app of every test account with two-factor sign-in (160 bits, base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ALL_ROLES = tuple(Role)
_serials = itertools.count(1)
ADMIN = Actor(ActorRole.ADMIN)


@cache
def password_hash() -> str:
    """The argon2 hash of PASSWORD, made once per run (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


@dataclass(frozen=True)
class SignedIn:
    """A staff account with a live API token."""

    user_id: int
    role: Role
    email: str
    token: str
    facilitator_id: int | None = None

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header of the token."""
        return {"Authorization": f"Bearer {self.token}"}


def totp_code(secret: str = TOTP_SECRET, *, step_offset: int = 0) -> str:
    """The authenticator app's code now (or `step_offset` 30-second steps away)."""
    return pyotp.TOTP(secret).at(time.time(), counter_offset=step_offset)


def enrol_two_factor(user: StaffUser, secret: str = TOTP_SECRET) -> None:
    """Turns two-factor sign-in on for a test account, as a confirmed set-up would."""
    user.totp_secret = vault_for(os.environ["DATA_KEY"]).encrypt(secret)
    user.totp_enabled_at = utcnow()


async def make_account(
    session: AsyncSession,
    role: Role,
    *,
    facilitator: Facilitator | None = None,
    two_factor: bool | None = None,
) -> tuple[StaffUser, int | None]:
    """A staff account whose password is PASSWORD; a facilitator account is linked to one.

    Supervisors and admins must sign in with two factors, so theirs is on (TOTP_SECRET)
    unless `two_factor=False`; other roles get it with `two_factor=True`.
    Returns the account and, for a facilitator account, the facilitator's id.
    """
    serial = next(_serials)
    user = StaffUser(
        email=f"{role.value}{serial}@dinsos.example", full_name=f"{role.value.title()} {serial}",
        role=role, password_hash=password_hash(),
    )  # fmt: skip
    if two_factor if two_factor is not None else role in TWO_FACTOR_ROLES:
        enrol_two_factor(user)
    session.add(user)
    await session.flush()
    if role != Role.FACILITATOR:
        return user, None
    if facilitator is None:
        facilitator = Facilitator(
            full_name=user.full_name, phone="+6281234500002", kelurahan_code=BUBULAK
        )
        session.add(facilitator)
    facilitator.staff_user_id = user.id
    await session.flush()
    return user, facilitator.id


async def sign_in(
    sessions: async_sessionmaker[AsyncSession], role: Role, *, facilitator_id: int | None = None
) -> SignedIn:
    """A new account of `role` with an API token issued by the auth service."""
    async with unit_of_work(sessions) as session:
        facilitator = await session.get(Facilitator, facilitator_id) if facilitator_id else None
        user, linked = await make_account(session, role, facilitator=facilitator)
        issued = await issue_credential(session, user, CredentialKind.API_TOKEN)
    return SignedIn(user.id, role, user.email, issued.token, linked)


async def complaint_in(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    *events: tuple[str, EventDetails] | str,
    facilitator_id: int | None = None,
) -> str:
    """A complaint moved through `events` by an admin; filed by the facilitator if given."""
    async with unit_of_work(sessions) as session:
        facilitator = await session.get(Facilitator, facilitator_id) if facilitator_id else None
        complaint = await make_complaint(session, vault, facilitator=facilitator)
        if facilitator is not None:
            await fire_event(session, complaint, "approve", ADMIN)
        for step in events:
            name, details = (step, EventDetails()) if isinstance(step, str) else step
            await fire_event(session, complaint, name, ADMIN, details)
        return complaint.ticket


async def get_complaint(sessions: async_sessionmaker[AsyncSession], ticket: str) -> Complaint:
    """The complaint as stored now."""
    from backend.casefiles.repository import get_by_ticket

    async with sessions() as session:
        found = await get_by_ticket(session, ticket)
        assert found is not None
        return found


REFERRED = (
    "start_review",
    ("refer", EventDetails(agency="pkh", note="Dirujuk ke koordinator PKH")),
)
