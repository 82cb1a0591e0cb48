"""Staff accounts of the panel and the API, their roles, sessions and tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String
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
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CredentialKind(StrEnum):
    """What a credential is for: the panel's session cookie or an API bearer token."""

    SESSION = "session"
    API_TOKEN = "api_token"


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
