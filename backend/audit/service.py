"""Writes audit records; callers pass the actor and what was done to what."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.models import AuditRecord


def record_audit(
    session: AsyncSession,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    detail: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditRecord:
    """Adds an audit record to the current transaction."""
    record = AuditRecord(
        actor_role=actor.role.value,
        actor_id=actor.audit_id,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail or {},
        ip_address=ip_address,
    )
    session.add(record)
    return record
