"""Queries for home visits: a complaint's visits, a facilitator's, and the office's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Attachment, Complaint
from backend.citizens.models import ChannelIdentity, Citizen
from backend.db import rows_matched
from backend.facilitators.models import Facilitator
from backend.regions.models import Kelurahan
from backend.visits.models import OPEN_STATES, HomeVisit, VisitState

# A select of any columns (the list's rows and the counts share their filters).
AnySelect = Select[*tuple[Any, ...]]


async def get_visit(
    session: AsyncSession, visit_id: int, *, for_update: bool = False
) -> HomeVisit | None:
    """The visit with this id."""
    statement = select(HomeVisit).where(HomeVisit.id == visit_id)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def open_visit_of(session: AsyncSession, complaint_id: int) -> HomeVisit | None:
    """The complaint's visit still to be made, if any."""
    statement = select(HomeVisit).where(
        HomeVisit.complaint_id == complaint_id, HomeVisit.state.in_(OPEN_STATES)
    )
    return (await session.execute(statement.limit(1))).scalar_one_or_none()


async def visits_of_complaint(session: AsyncSession, complaint_id: int) -> list[HomeVisit]:
    """Every visit asked for on the complaint, oldest first."""
    statement = select(HomeVisit).where(HomeVisit.complaint_id == complaint_id)
    return list(await session.scalars(statement.order_by(HomeVisit.id)))


async def attachments_of_visits(
    session: AsyncSession, visit_ids: list[int]
) -> dict[int, list[Attachment]]:
    """The photos and voice notes of each visit, in the order they came."""
    if not visit_ids:
        return {}
    statement = (
        select(Attachment).where(Attachment.home_visit_id.in_(visit_ids)).order_by(Attachment.id)
    )
    found: dict[int, list[Attachment]] = {}
    for attachment in await session.scalars(statement):
        assert attachment.home_visit_id is not None
        found.setdefault(attachment.home_visit_id, []).append(attachment)
    return found


async def facilitator_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """The names of these facilitators."""
    if not ids:
        return {}
    statement = select(Facilitator.id, Facilitator.full_name).where(Facilitator.id.in_(ids))
    return {row.id: row.full_name for row in await session.execute(statement)}


async def facilitators_by_name(session: AsyncSession) -> list[Facilitator]:
    """Every facilitator, by name (the visits page filters by them)."""
    statement = select(Facilitator).order_by(Facilitator.full_name, Facilitator.id)
    return list(await session.scalars(statement))


async def take(session: AsyncSession, visit_id: int, facilitator_id: int, now: Any) -> bool:
    """Marks a requested visit as taken by the facilitator; False when someone was first.

    One conditional UPDATE, so of two facilitators pressing at once exactly one wins.
    """
    statement = (
        update(HomeVisit)
        .where(HomeVisit.id == visit_id, HomeVisit.state == VisitState.REQUESTED)
        .values(state=VisitState.TAKEN, taken_by_facilitator_id=facilitator_id, taken_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_matched(await session.execute(statement)) == 1


async def kelurahan_chats(session: AsyncSession, kelurahan_code: str) -> list[ChannelIdentity]:
    """The reachable chats of the kelurahan's active facilitators."""
    statement = (
        select(ChannelIdentity)
        .join(Facilitator, Facilitator.id == ChannelIdentity.facilitator_id)
        .where(
            Facilitator.kelurahan_code == kelurahan_code,
            Facilitator.is_active.is_(True),
            ChannelIdentity.is_reachable.is_(True),
        )
        .order_by(ChannelIdentity.id)
    )
    return list(await session.scalars(statement))


# --- the facilitator's lists ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class VisitRow:
    """A visit with what a list of them shows."""

    visit: HomeVisit
    ticket: str
    household: str
    kelurahan_name: str
    facilitator_name: str | None


def _rows_statement() -> AnySelect:
    return (
        select(
            HomeVisit, Complaint.ticket, Citizen.full_name, Kelurahan.name, Facilitator.full_name
        )
        .join(Complaint, Complaint.id == HomeVisit.complaint_id)
        .join(Citizen, Citizen.id == Complaint.citizen_id)
        .join(Kelurahan, Kelurahan.code == HomeVisit.kelurahan_code)
        .outerjoin(Facilitator, Facilitator.id == HomeVisit.taken_by_facilitator_id)
    )


async def _rows(session: AsyncSession, statement: AnySelect) -> list[VisitRow]:
    return [VisitRow(*row) for row in (await session.execute(statement)).all()]


async def requested_in_kelurahan(session: AsyncSession, kelurahan_code: str) -> list[VisitRow]:
    """Visits of the kelurahan nobody has taken yet, the most urgent first."""
    statement = _rows_statement().where(
        HomeVisit.kelurahan_code == kelurahan_code, HomeVisit.state == VisitState.REQUESTED
    )
    return await _rows(session, statement.order_by(HomeVisit.due_on, HomeVisit.id))


async def taken_by(session: AsyncSession, facilitator_id: int) -> list[VisitRow]:
    """Visits the facilitator took and has not recorded yet, the most urgent first."""
    statement = _rows_statement().where(
        HomeVisit.taken_by_facilitator_id == facilitator_id, HomeVisit.state == VisitState.TAKEN
    )
    return await _rows(session, statement.order_by(HomeVisit.due_on, HomeVisit.id))


async def visits_to_mind(session: AsyncSession, facilitator: Facilitator) -> int:
    """How many visits the facilitator could take or has to record (their menu shows it)."""
    statement = (
        select(func.count())
        .select_from(HomeVisit)
        .where(
            (
                (HomeVisit.kelurahan_code == facilitator.kelurahan_code)
                & (HomeVisit.state == VisitState.REQUESTED)
            )
            | (
                (HomeVisit.taken_by_facilitator_id == facilitator.id)
                & (HomeVisit.state == VisitState.TAKEN)
            )
        )
    )
    return int((await session.execute(statement)).scalar_one())


# --- the office's list --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class VisitFilters:
    """What the visits page filters by; None means any."""

    state: VisitState | None = None
    overdue: bool = False
    kelurahan_code: str | None = None
    facilitator_id: int | None = None


def overdue_condition(today: date) -> ColumnElement[bool]:
    """Still to be made after its due day (WIB)."""
    return and_(HomeVisit.state.in_(OPEN_STATES), HomeVisit.due_on < today)


def _filtered(
    statement: AnySelect,
    filters: VisitFilters,
    complaint_filter: ColumnElement[bool],
    today: date,
) -> AnySelect:
    # The complaint filter is who may see which complaint (and, later, which area).
    statement = statement.where(complaint_filter)
    if filters.state is not None:
        statement = statement.where(HomeVisit.state == filters.state)
    if filters.overdue:
        statement = statement.where(overdue_condition(today))
    if filters.kelurahan_code:
        statement = statement.where(HomeVisit.kelurahan_code == filters.kelurahan_code)
    if filters.facilitator_id is not None:
        statement = statement.where(HomeVisit.taken_by_facilitator_id == filters.facilitator_id)
    return statement


async def list_visits(
    session: AsyncSession,
    filters: VisitFilters,
    *,
    complaint_filter: ColumnElement[bool] | None = None,
    today: date,
    limit: int = 200,
) -> list[VisitRow]:
    """The visits the filters and the complaint filter let through, the most urgent first."""
    condition = complaint_filter if complaint_filter is not None else true()
    statement = _filtered(_rows_statement(), filters, condition, today)
    open_first = case((HomeVisit.state.in_(OPEN_STATES), 0), else_=1)
    statement = statement.order_by(open_first, HomeVisit.due_on, HomeVisit.id.desc())
    return await _rows(session, statement.limit(limit))


@dataclass(frozen=True, slots=True)
class VisitCount:
    """How many visits a facilitator (or kelurahan) has in each state, and overdue."""

    key: str
    name: str
    requested: int
    taken: int
    done: int
    cancelled: int
    overdue: int

    @property
    def total(self) -> int:
        """Every visit counted, whatever its state."""
        return self.requested + self.taken + self.done + self.cancelled


def _count_columns(today: date) -> list[Any]:
    return [
        func.count(case((HomeVisit.state == state, 1))).label(state.value) for state in VisitState
    ] + [func.count(case((overdue_condition(today), 1))).label("overdue")]


async def visit_counts(
    session: AsyncSession,
    filters: VisitFilters,
    *,
    complaint_filter: ColumnElement[bool] | None = None,
    today: date,
) -> tuple[list[VisitCount], list[VisitCount]]:
    """Counts of the filtered visits per facilitator (who took them) and per kelurahan."""
    condition = complaint_filter if complaint_filter is not None else true()
    by_facilitator = _filtered(
        select(Facilitator.id, Facilitator.full_name, *_count_columns(today))
        .select_from(HomeVisit)
        .join(Complaint, Complaint.id == HomeVisit.complaint_id)
        .join(Facilitator, Facilitator.id == HomeVisit.taken_by_facilitator_id)
        .group_by(Facilitator.id, Facilitator.full_name),
        filters, condition, today,
    )  # fmt: skip
    by_kelurahan = _filtered(
        select(Kelurahan.code, Kelurahan.name, *_count_columns(today))
        .select_from(HomeVisit)
        .join(Complaint, Complaint.id == HomeVisit.complaint_id)
        .join(Kelurahan, Kelurahan.code == HomeVisit.kelurahan_code)
        .group_by(Kelurahan.code, Kelurahan.name),
        filters, condition, today,
    )  # fmt: skip

    def counted(rows: Any) -> list[VisitCount]:
        found = [VisitCount(str(row[0]), row[1], *row[2:]) for row in rows]
        return sorted(found, key=lambda count: (count.name.casefold(), count.key))

    return (
        counted((await session.execute(by_facilitator)).all()),
        counted((await session.execute(by_kelurahan)).all()),
    )
