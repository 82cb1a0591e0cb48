"""Queries for information pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.info.models import InfoPage


async def list_pages(session: AsyncSession, language: str) -> list[InfoPage]:
    """The information pages in one language, in their set order."""
    statement = select(InfoPage).where(InfoPage.language == language).order_by(InfoPage.sort_order)
    return list(await session.scalars(statement))


async def get_page(session: AsyncSession, key: str, language: str) -> InfoPage | None:
    """One information page."""
    return await session.get(InfoPage, (key, language))
