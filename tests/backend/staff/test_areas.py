"""The area rule: an account's areas, kecamatan expanded, and the one SQL condition."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint
from backend.errors import InvalidInput
from backend.regions.models import Kelurahan
from backend.security.crypto import Vault
from backend.staff.areas import area_kelurahan_of, covers, in_area, set_areas
from backend.staff.models import Role, StaffArea
from tests.fixtures.factories import make_complaint, make_staff

ADMIN = Actor(ActorRole.ADMIN)


async def _kelurahan_of(session: AsyncSession, kecamatan: str) -> set[str]:
    statement = select(Kelurahan.code).where(Kelurahan.kecamatan_code == kecamatan)
    return set(await session.scalars(statement))


class TestAnAccountsAreas:
    """Kecamatan bring all their kelurahan; no areas is the whole city."""

    async def test_a_kecamatan_expands_and_a_kelurahan_is_itself(
        self, session: AsyncSession
    ) -> None:
        user = await make_staff(session, Role.BACK_OFFICE)
        assert await area_kelurahan_of(session, user.id) is None
        await set_areas(session, user, ["32.71.02", "32.71.04.1003"], ADMIN)
        expected = await _kelurahan_of(session, "32.71.02") | {"32.71.04.1003"}
        assert await area_kelurahan_of(session, user.id) == expected

    async def test_a_change_is_audited_once_and_the_same_areas_are_not(
        self, session: AsyncSession
    ) -> None:
        user = await make_staff(session, Role.SUPERVISOR)
        for codes in (["32.71.04"], ["32.71.04"], []):
            await set_areas(session, user, codes, ADMIN)
        statement = select(AuditRecord.detail).where(AuditRecord.action == "staff.areas_changed")
        details = list(await session.scalars(statement.order_by(AuditRecord.id)))
        assert details == [{"from": [], "to": ["32.71.04"]}, {"from": ["32.71.04"], "to": []}]

    async def test_an_unknown_code_changes_nothing(self, session: AsyncSession) -> None:
        user = await make_staff(session, Role.SUPERVISOR)
        await set_areas(session, user, ["32.71.04"], ADMIN)
        with pytest.raises(InvalidInput, match=r"32\.71\.4\b"):
            await set_areas(session, user, ["32.71.4"], ADMIN)
        assert await area_kelurahan_of(session, user.id) == await _kelurahan_of(session, "32.71.04")

    @pytest.mark.parametrize(
        "row",
        [{}, {"kecamatan_code": "32.71.04", "kelurahan_code": "32.71.04.1003"}],
        ids=["neither", "both"],
    )
    async def test_a_row_names_exactly_one_kind_of_area(
        self, session: AsyncSession, row: dict[str, str]
    ) -> None:
        user = await make_staff(session, Role.BACK_OFFICE)
        session.add(StaffArea(staff_user_id=user.id, **row))
        with pytest.raises(IntegrityError):
            await session.flush()


class TestTheCondition:
    """in_area in SQL and covers in Python say the same; no kelurahan lies in no area."""

    async def test_sql_and_python_agree(self, session: AsyncSession, vault: Vault) -> None:
        places = ["32.71.04.1003", "32.71.01.1001", None]
        for place in places:
            complaint = await make_complaint(session, vault)
            complaint.kelurahan_code = place
        await session.flush()
        west = Actor(ActorRole.BACK_OFFICE, area_kelurahan=frozenset({"32.71.04.1003"}))
        city = Actor(ActorRole.BACK_OFFICE)
        for actor, expected in ((west, {"32.71.04.1003"}), (city, set(places))):
            statement = select(Complaint.kelurahan_code).where(
                in_area(actor, Complaint.kelurahan_code)
            )
            found = set(await session.scalars(statement))
            assert found == expected
            assert {place for place in places if covers(actor, place)} == expected
        nothing = Actor(ActorRole.BACK_OFFICE, area_kelurahan=frozenset())
        statement = select(func.count()).where(in_area(nothing, Complaint.kelurahan_code))
        assert await session.scalar(statement) == 0
