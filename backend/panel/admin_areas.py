"""The choices of an account's areas on its admin page: each kecamatan and its kelurahan."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.regions.repository import list_all_kelurahan, list_kecamatan
from backend.staff.areas import area_codes_of


async def area_choices(session: AsyncSession, staff_user_id: int) -> dict[str, Any]:
    """The account's area codes and the city's kecamatan, each with its kelurahan, to tick."""
    kelurahan = await list_all_kelurahan(session)
    return {
        "areas": await area_codes_of(session, staff_user_id),
        "area_groups": [
            (kecamatan, [k for k in kelurahan if k.kecamatan_code == kecamatan.code])
            for kecamatan in await list_kecamatan(session)
        ],
    }
