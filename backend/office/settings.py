"""Reading the office's settings: the one row, made with its defaults when missing."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.office.models import OFFICE_SETTINGS_ID, OfficeSettings


async def office_settings(session: AsyncSession) -> OfficeSettings:
    """The office's settings; a fresh database gets the defaults (flushed, not committed)."""
    row = await session.get(OfficeSettings, OFFICE_SETTINGS_ID)
    if row is None:
        row = OfficeSettings(id=OFFICE_SETTINGS_ID)
        session.add(row)
        await session.flush()
    return row
