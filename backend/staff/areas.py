"""The area rule: a staff account limited to kecamatan or kelurahan sees only their work.

An account's areas are rows of `staff_areas`: whole kecamatan or single kelurahan,
by their Kemendagri codes. An account without rows works for the whole city. The
principal of every request reads them afresh (backend/signin/principal.py), with
each kecamatan expanded to its kelurahan, into `Actor.area_kelurahan`; so a change
applies from the account's next request, with no session to end.

`in_area` is the one SQL condition every read and write of complaints, facilitators
and whatever else belongs to a kelurahan goes through (casefiles/access.py puts it
in `visible_to`); `covers` is the same rule on one value. Something without a
kelurahan (a complaint filed without one) belongs to no area: only whole-city
accounts see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.errors import InvalidInput
from backend.regions.models import Kecamatan, Kelurahan
from backend.staff.models import StaffArea, StaffUser


def in_area(actor: Actor, kelurahan_code: QueryableAttribute[Any]) -> ColumnElement[bool]:
    """The SQL condition that a row's kelurahan (`kelurahan_code`) lies in the actor's areas.

    Whole-city actors get TRUE; a limited one an IN over its kelurahan, which never
    matches a NULL kelurahan.
    """
    if actor.area_kelurahan is None:
        return true()
    return kelurahan_code.in_(sorted(actor.area_kelurahan))


def covers(actor: Actor, kelurahan_code: str | None) -> bool:
    """Whether something in this kelurahan (None: in none) lies in the actor's areas."""
    if actor.area_kelurahan is None:
        return True
    return kelurahan_code is not None and kelurahan_code in actor.area_kelurahan


def accounts_covering(kelurahan_code: str | None) -> ColumnElement[bool]:
    """The SQL condition on staff accounts whose areas hold this kelurahan (None: in none).

    The reverse of in_area, for telling people of a new complaint: whole-city accounts,
    and those limited to the kelurahan or its kecamatan.
    """
    limited = select(StaffArea.staff_user_id)
    if kelurahan_code is None:
        return StaffUser.id.not_in(limited)
    kecamatan = select(Kelurahan.kecamatan_code).where(Kelurahan.code == kelurahan_code)
    holding = limited.where(
        or_(
            StaffArea.kelurahan_code == kelurahan_code,
            StaffArea.kecamatan_code.in_(kecamatan),
        )
    )
    return or_(StaffUser.id.not_in(limited), StaffUser.id.in_(holding))


async def area_rows(session: AsyncSession, staff_user_id: int) -> list[StaffArea]:
    """The areas of an account, kecamatan first, each by code."""
    statement = (
        select(StaffArea)
        .where(StaffArea.staff_user_id == staff_user_id)
        .order_by(
            StaffArea.kelurahan_code.is_not(None),
            StaffArea.kecamatan_code,
            StaffArea.kelurahan_code,
        )
    )
    return list(await session.scalars(statement))


async def area_codes_of(session: AsyncSession, staff_user_id: int) -> list[str]:
    """The codes of an account's areas as an admin set them; empty means the whole city."""
    return [row.code for row in await area_rows(session, staff_user_id)]


async def area_kelurahan_of(session: AsyncSession, staff_user_id: int) -> frozenset[str] | None:
    """The kelurahan an account is limited to, its kecamatan expanded; None for the whole city.

    One statement: each kelurahan named by a row, or lying in a kecamatan named by one.
    """
    statement = (
        select(StaffArea.id, Kelurahan.code)
        .outerjoin(
            Kelurahan,
            or_(
                Kelurahan.code == StaffArea.kelurahan_code,
                Kelurahan.kecamatan_code == StaffArea.kecamatan_code,
            ),
        )
        .where(StaffArea.staff_user_id == staff_user_id)
    )
    rows = (await session.execute(statement)).all()
    if not rows:
        return None
    return frozenset(code for _, code in rows if code is not None)


async def check_area_codes(
    session: AsyncSession, codes: Iterable[str]
) -> tuple[list[str], list[str]]:
    """Sorts codes into kecamatan and kelurahan of the region data; an unknown one is refused."""
    wanted = sorted({code.strip() for code in codes if code.strip()})
    kecamatan = set(await session.scalars(select(Kecamatan.code).where(Kecamatan.code.in_(wanted))))
    kelurahan = set(await session.scalars(select(Kelurahan.code).where(Kelurahan.code.in_(wanted))))
    unknown = [code for code in wanted if code not in kecamatan and code not in kelurahan]
    if unknown:
        raise InvalidInput(
            f"Unknown area code {', '.join(unknown)}: use a kecamatan code like 32.71.04 or a "
            "kelurahan code like 32.71.04.1003 of the region data",
            field="areas",
        )
    return sorted(kecamatan), sorted(kelurahan)


async def set_areas(
    session: AsyncSession, user: StaffUser, codes: Iterable[str], actor: Actor
) -> list[str]:
    """Limits an account to these areas (none: the whole city); audited when they change.

    The caller checks who may do it (an administrator, or the command line).
    """
    kecamatan, kelurahan = await check_area_codes(session, codes)
    before = await area_rows(session, user.id)
    after = [*kecamatan, *kelurahan]
    if [row.code for row in before] == after:
        return after
    for row in before:
        await session.delete(row)
    await session.flush()
    session.add_all(
        [StaffArea(staff_user_id=user.id, kecamatan_code=code) for code in kecamatan]
        + [StaffArea(staff_user_id=user.id, kelurahan_code=code) for code in kelurahan]
    )
    await session.flush()
    record_audit(
        session, actor, "staff.areas_changed", "staff_user", user.id,
        {"from": [row.code for row in before], "to": after},
    )  # fmt: skip
    return after
