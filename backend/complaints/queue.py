"""The staff queue: filtered complaints by deadline or newest first, paged by keyset.

By deadline the order is `due_on` (complaints without one last), then `id`; the
rows with and without a deadline are read by two index range scans so neither
needs a sort over the whole table. Counts per status are capped (a number at
the cap means "at least"), which keeps them cheap on a million complaints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.actors import Actor, ActorRole
from backend.casefiles.access import READERS, require_role, visible_to
from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.casefiles.sla import add_working_days
from backend.citizens.models import Citizen
from backend.clock import local_date, utcnow
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.complaints.queue_cursor import Cursor, QueueSort, decode_cursor, encode_cursor
from backend.complaints.queue_filters import (
    QueueFilters,
    ResolvedFilters,
    filter_conditions,
    resolve_filters,
)
from backend.regions.models import Kecamatan, Kelurahan
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number
from backend.staff.models import StaffUser

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Counting stops here per status ("1,000+"): exact counts of a million rows cost too
# much for a page; the dashboard has the exact figures.
COUNT_CAP = 1_000
# "Soon due" in the queue: the deadline is today or within this many working days.
SOON_WORKING_DAYS = 2


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One row of the queue, as staff see it: NIK masked."""

    complaint: Complaint
    citizen_name: str
    nik_masked: str | None
    phone: str | None
    category_code: str
    category_name_id: str
    category_name_en: str
    kelurahan_name: str | None
    kecamatan_code: str | None
    kecamatan_name: str | None
    assignee_name: str | None
    due_state: str | None


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many complaints have a status under the current filters; `capped` means at least."""

    status: ComplaintStatus
    count: int
    capped: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    """A page of the queue, the cursor of the next one, and the counts per status."""

    items: list[QueueItem]
    next_cursor: str | None
    counts: list[StatusCount] | None


async def list_queue(
    session: AsyncSession,
    vault: Vault,
    actor: Actor,
    filters: QueueFilters,
    *,
    sort: QueueSort = QueueSort.DUE,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    with_counts: bool = True,
    now: datetime | None = None,
) -> QueuePage:
    """One page of the complaints the actor may see, matching the filters."""
    require_role(actor, READERS, "read the queue")
    position = decode_cursor(cursor, sort) if cursor else None
    resolved = await resolve_filters(session, filters, vault)
    limit = max(1, min(limit, MAX_LIMIT))
    today = local_date(now or utcnow())
    conditions = queue_conditions(actor, resolved, today)
    # The page's rows come with what a queue row shows, in the same statement.
    rows = await _page(session, conditions, sort, position, limit + 1, _with_what_a_row_shows)
    next_cursor = _cursor_after(rows[limit - 1][0], sort) if len(rows) > limit else None
    items = [_item(vault, row, today) for row in rows[:limit]]
    counts = await count_by_status(session, actor, resolved, today) if with_counts else None
    return QueuePage(items, next_cursor, counts)


def queue_conditions(
    actor: Actor, resolved: ResolvedFilters, today: date
) -> list[ColumnElement[bool]]:
    """What the actor may see, narrowed by the filters, as SQL conditions on complaints."""
    return [visible_to(actor), *filter_conditions(resolved, today)]


async def page_rows(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    sort: QueueSort,
    position: Cursor | None,
    wanted: int,
) -> list[Complaint]:
    """Up to `wanted` complaints after `position` in the sort order (keyset: no OFFSET)."""
    rows = await _page(session, conditions, sort, position, wanted, _complaints_alone)
    return [row[0] for row in rows]


# Rows and statements of any columns (a page alone, or with what a queue row shows).
_AnySelect = Select[*tuple[Any, ...]]
_AnyRow = Row[*tuple[Any, ...]]
# The order a page is read in: (column name, descending) pairs.
_Order = tuple[tuple[str, bool], ...]
# How a page's keyset statement (ordered, limited) is read: complaints alone, or with
# what a queue row shows.
_Shape = Callable[[Select[Complaint], _Order], _AnySelect]
_BY_DEADLINE: _Order = (("due_on", False), ("id", False))
_BY_ID: _Order = (("id", False),)
_NEWEST: _Order = (("created_at", True), ("id", True))


def _ordered(row: type[Complaint], order: _Order) -> list[ColumnElement[Any]]:
    """The order on `row`: the complaints table, or an alias of a page of it."""
    columns = [getattr(row, name) for name, _ in order]
    return [c.desc() if desc else c.asc() for c, (_, desc) in zip(columns, order, strict=True)]


def _complaints_alone(statement: Select[Complaint], _order: _Order) -> _AnySelect:
    return statement


async def _page(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    sort: QueueSort,
    position: Cursor | None,
    wanted: int,
    shape: _Shape,
) -> list[_AnyRow]:
    if sort == QueueSort.DUE:
        return await _page_by_deadline(session, conditions, position, wanted, shape)
    return await _page_newest(session, conditions, position, wanted, shape)


def _base(conditions: Sequence[ColumnElement[bool]]) -> Select[Complaint]:
    return select(Complaint).where(*conditions)


async def _read(
    session: AsyncSession, statement: Select[Complaint], order: _Order, shape: _Shape
) -> list[_AnyRow]:
    ordered = statement.order_by(*_ordered(Complaint, order))
    return list(await session.execute(shape(ordered, order)))


async def _page_by_deadline(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    position: Cursor | None,
    wanted: int,
    shape: _Shape,
) -> list[_AnyRow]:
    rows: list[_AnyRow] = []
    # First the complaints with a deadline, unless the cursor is already past them.
    if position is None or position.due_on is not None:
        with_deadline = _base(conditions).where(Complaint.due_on.is_not(None))
        if position is not None:
            with_deadline = with_deadline.where(
                tuple_(Complaint.due_on, Complaint.id) > (position.due_on, position.id)
            )
        rows = await _read(session, with_deadline.limit(wanted), _BY_DEADLINE, shape)
    if len(rows) < wanted:
        without_deadline = _base(conditions).where(Complaint.due_on.is_(None))
        if position is not None and position.due_on is None:
            without_deadline = without_deadline.where(Complaint.id > position.id)
        statement = without_deadline.limit(wanted - len(rows))
        rows.extend(await _read(session, statement, _BY_ID, shape))
    return rows


async def _page_newest(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    position: Cursor | None,
    wanted: int,
    shape: _Shape,
) -> list[_AnyRow]:
    statement = _base(conditions)
    if position is not None:
        statement = statement.where(
            tuple_(Complaint.created_at, Complaint.id) < (position.created_at, position.id)
        )
    return await _read(session, statement.limit(wanted), _NEWEST, shape)


def _cursor_after(row: Complaint, sort: QueueSort) -> str:
    if sort == QueueSort.DUE:
        return encode_cursor(Cursor(sort, row.id, due_on=row.due_on))
    return encode_cursor(Cursor(sort, row.id, created_at=row.created_at))


async def count_by_status(
    session: AsyncSession, actor: Actor, resolved: ResolvedFilters, today: date
) -> list[StatusCount]:
    """Complaints per status under every filter but the status one.

    Few rows (a search, one assignee, a facilitator's cases) are counted exactly in one
    pass; otherwise each status is counted up to COUNT_CAP, which an index bounds.
    """
    conditions = [visible_to(actor), *filter_conditions(resolved, today, with_status=False)]
    statuses = [s for s in ComplaintStatus if not resolved.filters.overdue or s in OPEN_STATUSES]
    if resolved.selective or actor.role == ActorRole.FACILITATOR:
        statement = (
            select(Complaint.status, func.count()).where(*conditions).group_by(Complaint.status)
        )
        found = {status: count for status, count in await session.execute(statement)}
        return [StatusCount(status, found.get(status, 0), False) for status in statuses]
    # One statement, one capped count per status: each stops after COUNT_CAP + 1 rows.
    columns = [
        select(func.count())
        .select_from(
            select(Complaint.id).where(*conditions, Complaint.status == status)
            .limit(COUNT_CAP + 1).subquery()
        )
        .scalar_subquery()
        .label(status.value)
        for status in statuses
    ]  # fmt: skip
    row = (await session.execute(select(*columns))).one()
    return [
        StatusCount(status, min(count, COUNT_CAP), count > COUNT_CAP)
        for status, count in zip(statuses, row, strict=True)
    ]


def _with_what_a_row_shows(page: Select[Complaint], order: _Order) -> _AnySelect:
    """The page's complaints joined to their citizen, category, places and assignee.

    The page stays a subquery with its own LIMIT, so it is planned as before (a keyset
    range scan) and the joins look up at most one page of rows by primary key.
    """
    paged = page.subquery("page")
    row = aliased(Complaint, paged)
    return (
        select(
            row, Citizen.full_name, Citizen.nik_ciphertext, Citizen.phone,
            Category.code, Category.name_id, Category.name_en,
            Kelurahan.name, Kecamatan.code, Kecamatan.name, StaffUser.full_name,
        )
        .join(Citizen, Citizen.id == row.citizen_id)
        .join(Category, Category.id == row.category_id)
        .outerjoin(Kelurahan, Kelurahan.code == row.kelurahan_code)
        .outerjoin(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .outerjoin(StaffUser, StaffUser.id == row.assignee_id)
        .order_by(*_ordered(row, order))
    )  # fmt: skip


def _item(vault: Vault, row: _AnyRow, today: date) -> QueueItem:
    (complaint, name, nik_ciphertext, phone, category_code, category_name_id,
     category_name_en, kelurahan_name, kecamatan_code, kecamatan_name, assignee_name) = row  # fmt: skip
    return QueueItem(
        complaint=complaint,
        citizen_name=name,
        nik_masked=_masked(vault, nik_ciphertext),
        phone=phone,
        category_code=category_code,
        category_name_id=category_name_id,
        category_name_en=category_name_en,
        kelurahan_name=kelurahan_name,
        kecamatan_code=kecamatan_code if kelurahan_name else None,
        kecamatan_name=kecamatan_name,
        assignee_name=assignee_name if complaint.assignee_id else None,
        due_state=due_state(complaint, today),
    )


def _masked(vault: Vault, ciphertext: bytes | None) -> str | None:
    return mask_identity_number(vault.decrypt(ciphertext)) if ciphertext else None


def due_state(complaint: Complaint, today: date) -> str | None:
    """overdue, due_soon or on_track for a running deadline; None when no clock runs."""
    if complaint.due_on is None or complaint.status not in OPEN_STATUSES:
        return None
    if complaint.due_on < today:
        return "overdue"
    if complaint.due_on <= add_working_days(today, SOON_WORKING_DAYS):
        return "due_soon"
    return "on_track"
