"""Complaint categories as an administrator keeps them: names, SLA in working days, default agency.

Codes never change once made: the chat, the API filters and the exports name a
category by its code. A category is deactivated rather than deleted, because old
complaints keep pointing at it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Category
from backend.complaints.filing import NO_NIK_CATEGORY
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.referrals.models import Agency

# Perpres 76/2013: no step may run past 60 days; a step of 0 days would be due at once.
MIN_SLA_DAYS = 1
MAX_SLA_DAYS = 60
MAX_SORT_ORDER = 999
MIN_NAME_LENGTH = 2
MAX_NAME_LENGTH = 120
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
SLA_FIELDS = (
    "sla_triage_days", "sla_disposition_days", "sla_resolution_days", "sla_referral_days"
)  # fmt: skip
# The filing service files a complaint without a NIK under this category.
REQUIRED_CATEGORIES = frozenset({NO_NIK_CATEGORY})


class CategoryRequired(Conflict):
    """The category is needed by the intake itself and cannot be deactivated."""


@dataclass(frozen=True, slots=True)
class CategoryFields:
    """What an administrator sets on a category; the agency by its code (None: no default)."""

    name_id: str
    name_en: str
    default_agency: str | None
    sla_triage_days: int
    sla_disposition_days: int
    sla_resolution_days: int
    sla_referral_days: int
    sort_order: int


def _require_admin(actor: Actor) -> None:
    if actor.role != ActorRole.ADMIN:
        raise Forbidden("Only an administrator can change categories")


def check_fields(fields: CategoryFields) -> None:
    """Raises InvalidInput naming the first field out of bounds."""
    for name in ("name_id", "name_en"):
        length = len(getattr(fields, name).strip())
        if not MIN_NAME_LENGTH <= length <= MAX_NAME_LENGTH:
            raise InvalidInput(
                f"{name} needs {MIN_NAME_LENGTH} to {MAX_NAME_LENGTH} characters", field=name
            )
    for name in SLA_FIELDS:
        if not MIN_SLA_DAYS <= getattr(fields, name) <= MAX_SLA_DAYS:
            raise InvalidInput(
                f"{name} must be {MIN_SLA_DAYS} to {MAX_SLA_DAYS} working days", field=name
            )
    if not 0 <= fields.sort_order <= MAX_SORT_ORDER:
        raise InvalidInput(f"sort_order must be 0 to {MAX_SORT_ORDER}", field="sort_order")


async def _agency_id(session: AsyncSession, code: str | None) -> int | None:
    if code is None:
        return None
    agency = await session.scalar(select(Agency).where(Agency.code == code))
    if agency is None or not agency.is_active:
        raise InvalidInput(f"No active agency has the code '{code}'", field="default_agency")
    return agency.id


async def list_categories(session: AsyncSession) -> list[tuple[Category, Agency | None]]:
    """Every category with its default agency: active ones first, in the order the chat shows."""
    statement = (
        select(Category, Agency)
        .outerjoin(Agency, Agency.id == Category.default_agency_id)
        .order_by(Category.is_active.desc(), Category.sort_order, Category.code)
    )
    return [(category, agency) for category, agency in await session.execute(statement)]


async def get_category_with_agency(
    session: AsyncSession, code: str
) -> tuple[Category, Agency | None] | None:
    """The category with this code and its default agency."""
    statement = (
        select(Category, Agency)
        .outerjoin(Agency, Agency.id == Category.default_agency_id)
        .where(Category.code == code)
    )
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def create_category(
    session: AsyncSession, actor: Actor, code: str, fields: CategoryFields
) -> Category:
    """Adds a category (audited); its code is final."""
    _require_admin(actor)
    code = code.strip().lower()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            "The code takes 2 to 40 lowercase letters, digits or _, starting with a letter",
            field="code",
        )
    if await session.scalar(select(Category.id).where(Category.code == code)) is not None:
        raise Conflict(f"A category with the code '{code}' already exists")
    check_fields(fields)
    values = asdict(fields)
    agency_code = values.pop("default_agency")
    values["name_id"], values["name_en"] = fields.name_id.strip(), fields.name_en.strip()
    category = Category(
        code=code,
        default_agency_id=await _agency_id(session, agency_code),
        is_active=True,
        **values,
    )
    session.add(category)
    await session.flush()
    record_audit(
        session, actor, "category.created", "category", category.id,
        {"code": code, **values, "default_agency": agency_code},
    )  # fmt: skip
    return category


async def update_category(
    session: AsyncSession, actor: Actor, category: Category, fields: CategoryFields
) -> dict[str, list[object]]:
    """Changes a category; the audit record and the answer hold each change as [old, new].

    New deadlines apply from the next step a complaint takes; running ones stay.
    """
    _require_admin(actor)
    check_fields(fields)
    current = await get_category_with_agency(session, category.code)
    old_agency = current[1].code if current and current[1] else None
    changes: dict[str, list[object]] = {}
    if fields.default_agency != old_agency:
        category.default_agency_id = await _agency_id(session, fields.default_agency)
        changes["default_agency"] = [old_agency, fields.default_agency]
    for name, value in asdict(fields).items():
        if name == "default_agency":
            continue
        value = value.strip() if isinstance(value, str) else value
        if getattr(category, name) != value:
            changes[name] = [getattr(category, name), value]
            setattr(category, name, value)
    if changes:
        record_audit(
            session, actor, "category.updated", "category", category.id,
            {"code": category.code, "changes": changes},
        )  # fmt: skip
    return changes


async def set_category_active(
    session: AsyncSession, actor: Actor, category: Category, active: bool
) -> None:
    """Offers a category to citizens again, or stops offering it (old complaints keep it)."""
    _require_admin(actor)
    if not active and category.code in REQUIRED_CATEGORIES:
        raise CategoryRequired(
            f"The category '{category.code}' is where complaints without a NIK go; it stays active"
        )
    if category.is_active == active:
        return
    category.is_active = active
    action = "category.activated" if active else "category.deactivated"
    record_audit(session, actor, action, "category", category.id, {"code": category.code})
