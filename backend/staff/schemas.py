"""What the sign-in endpoints take and answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.staff.models import Role


class TokenOut(BaseModel):
    """A bearer token; send it as `Authorization: Bearer <access_token>`."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")


class MeOut(BaseModel):
    """The signed-in staff member."""

    id: int
    email: str
    full_name: str
    role: Role
    facilitator_id: int | None = Field(
        None, description="Facilitator accounts: the facilitator whose cases they see"
    )
    token_expires_at: datetime
    areas: list[str] = Field(
        default_factory=list,
        description="Kemendagri codes of the kecamatan and kelurahan the account is limited "
        "to; empty means the whole city",
    )


class PasswordChangeIn(BaseModel):
    """The current password and the new one."""

    old_password: str = Field(min_length=1)
    new_password: str = Field(min_length=1, max_length=256)
