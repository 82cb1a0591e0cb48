"""Queries for the registry extract."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.registry.models import RegistryRecord


async def find_by_nik_lookup(session: AsyncSession, nik_lookup: str) -> RegistryRecord | None:
    """The registry record of the person with this NIK hash."""
    statement = select(RegistryRecord).where(RegistryRecord.nik_lookup == nik_lookup)
    return (await session.execute(statement)).scalar_one_or_none()
