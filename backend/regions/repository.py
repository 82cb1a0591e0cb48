"""Queries for kecamatan and kelurahan."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.regions.models import Kecamatan, Kelurahan


async def list_kecamatan(session: AsyncSession) -> list[Kecamatan]:
    """Kota Bogor's kecamatan in code order."""
    return list(await session.scalars(select(Kecamatan).order_by(Kecamatan.code)))


async def list_kelurahan(session: AsyncSession, kecamatan_code: str) -> list[Kelurahan]:
    """The kelurahan of one kecamatan, by name."""
    statement = (
        select(Kelurahan).where(Kelurahan.kecamatan_code == kecamatan_code).order_by(Kelurahan.name)
    )
    return list(await session.scalars(statement))


async def get_kelurahan(session: AsyncSession, code: str) -> Kelurahan | None:
    """The kelurahan with this Kemendagri code."""
    return await session.get(Kelurahan, code)


async def get_kecamatan(session: AsyncSession, code: str) -> Kecamatan | None:
    """The kecamatan with this Kemendagri code."""
    return await session.get(Kecamatan, code)


async def list_all_kelurahan(session: AsyncSession) -> list[Kelurahan]:
    """Every kelurahan of the city, by kecamatan then name (for grouped choices)."""
    statement = select(Kelurahan).order_by(Kelurahan.kecamatan_code, Kelurahan.name)
    return list(await session.scalars(statement))
