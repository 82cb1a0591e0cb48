"""GET requests and GET requests/{id}: complaints as public Open311 service requests.

Anyone may read these without a key, so nothing about the person is in them: no
name, contact, address, place or description, and no free text staff wrote (a
public note may still name someone). What is there: the ticket, the category, the
status mapped onto open/closed with its detailed meaning as status_notes, the
agency it was referred to, and the dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.casefiles.tickets import normalise_ticket
from backend.clock import LOCAL_ZONE
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.open311.errors import Open311Error
from backend.open311.formats import Document, w3c
from backend.open311.services import category_name
from backend.open311.texts import say
from backend.referrals.models import Agency, Referral

OPEN, CLOSED = "open", "closed"
# The specification's default and largest window, and its most requests per answer.
WINDOW = timedelta(days=90)
MAX_REQUESTS = 1000
# Ids and codes in one comma-separated argument: more than this is not a real query.
MAX_LISTED = 100


def open311_status(status: ComplaintStatus) -> str:
    """open while staff or an agency still work on it; closed once resolved, closed or rejected."""
    return OPEN if status in OPEN_STATUSES else CLOSED


@dataclass(frozen=True, slots=True)
class RequestQuery:
    """GET requests' arguments, checked."""

    tickets: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: frozenset[ComplaintStatus] = frozenset()


def _listed(text: str | None) -> list[str]:
    items = [item.strip() for item in (text or "").split(",") if item.strip()]
    return items[:MAX_LISTED]


def _moment(params: Mapping[str, str], name: str, language: str) -> datetime | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Open311Error(400, say(language, "open311-error-date", field=name))
    return moment


def read_query(params: Mapping[str, str], language: str, now: datetime) -> RequestQuery:
    """The arguments of GET requests; Open311Error (400) for one that cannot be read."""
    ids = _listed(params.get("service_request_id"))
    if ids:
        # service_request_id overrides every other argument.
        return RequestQuery(tickets=tuple(t for t in map(normalise_ticket, ids) if t))
    start, end = _moment(params, "start_date", language), _moment(params, "end_date", language)
    end = end or (start + WINDOW if start else now)
    start = start or end - WINDOW
    if start > end:
        raise Open311Error(400, say(language, "open311-error-dates-order"))
    if end - start > WINDOW:
        raise Open311Error(400, say(language, "open311-error-span", days=WINDOW.days))
    statuses: set[ComplaintStatus] = set()
    for name in _listed(params.get("status")):
        if name not in (OPEN, CLOSED):
            raise Open311Error(400, say(language, "open311-error-status"))
        statuses |= {s for s in ComplaintStatus if open311_status(s) == name}
    codes = tuple(_listed(params.get("service_code")))
    return RequestQuery((), codes, start, end, frozenset(statuses))


async def find_requests(
    session: AsyncSession, query: RequestQuery
) -> list[tuple[Complaint, Category]]:
    """The complaints the query names, newest first, at most MAX_REQUESTS."""
    statement = select(Complaint, Category).join(Category, Category.id == Complaint.category_id)
    if query.tickets:
        statement = statement.where(Complaint.ticket.in_(query.tickets))
    else:
        assert query.start is not None and query.end is not None
        statement = statement.where(
            Complaint.created_at >= query.start.astimezone(UTC),
            Complaint.created_at <= query.end.astimezone(UTC),
        )
        if query.service_codes:
            statement = statement.where(Category.code.in_(query.service_codes))
        if query.statuses:
            statement = statement.where(Complaint.status.in_(query.statuses))
    statement = statement.order_by(Complaint.created_at.desc(), Complaint.id.desc())
    rows = await session.execute(statement.limit(MAX_REQUESTS))
    return [(complaint, category) for complaint, category in rows]


async def _agencies(session: AsyncSession, complaint_ids: Sequence[int]) -> dict[int, Agency]:
    # The agency of each complaint's latest referral.
    if not complaint_ids:
        return {}
    rows = await session.execute(
        select(Referral.complaint_id, Agency)
        .join(Agency, Agency.id == Referral.agency_id)
        .where(Referral.complaint_id.in_(complaint_ids))
        .order_by(Referral.id)
    )
    return {complaint_id: agency for complaint_id, agency in rows}


def _expected(day: date | None) -> str | None:
    # The expected date, as the end of that working day in Bogor.
    if day is None:
        return None
    return w3c(datetime.combine(day, time(23, 59, 59), tzinfo=LOCAL_ZONE))


def _request(
    complaint: Complaint, category: Category, agency: Agency | None, language: str
) -> dict[str, Any]:
    agency_name = (agency.name_en if language == "en" else agency.name_id) if agency else None
    return {
        "service_request_id": complaint.ticket,
        "status": open311_status(complaint.status),
        "status_notes": say(language, f"open311-status-{complaint.status.value}"),
        "service_name": category_name(category, language),
        "service_code": category.code,
        # The household's own words, and where they live, are not for the public.
        "description": None,
        "agency_responsible": agency_name,
        "service_notice": None,
        "requested_datetime": w3c(complaint.created_at),
        "updated_datetime": w3c(complaint.updated_at),
        "expected_datetime": _expected(complaint.expected_completion_on),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


async def requests_document(
    session: AsyncSession, found: list[tuple[Complaint, Category]], language: str
) -> Document:
    """The service requests found, in the specification's shape."""
    agencies = await _agencies(session, [complaint.id for complaint, _ in found])
    return Document(
        "service_requests",
        [
            _request(complaint, category, agencies.get(complaint.id), language)
            for complaint, category in found
        ],
    )


async def one_request(session: AsyncSession, text: str, language: str) -> Document:
    """GET requests/{id}: the one request, or Open311Error 404."""
    ticket = normalise_ticket(text)
    found = await find_requests(session, RequestQuery(tickets=(ticket,))) if ticket else []
    if not found:
        raise Open311Error(404, say(language, "open311-error-request-not-found", id=text))
    return await requests_document(session, found, language)
