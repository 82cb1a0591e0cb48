"""Seeds reference data idempotently: regions, agencies and categories."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category
from backend.info.models import InfoPage
from backend.reference.catalog import AGENCIES, CATEGORIES
from backend.referrals.models import Agency
from backend.regions.models import Kecamatan, Kelurahan

REGIONS_FILE = "kota-bogor-regions.csv"
INFO_PAGES_FILE = "info_pages.toml"


@dataclass(frozen=True, slots=True)
class SeedReport:
    """How many rows of each kind a seed run added."""

    kecamatan: int
    kelurahan: int
    agencies: int
    categories: int
    info_pages: int = 0


def read_regions() -> list[dict[str, str]]:
    """Rows of the Kemendagri region list shipped with the package."""
    text = resources.files("backend.reference").joinpath("data", REGIONS_FILE).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


async def seed_reference_data(session: AsyncSession) -> SeedReport:
    """Adds what is missing; names of regions follow the file, admin edits stay."""
    kecamatan, kelurahan = await _seed_regions(session)
    agencies = await _seed_agencies(session)
    categories = await _seed_categories(session)
    info_pages = await _seed_info_pages(session)
    return SeedReport(kecamatan, kelurahan, agencies, categories, info_pages)


async def _seed_regions(session: AsyncSession) -> tuple[int, int]:
    existing_kecamatan = {row.code: row for row in (await session.scalars(select(Kecamatan)))}
    existing_kelurahan = {row.code: row for row in (await session.scalars(select(Kelurahan)))}
    added_kecamatan = added_kelurahan = 0
    rows = read_regions()
    for row in rows:
        if row["level"] != "kecamatan":
            continue
        if (kecamatan := existing_kecamatan.get(row["code"])) is not None:
            kecamatan.name = row["name"]
        else:
            session.add(Kecamatan(code=row["code"], name=row["name"]))
            added_kecamatan += 1
    await session.flush()
    for row in rows:
        if row["level"] != "kelurahan":
            continue
        values = {
            "name": row["name"],
            "kecamatan_code": row["parent_code"],
            "postcode": row["postcode"] or None,
        }
        if (kelurahan := existing_kelurahan.get(row["code"])) is not None:
            for key, value in values.items():
                setattr(kelurahan, key, value)
        else:
            session.add(Kelurahan(code=row["code"], **values))
            added_kelurahan += 1
    await session.flush()
    return added_kecamatan, added_kelurahan


async def _seed_agencies(session: AsyncSession) -> int:
    known = set(await session.scalars(select(Agency.code)))
    added = [seed for seed in AGENCIES if seed.code not in known]
    session.add_all(
        Agency(code=seed.code, name_id=seed.name_id, name_en=seed.name_en, level=seed.level)
        for seed in added
    )
    await session.flush()
    return len(added)


async def _seed_categories(session: AsyncSession) -> int:
    known = set(await session.scalars(select(Category.code)))
    agency_ids = {code: id_ for code, id_ in await session.execute(select(Agency.code, Agency.id))}
    added = 0
    for order, seed in enumerate(CATEGORIES):
        if seed.code in known:
            continue
        session.add(
            Category(
                code=seed.code,
                name_id=seed.name_id,
                name_en=seed.name_en,
                default_agency_id=agency_ids[seed.agency],
                sla_triage_days=seed.triage_days,
                sla_disposition_days=seed.disposition_days,
                sla_resolution_days=seed.resolution_days,
                sla_referral_days=seed.referral_days,
                sort_order=order,
            )
        )
        added += 1
    await session.flush()
    return added


async def _seed_info_pages(session: AsyncSession) -> int:
    text = resources.files("backend.reference").joinpath("data", INFO_PAGES_FILE).read_text("utf-8")
    known = set(await session.execute(select(InfoPage.key, InfoPage.language)))
    added = 0
    for order, page in enumerate(tomllib.loads(text)["page"]):
        for language in ("id", "en"):
            if (page["key"], language) in known:
                continue
            session.add(
                InfoPage(
                    key=page["key"], language=language, sort_order=order,
                    title=page[f"{language}_title"], body=page[f"{language}_body"].strip(),
                )
            )  # fmt: skip
            added += 1
    await session.flush()
    return added
