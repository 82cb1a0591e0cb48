"""Agencies as an administrator keeps them: names, level, contact, active or not.

An agency's code is final: referrals name it in the API and the panel. An agency
is deactivated rather than deleted, because old referrals keep pointing at it;
while a category names it as its default agency it stays active.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Category
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.referrals.models import Agency, AgencyLevel

MIN_NAME_LENGTH = 2
MAX_NAME_LENGTH = 160
MAX_CONTACT_LENGTH = 500
MAX_EMAIL_LENGTH = 254
# Enough to catch a slip (a name, a phone number); the SMTP server has the last word.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class AgencyInUse(Conflict):
    """The agency is the default agency of categories, so it cannot be deactivated."""

    def __init__(self, message: str, *, categories: list[str]) -> None:
        super().__init__(message)
        self.categories = categories


@dataclass(frozen=True, slots=True)
class AgencyFields:
    """What an administrator sets on an agency."""

    name_id: str
    name_en: str
    level: AgencyLevel
    contact: str | None
    # Where its referrals' answer links and reminders are emailed (backend/referrals/emails.py).
    email: str | None = None


def _require_admin(actor: Actor) -> None:
    if actor.role != ActorRole.ADMIN:
        raise Forbidden("Only an administrator can change agencies")


def _cleaned(fields: AgencyFields) -> dict[str, object]:
    values = asdict(fields)
    for name in ("name_id", "name_en"):
        values[name] = values[name].strip()
        if not MIN_NAME_LENGTH <= len(values[name]) <= MAX_NAME_LENGTH:
            raise InvalidInput(
                f"{name} needs {MIN_NAME_LENGTH} to {MAX_NAME_LENGTH} characters", field=name
            )
    contact = (fields.contact or "").strip()
    if len(contact) > MAX_CONTACT_LENGTH:
        raise InvalidInput(
            f"The contact has more than {MAX_CONTACT_LENGTH} characters", field="contact"
        )
    values["contact"] = contact or None
    email = (fields.email or "").strip().lower()
    if email and (len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email)):
        raise InvalidInput("The email address is not a whole address", field="email")
    values["email"] = email or None
    values["level"] = AgencyLevel(fields.level)
    return values


async def list_agencies(session: AsyncSession) -> list[Agency]:
    """Every agency, active ones first, by name."""
    statement = select(Agency).order_by(Agency.is_active.desc(), Agency.name_id, Agency.code)
    return list(await session.scalars(statement))


async def get_agency(session: AsyncSession, code: str) -> Agency | None:
    """The agency with this code, active or not."""
    return await session.scalar(select(Agency).where(Agency.code == code))


async def categories_defaulting_to(session: AsyncSession, agency: Agency) -> list[str]:
    """Codes of the active categories whose default agency this is."""
    statement = (
        select(Category.code)
        .where(Category.default_agency_id == agency.id, Category.is_active.is_(True))
        .order_by(Category.code)
    )
    return list(await session.scalars(statement))


async def create_agency(
    session: AsyncSession, actor: Actor, code: str, fields: AgencyFields
) -> Agency:
    """Adds an agency complaints can be referred to (audited); its code is final."""
    _require_admin(actor)
    code = code.strip().lower()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            "The code takes 2 to 40 lowercase letters, digits or _, starting with a letter",
            field="code",
        )
    if await get_agency(session, code) is not None:
        raise Conflict(f"An agency with the code '{code}' already exists")
    values = _cleaned(fields)
    agency = Agency(code=code, is_active=True, **values)
    session.add(agency)
    await session.flush()
    record_audit(
        session, actor, "agency.created", "agency", agency.id,
        {"code": code, **{key: str(value) if value else value for key, value in values.items()}},
    )  # fmt: skip
    return agency


async def update_agency(
    session: AsyncSession, actor: Actor, agency: Agency, fields: AgencyFields
) -> dict[str, list[object]]:
    """Changes an agency's names, level, contact or email; each change audited as [old, new]."""
    _require_admin(actor)
    changes: dict[str, list[object]] = {}
    for name, value in _cleaned(fields).items():
        old = getattr(agency, name)
        if old != value:
            changes[name] = [str(old) if old else old, str(value) if value else value]
            setattr(agency, name, value)
    if changes:
        record_audit(
            session, actor, "agency.updated", "agency", agency.id,
            {"code": agency.code, "changes": changes},
        )  # fmt: skip
    return changes


async def set_agency_active(
    session: AsyncSession, actor: Actor, agency: Agency, active: bool
) -> None:
    """Offers an agency for referrals again, or stops offering it."""
    _require_admin(actor)
    if not active:
        using = await categories_defaulting_to(session, agency)
        if using:
            raise AgencyInUse(
                f"The agency '{agency.code}' is the default agency of {', '.join(using)}; "
                "choose another default agency for them first",
                categories=using,
            )
    if agency.is_active == active:
        return
    agency.is_active = active
    action = "agency.activated" if active else "agency.deactivated"
    record_audit(session, actor, action, "agency", agency.id, {"code": agency.code})
