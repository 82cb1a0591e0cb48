"""Staff accounts of the panel and the API, their roles, sessions and tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString


class Role(StrEnum):
    """Roles of panel accounts (names are a contract: docs/ARCHITECTURE.md, Contracts)."""

    FRONT_OFFICE = "front_office"
    BACK_OFFICE = "back_office"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    FACILITATOR = "facilitator"


# Roles that must sign in with a second factor (TOTP); for the others it is their choice.
TWO_FACTOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


class StaffUser(Base):
    """A person who signs in to the panel or the API."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(GuardedString(120))
    role: Mapped[Role] = mapped_column(enum_column_type(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(2), default="id")
    # Two-factor sign-in (TOTP, RFC 6238): the secret encrypted under DATA_KEY. It counts
    # only once confirmed by a code (totp_enabled_at); a new device's secret waits in
    # totp_pending_secret until its first code. totp_last_step is the time step of the
    # last code accepted: a code of that step or an earlier one is refused (no replay).
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_pending_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set by an administrator's password (a new account, a reset): someone else knows it,
    # so the person changes it at the next sign-in before anything else.
    password_must_change: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def two_factor_on(self) -> bool:
        """Whether signing in takes a code besides the password."""
        return self.totp_enabled_at is not None

    @property
    def must_set_up_two_factor(self) -> bool:
        """A role that needs two factors, without them yet: it may only set them up."""
        return self.role in TWO_FACTOR_ROLES and not self.two_factor_on


class CredentialKind(StrEnum):
    """What a credential is for: the panel's session cookie, an API bearer token, or the
    few minutes between a right password and the two-factor code on the panel's sign-in."""

    SESSION = "session"
    API_TOKEN = "api_token"
    SECOND_FACTOR = "second_factor"


class StaffCredential(Base):
    """A signed-in session or API token; only the SHA-256 of its random token is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    kind: Mapped[CredentialKind] = mapped_column(enum_column_type(CredentialKind))
    # A stolen copy of the table cannot be replayed: the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Sessions only: the secret the panel derives its CSRF tokens from.
    csrf_secret: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # logout, password_changed, deactivated: why it stopped working, for the audit trail.
    revoked_reason: Mapped[str | None] = mapped_column(GuardedString(32))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(GuardedString(255))


class StaffRecoveryCode(Base):
    """A one-time recovery code of two-factor sign-in; only its keyed hash is stored."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    # HMAC-SHA256 under a key derived from DATA_KEY: a copy of the table alone finds nothing.
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class StaffArea(Base):
    """One area a staff account is limited to: a whole kecamatan or one kelurahan.

    An account without rows sees the whole city (backend/staff/areas.py keeps the rule).
    """

    __tablename__ = "staff_areas"
    __table_args__ = (
        CheckConstraint(
            "(kecamatan_code IS NULL) <> (kelurahan_code IS NULL)", name="one_kind_of_area"
        ),
        # NULLs are distinct in a unique key: each keeps one row per code of its own kind.
        UniqueConstraint("staff_user_id", "kecamatan_code"),
        UniqueConstraint("staff_user_id", "kelurahan_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def code(self) -> str:
        """The Kemendagri code of the area, whichever kind it is."""
        code = self.kecamatan_code or self.kelurahan_code
        assert code is not None  # the check constraint holds one of them
        return code
