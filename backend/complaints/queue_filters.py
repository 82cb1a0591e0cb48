"""The staff queue's filters and search box, turned into SQL conditions on complaints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.lapor import names_lapor, normalise_lapor_number
from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Channel, Citizen
from backend.citizens.validators import InvalidValue, parse_phone
from backend.clock import LOCAL_ZONE
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.errors import InvalidInput
from backend.regions.models import Kelurahan
from backend.security.crypto import Vault

_IDENTITY_NUMBER = re.compile(r"^\d{16}$")
# A name search finding more people than this is too broad to page through.
MAX_PEOPLE_FOUND = 500
MIN_NAME_SEARCH = 3
_SEPARATORS = re.compile(r"[\s.\-]")


class SearchKind(StrEnum):
    """What the search box was read as."""

    TICKET = "ticket"
    IDENTITY = "identity"
    PHONE = "phone"
    NAME = "name"
    LAPOR = "lapor"


@dataclass(frozen=True, slots=True)
class Search:
    """The search text, read as a ticket, an exact NIK/KK, a LAPOR! number, a phone or a name."""

    kind: SearchKind
    value: str

    @classmethod
    def read(cls, text: str) -> Search:
        """Reads what a person typed: the most specific reading wins."""
        text = text.strip()
        compact = _SEPARATORS.sub("", text)
        if _IDENTITY_NUMBER.match(compact):
            return cls(SearchKind.IDENTITY, compact)
        if (ticket := normalise_ticket(text)) is not None:
            return cls(SearchKind.TICKET, ticket)
        lapor = normalise_lapor_number(text)
        if lapor is not None and names_lapor(text):
            return cls(SearchKind.LAPOR, lapor)
        if compact.lstrip("+").isdigit():
            try:
                return cls(SearchKind.PHONE, parse_phone(text))
            except InvalidValue:
                pass
            if lapor is not None:
                return cls(SearchKind.LAPOR, lapor)
        if len(text) < MIN_NAME_SEARCH:
            # Shorter fragments match nearly everyone and defeat the trigram index.
            raise InvalidInput(
                f"Type at least {MIN_NAME_SEARCH} characters to search by name", field="q"
            )
        return cls(SearchKind.NAME, text)


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What a person narrowed the queue to; empty means everything they may see."""

    statuses: tuple[ComplaintStatus, ...] = ()
    category: str | None = None
    kecamatan: str | None = None
    kelurahan: str | None = None
    # A staff id, or "me" / "none" resolved by the caller into these two.
    assignee_id: int | None = None
    unassigned: bool = False
    channel: Channel | None = None
    overdue: bool = False
    created_from: date | None = None
    created_to: date | None = None
    search: Search | None = None


@dataclass(frozen=True, slots=True)
class ResolvedFilters:
    """Filters with their codes checked and turned into values the planner can use.

    A search other than by ticket becomes the ids of the people it found, so the
    queue query and its counts read a short list instead of joining citizens.
    """

    filters: QueueFilters
    category_id: int | None = None
    kecamatan_kelurahan: tuple[str, ...] = ()
    citizen_ids: tuple[int, ...] | None = None

    @property
    def selective(self) -> bool:
        """Whether the filters keep few complaints, so counting them all is cheap."""
        return self.filters.search is not None or self.filters.assignee_id is not None


async def resolve_filters(
    session: AsyncSession, filters: QueueFilters, vault: Vault
) -> ResolvedFilters:
    """Checks the codes (a typo must not look like an empty queue) and resolves the search."""
    category_id = None
    if filters.category is not None:
        category_id = await session.scalar(
            select(Category.id).where(Category.code == filters.category)
        )
        if category_id is None:
            codes = ", ".join(await session.scalars(select(Category.code).order_by(Category.code)))
            raise InvalidInput(
                f"Unknown category '{filters.category}'; use one of: {codes}", field="category"
            )
    kecamatan_kelurahan: tuple[str, ...] = ()
    if filters.kecamatan is not None:
        # Through the region table, not a LIKE on the code: collations may ignore dots.
        statement = select(Kelurahan.code).where(Kelurahan.kecamatan_code == filters.kecamatan)
        kecamatan_kelurahan = tuple(await session.scalars(statement.order_by(Kelurahan.code)))
        if not kecamatan_kelurahan:
            raise InvalidInput(
                f"Unknown kecamatan code '{filters.kecamatan}'; use a Kemendagri code like "
                "32.71.04",
                field="kecamatan",
            )
    if filters.kelurahan is not None and await session.get(Kelurahan, filters.kelurahan) is None:
        raise InvalidInput(
            f"Unknown kelurahan code '{filters.kelurahan}'; use a Kemendagri code like "
            "32.71.04.1003",
            field="kelurahan",
        )
    if filters.created_from and filters.created_to and filters.created_from > filters.created_to:
        raise InvalidInput("created_from is after created_to; swap the dates", field="created_from")
    citizen_ids = await _people_searched(session, filters.search, vault)
    return ResolvedFilters(filters, category_id, kecamatan_kelurahan, citizen_ids)


async def _people_searched(
    session: AsyncSession, search: Search | None, vault: Vault
) -> tuple[int, ...] | None:
    if search is None or search.kind in (SearchKind.TICKET, SearchKind.LAPOR):
        return None
    if search.kind == SearchKind.IDENTITY:
        # Exact match through the keyed hash: nothing is decrypted to search.
        lookup = vault.lookup_hash(search.value)
        condition = or_(Citizen.nik_lookup == lookup, Citizen.kk_lookup == lookup)
    elif search.kind == SearchKind.PHONE:
        condition = Citizen.phone == search.value
    else:
        condition = Citizen.full_name.icontains(search.value, autoescape=True)
    statement = select(Citizen.id).where(condition).limit(MAX_PEOPLE_FOUND + 1)
    ids = tuple(await session.scalars(statement))
    if len(ids) > MAX_PEOPLE_FOUND:
        raise InvalidInput(
            f"More than {MAX_PEOPLE_FOUND} people have '{search.value}' in their name: type more "
            "of the name, or search by NIK, phone or ticket",
            field="q",
        )
    return ids


def filter_conditions(
    resolved: ResolvedFilters, today: date, *, with_status: bool = True
) -> list[ColumnElement[bool]]:
    """SQL conditions for the filters; `with_status=False` leaves out the status filter (counts)."""
    filters = resolved.filters
    conditions: list[ColumnElement[bool]] = []
    if with_status and filters.statuses:
        conditions.append(Complaint.status.in_(filters.statuses))
    if resolved.category_id is not None:
        conditions.append(Complaint.category_id == resolved.category_id)
    if filters.kelurahan is not None:
        conditions.append(Complaint.kelurahan_code == filters.kelurahan)
    if resolved.kecamatan_kelurahan:
        conditions.append(Complaint.kelurahan_code.in_(resolved.kecamatan_kelurahan))
    if filters.unassigned:
        conditions.append(Complaint.assignee_id.is_(None))
    elif filters.assignee_id is not None:
        conditions.append(Complaint.assignee_id == filters.assignee_id)
    if filters.channel is not None:
        conditions.append(Complaint.channel == filters.channel)
    if filters.overdue:
        conditions.append(Complaint.due_on < today)
        conditions.append(Complaint.status.in_(OPEN_STATUSES))
    if filters.created_from is not None:
        conditions.append(Complaint.created_at >= _start_of_local_day(filters.created_from))
    if filters.created_to is not None:
        next_day = filters.created_to + timedelta(days=1)
        conditions.append(Complaint.created_at < _start_of_local_day(next_day))
    if filters.search is not None and filters.search.kind == SearchKind.TICKET:
        conditions.append(Complaint.ticket == filters.search.value)
    elif filters.search is not None and filters.search.kind == SearchKind.LAPOR:
        conditions.append(Complaint.lapor_number == filters.search.value)
    elif resolved.citizen_ids is not None:
        # Nobody found means no complaint (an empty IN is false on every database).
        conditions.append(Complaint.citizen_id.in_(resolved.citizen_ids))
    return conditions


def _start_of_local_day(day: date) -> datetime:
    # Staff think in WIB dates; storage is UTC.
    return datetime.combine(day, time(0), tzinfo=LOCAL_ZONE).astimezone(UTC)
