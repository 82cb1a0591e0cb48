"""The staff queue: filtered complaints by deadline or newest first, paged by keyset.

By deadline the order is `due_on` (complaints without one last), then `id`; the
rows with and without a deadline are read by two index range scans so neither
needs a sort over the whole table. Counts per status are capped (a number at
the cap means "at least"), which keeps them cheap on a million complaints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.access import READERS, require_role, visible_to
from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.casefiles.sla import add_working_days
from backend.citizens.models import Citizen
from backend.clock import local_date, utcnow
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.complaints.queue_counts_cache import counts_cache_of
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
    rows = await page_rows(session, conditions, sort, position, limit + 1)
    next_cursor = _cursor_after(rows[limit - 1], sort) if len(rows) > limit else None
    items = await _items(session, vault, rows[:limit], today)
    counts = await _counts(session, actor, resolved, today) if with_counts else None
    return QueuePage(items, next_cursor, counts)


async def _counts(
    session: AsyncSession, actor: Actor, resolved: ResolvedFilters, today: date
) -> list[StatusCount]:
    """The counts per status, from the factory's cache when it has them (see its module)."""
    cache = counts_cache_of(session.sync_session)
    if cache is None:
        return await count_by_status(session, actor, resolved, today)
    # What the counts depend on: who may see what (role, facilitator, areas), every filter
    # but the status one, the day.
    without_status = replace(resolved, filters=replace(resolved.filters, statuses=()))
    key = (actor.role, actor.facilitator_id, actor.area_kelurahan, without_status, today)
    counts: list[StatusCount] | None = cache.get(key)
    if counts is None:
        counts = await count_by_status(session, actor, resolved, today)
        cache.put(key, counts)
    return list(counts)


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
    if sort == QueueSort.DUE:
        return await _page_by_deadline(session, conditions, position, wanted)
    return await _page_newest(session, conditions, position, wanted)


def _base(conditions: Sequence[ColumnElement[bool]]) -> Select[Complaint]:
    return select(Complaint).where(*conditions)


async def _page_by_deadline(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    position: Cursor | None,
    wanted: int,
) -> list[Complaint]:
    rows: list[Complaint] = []
    # First the complaints with a deadline, unless the cursor is already past them.
    if position is None or position.due_on is not None:
        with_deadline = _base(conditions).where(Complaint.due_on.is_not(None))
        if position is not None:
            with_deadline = with_deadline.where(
                tuple_(Complaint.due_on, Complaint.id) > (position.due_on, position.id)
            )
        statement = with_deadline.order_by(Complaint.due_on, Complaint.id).limit(wanted)
        rows = list(await session.scalars(statement))
    if len(rows) < wanted:
        without_deadline = _base(conditions).where(Complaint.due_on.is_(None))
        if position is not None and position.due_on is None:
            without_deadline = without_deadline.where(Complaint.id > position.id)
        statement = without_deadline.order_by(Complaint.id).limit(wanted - len(rows))
        rows.extend(await session.scalars(statement))
    return rows


async def _page_newest(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    position: Cursor | None,
    wanted: int,
) -> list[Complaint]:
    statement = _base(conditions)
    if position is not None:
        statement = statement.where(
            tuple_(Complaint.created_at, Complaint.id) < (position.created_at, position.id)
        )
    statement = statement.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(wanted)
    return list(await session.scalars(statement))


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


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a queue row shows besides the complaint: its citizen, category, places, assignee."""

    citizen_name: str
    nik_ciphertext: bytes | None
    phone: str | None
    category_code: str
    category_name_id: str
    category_name_en: str
    kelurahan_name: str | None
    kecamatan_code: str | None
    kecamatan_name: str | None
    assignee_name: str | None


# One statement for all of a page's related rows, by the complaints' primary keys: the
# same plan whatever the filters, and no statement per table or per row.
_SHOWN = (
    select(
        Complaint.id, Citizen.full_name, Citizen.nik_ciphertext, Citizen.phone,
        Category.code, Category.name_id, Category.name_en,
        Kelurahan.name, Kecamatan.code, Kecamatan.name, StaffUser.full_name,
    )
    .join(Citizen, Citizen.id == Complaint.citizen_id)
    .join(Category, Category.id == Complaint.category_id)
    .outerjoin(Kelurahan, Kelurahan.code == Complaint.kelurahan_code)
    .outerjoin(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
    .outerjoin(StaffUser, StaffUser.id == Complaint.assignee_id)
)  # fmt: skip


async def _items(
    session: AsyncSession, vault: Vault, rows: list[Complaint], today: date
) -> list[QueueItem]:
    if not rows:
        return []
    statement = _SHOWN.where(Complaint.id.in_([row.id for row in rows]))
    shown = {row[0]: _Shown(*row[1:]) for row in await session.execute(statement)}
    return [_item(vault, row, shown[row.id], today) for row in rows]


def _item(vault: Vault, complaint: Complaint, shown: _Shown, today: date) -> QueueItem:
    return QueueItem(
        complaint=complaint,
        citizen_name=shown.citizen_name,
        nik_masked=_masked(vault, shown.nik_ciphertext),
        phone=shown.phone,
        category_code=shown.category_code,
        category_name_id=shown.category_name_id,
        category_name_en=shown.category_name_en,
        kelurahan_name=shown.kelurahan_name,
        kecamatan_code=shown.kecamatan_code,
        kecamatan_name=shown.kecamatan_name,
        assignee_name=shown.assignee_name,
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
