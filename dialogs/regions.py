"""Kota Bogor's kecamatan and kelurahan as the dialogs show them, read once per database.

The regions are reference data written by the migrations' seed and never edited
while the service runs, so a process keeps them after the first read instead of
asking the database at every question and summary (four to six statements an
intake). A database whose regions are not seeded yet is not remembered.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from backend.regions.repository import list_all_kelurahan, list_kecamatan

# Databases remembered at once (the service has one; a test run opens many).
_KEPT = 8


@dataclass(frozen=True, slots=True)
class Place:
    """A kecamatan (no `kecamatan_code`) or a kelurahan."""

    code: str
    name: str
    kecamatan_code: str | None = None


@dataclass(frozen=True, slots=True)
class Regions:
    """The city's kecamatan in code order and each one's kelurahan by name."""

    kecamatan: tuple[Place, ...]
    kelurahan_of: dict[str, tuple[Place, ...]]
    by_code: dict[str, Place]

    def get_kecamatan(self, code: str) -> Place | None:
        place = self.by_code.get(code)
        return place if place is not None and place.kecamatan_code is None else None

    def get_kelurahan(self, code: str) -> Place | None:
        place = self.by_code.get(code)
        return place if place is not None and place.kecamatan_code is not None else None


_cache: OrderedDict[str, Regions] = OrderedDict()


async def regions(session: AsyncSession) -> Regions:
    """The regions of the session's database, read at the first call of this process."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    key = engine.url.render_as_string(hide_password=True)
    found = _cache.get(key)
    if found is not None:
        return found
    kecamatan = tuple(Place(item.code, item.name) for item in await list_kecamatan(session))
    kelurahan: dict[str, list[Place]] = {item.code: [] for item in kecamatan}
    for village in await list_all_kelurahan(session):
        place = Place(village.code, village.name, village.kecamatan_code)
        kelurahan.setdefault(village.kecamatan_code, []).append(place)
    loaded = Regions(
        kecamatan=kecamatan,
        kelurahan_of={code: tuple(places) for code, places in kelurahan.items()},
        by_code={place.code: place for places in kelurahan.values() for place in places}
        | {place.code: place for place in kecamatan},
    )
    if kecamatan:
        _cache[key] = loaded
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return loaded
