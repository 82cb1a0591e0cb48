"""Who is behind a request: the staff member a session or token belongs to.

A facilitator's account also names its facilitator, whose cases it may see; that
link is the facilitators' data, so the principal is put together here, above both
the staff accounts and the facilitators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.clock import utcnow
from backend.facilitators.repository import facilitator_id_of
from backend.staff.areas import area_kelurahan_of
from backend.staff.auth import check_credential
from backend.staff.models import CredentialKind, Role


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in staff member behind a request, and the credential used."""

    user_id: int
    email: str
    full_name: str
    role: Role
    credential_id: int
    kind: CredentialKind
    expires_at: datetime
    # Facilitator accounts only: the Facilitator whose cases this account sees.
    facilitator_id: int | None = None
    csrf_secret: str | None = None
    # The kelurahan the account is limited to (backend/staff/areas.py); None: the whole city.
    area_kelurahan: frozenset[str] | None = None

    @property
    def actor(self) -> Actor:
        """The actor the lifecycle and the audit log know this person as."""
        return Actor(
            ActorRole(self.role.value),
            staff_id=self.user_id,
            facilitator_id=self.facilitator_id,
            area_kelurahan=self.area_kelurahan,
        )


async def resolve_credential(
    session: AsyncSession, token: str | None, kind: CredentialKind, *, now: datetime | None = None
) -> Principal:
    """The principal behind a session cookie or bearer token, or NotAuthenticated."""
    credential, user = await check_credential(session, token, kind, now=now or utcnow())
    facilitator_id = None
    if user.role == Role.FACILITATOR:
        facilitator_id = await facilitator_id_of(session, user.id)
    return Principal(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        credential_id=credential.id,
        kind=credential.kind,
        expires_at=credential.expires_at,
        facilitator_id=facilitator_id,
        csrf_secret=credential.csrf_secret,
        # Read on every request: an administrator's change of areas applies at once.
        area_kelurahan=await area_kelurahan_of(session, user.id),
    )
