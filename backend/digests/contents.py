"""What a staff member's digest holds on a given WIB working day.

Everyone who works complaints: their own complaints past their deadline, and those
due within the next two working days (weekends and Indonesian holidays skipped, as
backend/casefiles/sla.py counts). A supervisor also gets the team's overdue
complaints (the whole office: there is one SLRT team per office) and the referrals
whose answer date passed without an answer. An account limited to areas hears only
of its areas' complaints (docs/areas.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.casefiles.sla import add_working_days
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.complaints.stats import is_overdue
from backend.referrals.models import Agency, Referral, ReferralStatus
from backend.staff.areas import area_kelurahan_of, in_area
from backend.staff.models import Role, StaffUser
from backend.staff.repository import users_named

# "Due soon": within this many working days from today.
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One complaint in a digest: no names, no numbers, only what staff need to find it."""

    ticket: str
    category_id: str
    category_en: str
    status: ComplaintStatus
    due_on: date
    assignee: str | None = None


@dataclass(frozen=True, slots=True)
class ReferralItem:
    """A referral an agency has not answered by its date."""

    ticket: str
    agency_id: str
    agency_en: str
    due_on: date


@dataclass(frozen=True, slots=True)
class Digest:
    """The digest of one staff member for one day."""

    user: StaffUser
    day: date
    overdue: list[DigestItem] = field(default_factory=list)
    due_soon: list[DigestItem] = field(default_factory=list)
    team_overdue: list[DigestItem] = field(default_factory=list)
    referrals: list[ReferralItem] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        """How many lines it has; zero means there is nothing to send."""
        return len(self.overdue) + len(self.due_soon) + len(self.team_overdue) + len(self.referrals)


async def _complaints(session: AsyncSession, *conditions: object) -> list[DigestItem]:
    statement = (
        select(Complaint, Category)
        .join(Category, Category.id == Complaint.category_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(Complaint.due_on, Complaint.ticket)
    )
    rows = (await session.execute(statement)).all()
    names = await users_named(session, {c.assignee_id for c, _ in rows if c.assignee_id})
    items = []
    for complaint, category in rows:
        assert complaint.due_on is not None  # every query asks for a deadline
        assignee = names.get(complaint.assignee_id) if complaint.assignee_id else None
        items.append(
            DigestItem(complaint.ticket, category.name_id, category.name_en, complaint.status,
                       complaint.due_on, assignee)
        )  # fmt: skip
    return items


async def unanswered_referrals(
    session: AsyncSession, today: date, *conditions: ColumnElement[bool]
) -> list[ReferralItem]:
    """Open referrals whose answer date is before `today`, oldest first; `conditions`
    narrow their complaints."""
    statement = (
        select(Referral.due_on, Complaint.ticket, Agency.name_id, Agency.name_en)
        .join(Complaint, Complaint.id == Referral.complaint_id)
        .join(Agency, Agency.id == Referral.agency_id)
        .where(
            Referral.status == ReferralStatus.SENT,
            Referral.due_on < today,
            Complaint.status == ComplaintStatus.REFERRED,
            *conditions,
        )
        .order_by(Referral.due_on, Complaint.ticket)
    )
    items = []
    for due_on, ticket, name_id, name_en in await session.execute(statement):
        assert due_on is not None  # the query asks for a date before today
        items.append(ReferralItem(ticket, name_id, name_en, due_on))
    return items


async def digest_for(session: AsyncSession, user: StaffUser, today: date) -> Digest:
    """The digest of `user` on `today` (a WIB date)."""
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    areas = await area_kelurahan_of(session, user.id)
    area = in_area(
        Actor(ActorRole(user.role.value), user.id, area_kelurahan=areas), Complaint.kelurahan_code
    )
    mine = and_(Complaint.assignee_id == user.id, area)
    digest = Digest(
        user=user,
        day=today,
        overdue=await _complaints(session, mine, is_overdue(today)),
        due_soon=await _complaints(
            session,
            mine,
            Complaint.status.in_(OPEN_STATUSES),
            and_(Complaint.due_on >= today, Complaint.due_on <= soon),
        ),
    )
    if user.role == Role.SUPERVISOR:
        digest.team_overdue.extend(
            await _complaints(
                session, is_overdue(today), Complaint.assignee_id.is_distinct_from(user.id), area
            )
        )
        digest.referrals.extend(await unanswered_referrals(session, today, area))
    return digest
