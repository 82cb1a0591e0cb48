"""Reference data: Kota Bogor's regions, the agencies and the complaint categories."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.casefiles.models import Category
from backend.reference.catalog import CATEGORIES
from backend.reference.seed import SeedReport, read_regions, seed_reference_data
from backend.referrals.models import Agency
from backend.regions.models import Kecamatan, Kelurahan

NOTHING_ADDED = SeedReport(kecamatan=0, kelurahan=0, agencies=0, categories=0)
EXPECTED_AGENCIES = {
    "pkh", "sembako", "disdik", "bpjs_kesehatan", "disdukcapil", "dinsos_province",
    "kemensos", "other",
}  # fmt: skip
# docs/ARCHITECTURE.md, Deadlines: resolution 5 for a simple case, 14 when another
# agency must act, 60 when it needs investigation.
EXPECTED_RESOLUTION_DAYS = {
    "pkh": 14, "bpnt": 14, "rastra": 14, "pip": 14, "pbi_jk": 14,
    "registry_inclusion": 60, "registry_correction": 14, "civil_documents": 14,
    "other_social": 5,
}  # fmt: skip


async def _count(session: AsyncSession, model: type) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def _counts(session: AsyncSession) -> tuple[int, int, int, int]:
    return (
        await _count(session, Kecamatan),
        await _count(session, Kelurahan),
        await _count(session, Agency),
        await _count(session, Category),
    )


def _csv_row(code: str) -> dict[str, str]:
    return next(row for row in read_regions() if row["code"] == code)


class TestSeededRegions:
    """Kota Bogor's 6 kecamatan and 68 kelurahan carry their Kemendagri codes."""

    async def test_there_are_6_kecamatan_and_68_kelurahan(self, session: AsyncSession) -> None:
        assert await _count(session, Kecamatan) == 6
        assert await _count(session, Kelurahan) == 68

    async def test_bogor_barat_is_32_71_04(self, session: AsyncSession) -> None:
        bogor_barat = await session.get(Kecamatan, "32.71.04")
        assert bogor_barat is not None and bogor_barat.name == "Bogor Barat"

    async def test_bubulak_is_32_71_04_1003_in_bogor_barat_with_its_postcode(
        self, session: AsyncSession
    ) -> None:
        bubulak = await session.get(Kelurahan, "32.71.04.1003")
        assert bubulak is not None and bubulak.name == "Bubulak"
        assert bubulak.kecamatan_code == "32.71.04"
        assert bubulak.postcode == _csv_row("32.71.04.1003")["postcode"] == "16115"

    async def test_every_kelurahan_belongs_to_an_existing_kecamatan(
        self, session: AsyncSession
    ) -> None:
        kecamatan_codes = set(await session.scalars(select(Kecamatan.code)))
        kelurahan = list(await session.scalars(select(Kelurahan)))
        assert kelurahan and all(row.kecamatan_code in kecamatan_codes for row in kelurahan)
        assert all(row.code.startswith(row.kecamatan_code + ".") for row in kelurahan)

    async def test_every_kelurahan_of_the_file_is_seeded_as_written(
        self, session: AsyncSession
    ) -> None:
        seeded = {
            row.code: (row.name, row.kecamatan_code, row.postcode)
            for row in await session.scalars(select(Kelurahan))
        }
        in_file = {
            row["code"]: (row["name"], row["parent_code"], row["postcode"] or None)
            for row in read_regions()
            if row["level"] == "kelurahan"
        }
        assert seeded == in_file


class TestSeededCategories:
    """Nine categories, each with a default agency and the documented SLA defaults."""

    async def test_there_are_9_categories(self, session: AsyncSession) -> None:
        codes = set(await session.scalars(select(Category.code)))
        assert codes == {seed.code for seed in CATEGORIES} and len(codes) == 9

    async def test_every_category_has_an_existing_default_agency(
        self, session: AsyncSession
    ) -> None:
        rows = await session.execute(select(Agency.id, Agency.code))
        agency_codes = {id_: code for id_, code in rows}
        for category in await session.scalars(select(Category)):
            assert category.default_agency_id in agency_codes, category.code
        expected = {seed.code: seed.agency for seed in CATEGORIES}
        seeded = {
            category.code: agency_codes[category.default_agency_id]  # type: ignore[index]
            for category in await session.scalars(select(Category))
        }
        assert seeded == expected

    async def test_triage_is_3_and_disposition_5_working_days_everywhere(
        self, session: AsyncSession
    ) -> None:
        for category in await session.scalars(select(Category)):
            sla = (category.sla_triage_days, category.sla_disposition_days)
            assert sla == (3, 5), category.code

    async def test_resolution_is_5_14_or_60_working_days_as_in_the_catalog(
        self, session: AsyncSession
    ) -> None:
        seeded = {
            category.code: category.sla_resolution_days
            for category in await session.scalars(select(Category))
        }
        assert seeded == EXPECTED_RESOLUTION_DAYS
        assert seeded == {seed.code: seed.resolution_days for seed in CATEGORIES}
        assert all(days <= 60 for days in seeded.values())

    async def test_categories_are_active_and_keep_the_catalog_order(
        self, session: AsyncSession
    ) -> None:
        ordered = list(await session.scalars(select(Category).order_by(Category.sort_order)))
        assert [category.code for category in ordered] == [seed.code for seed in CATEGORIES]
        assert all(category.is_active for category in ordered)


class TestSeededAgencies:
    """The program managers and agencies a complaint can be referred to."""

    async def test_the_agencies_of_the_programs_are_there(self, session: AsyncSession) -> None:
        codes = set(await session.scalars(select(Agency.code)))
        assert codes >= EXPECTED_AGENCIES


class TestSeedingAgain:
    """Seeding is idempotent and never overwrites what an admin changed."""

    async def test_a_second_seed_adds_nothing(self, session: AsyncSession) -> None:
        before = await _counts(session)
        report = await seed_reference_data(session)
        await session.commit()
        assert report == NOTHING_ADDED
        assert await _counts(session) == before

    @pytest.mark.parametrize("times", [2, 3])
    async def test_repeated_seeds_keep_the_same_rows(
        self, session: AsyncSession, times: int
    ) -> None:
        before = await _counts(session)
        for _ in range(times):
            assert await seed_reference_data(session) == NOTHING_ADDED
            await session.commit()
        assert await _counts(session) == before

    async def test_an_admins_sla_edit_survives_a_reseed(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async with sessions() as admin:
            pkh = await admin.scalar(select(Category).where(Category.code == "pkh"))
            assert pkh is not None
            pkh.sla_triage_days, pkh.sla_resolution_days, pkh.sla_referral_days = 2, 21, 30
            await admin.commit()
        async with sessions() as seeder:
            await seed_reference_data(seeder)
            await seeder.commit()
        async with sessions() as reader:
            pkh = await reader.scalar(select(Category).where(Category.code == "pkh"))
            assert pkh is not None
            assert (pkh.sla_triage_days, pkh.sla_resolution_days, pkh.sla_referral_days) == (
                2, 21, 30,
            )  # fmt: skip

    async def test_an_admins_agency_edit_survives_a_reseed(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async with sessions() as admin:
            pkh = await admin.scalar(select(Agency).where(Agency.code == "pkh"))
            assert pkh is not None
            pkh.name_id, pkh.contact = "Koordinator PKH (baru)", "pkh@kotabogor.go.id"
            await admin.commit()
        async with sessions() as seeder:
            await seed_reference_data(seeder)
            await seeder.commit()
        async with sessions() as reader:
            pkh = await reader.scalar(select(Agency).where(Agency.code == "pkh"))
            assert pkh is not None
            assert (pkh.name_id, pkh.contact) == ("Koordinator PKH (baru)", "pkh@kotabogor.go.id")

    async def test_a_deleted_category_comes_back_on_reseed(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async with sessions() as admin:
            other = await admin.scalar(select(Category).where(Category.code == "other_social"))
            await admin.delete(other)
            await admin.commit()
        async with sessions() as seeder:
            report = await seed_reference_data(seeder)
            await seeder.commit()
        assert report == SeedReport(kecamatan=0, kelurahan=0, agencies=0, categories=1)


class TestTimestampsAreStoredInUtc:
    """A time given in WIB reads back as the same instant on both databases."""

    async def test_wib_instant_round_trips(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        instant = datetime(2026, 12, 2, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        async with sessions() as session:
            session.add(AuditRecord(actor_role="system", action="t", object_type="t", at=instant))
            await session.commit()
        async with sessions() as session:
            stored = (await session.execute(select(AuditRecord.at))).scalar_one()
        assert stored == instant
