"""The queue page (/panel): filters, search, counts per status, deadlines at a glance.

The filters are the API's (QueueQuery) read from the page's form, and the rows
come from the same service (list_queue). A search text (a name, a phone, a NIK)
never travels in an address, where access logs and browser history keep it:
the form posts it, and the page's links carry only the other filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, QueryParams

from backend.casefiles.models import ComplaintStatus
from backend.casefiles.repository import list_active_categories
from backend.citizens.models import Channel
from backend.complaints.assignment import ASSIGNABLE_ROLES
from backend.complaints.queue import QueuePage, list_queue
from backend.complaints.schemas import QueueQuery
from backend.errors import InvalidInput
from backend.panel.deps import CurrentStaff, DataVault, PanelStaff, Session
from backend.panel.i18n import texts_for
from backend.panel.nav import EXPORT_ROLES
from backend.panel.problems import Problem, describe
from backend.panel.rendering import query_string, render
from backend.regions.repository import list_all_kelurahan, list_kecamatan
from backend.staff.repository import list_active_users_in

router = APIRouter(prefix="/panel", include_in_schema=False)
_TEXT_FIELDS = (
    "category", "kecamatan", "kelurahan", "assignee", "channel", "created_from", "created_to",
    "q", "sort", "limit",
)  # fmt: skip
QUEUE_NOTICES = frozenset({"password-changed"})


def read_filters(source: QueryParams | FormData) -> dict[str, Any]:
    """The queue's filters as the form holds them: text fields, statuses, the overdue box."""
    values: dict[str, Any] = {name: str(source.get(name) or "").strip() for name in _TEXT_FIELDS}
    values["status"] = [str(value) for value in source.getlist("status") if value]
    values["overdue"] = str(source.get("overdue") or "").lower() in ("1", "on", "true")
    return values


def link_filters(values: dict[str, Any]) -> dict[str, Any]:
    """The filters a link may carry: all but the search text and the page position."""
    return {key: value for key, value in values.items() if key not in ("q", "cursor")}


@router.get("")
async def queue_page(
    request: Request, staff: CurrentStaff, session: Session, vault: DataVault
) -> Response:
    """The complaints this account may see, by deadline unless asked otherwise."""
    values = read_filters(request.query_params)
    values["cursor"] = str(request.query_params.get("cursor") or "")
    notice = request.query_params.get("notice")
    return await _render_queue(
        request, staff, session, vault, values, notice if notice in QUEUE_NOTICES else None
    )


@router.post("")
async def queue_search(
    request: Request, staff: CurrentStaff, session: Session, vault: DataVault
) -> Response:
    """The filter form: without a search text it becomes a plain address (bookmarkable)."""
    form = await request.form()
    values = read_filters(form)
    values["cursor"] = str(form.get("cursor") or "")
    if not values["q"]:
        query = query_string(link_filters(values) | {"cursor": values["cursor"]})
        return RedirectResponse(f"/panel?{query}" if query else "/panel", status_code=303)
    return await _render_queue(request, staff, session, vault, values, None)


async def _render_queue(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault,
    values: dict[str, Any], notice: str | None,
) -> Response:  # fmt: skip
    t = texts_for(staff.language)
    page, problem = None, None
    try:
        query = _query(values)
        page = await list_queue(
            session, vault, staff.actor, query.filters(staff.actor.staff_id), sort=query.sort,
            cursor=query.cursor, limit=query.limit,
        )  # fmt: skip
    except InvalidInput as error:
        problem = describe(error, t)
    except ValidationError as error:
        fields = sorted({str(item["loc"][0]) for item in error.errors() if item.get("loc")})
        problem = Problem(422, t("queue-invalid-filters", fields=", ".join(fields)), field=None)
    links = link_filters(values)
    context = {
        "values": values,
        "page": page,
        "problem": problem,
        "notice": notice,
        "chips": _chips(page, links) if page else [],
        "filtering": any(value for key, value in links.items() if key != "sort") or values["q"],
        "first_params": links,
        "next_params": links | {"cursor": page.next_cursor} if page and page.next_cursor else None,
        "options": await _options(session),
        "can_export": staff.role in EXPORT_ROLES,
    }
    return render(
        request, "queue.html", context, status_code=problem.status_code if problem else 200
    )


@dataclass(frozen=True, slots=True)
class Chip:
    """A count at the top of the queue; following it filters the queue to that status."""

    status: str | None
    count: int
    capped: bool
    params: dict[str, Any]
    current: bool


def _chips(page: QueuePage, links: dict[str, Any]) -> list[Chip]:
    others = {key: value for key, value in links.items() if key != "status"}
    chosen = links.get("status") or []
    chips = [Chip(None, 0, False, others, not chosen)]
    for count in page.counts or []:
        status = count.status.value
        params = others | {"status": [status]}
        chips.append(Chip(status, count.count, count.capped, params, chosen == [status]))
    return chips


def _query(values: dict[str, Any]) -> QueueQuery:
    data = {key: value for key, value in values.items() if value not in ("", [], None, False)}
    return QueueQuery.model_validate(data)


async def _options(session: Session) -> dict[str, Any]:
    kelurahan = await list_all_kelurahan(session)
    return {
        "statuses": list(ComplaintStatus),
        "channels": list(Channel),
        "categories": await list_active_categories(session),
        "kecamatan": [
            (kecamatan, [k for k in kelurahan if k.kecamatan_code == kecamatan.code])
            for kecamatan in await list_kecamatan(session)
        ],
        "assignees": await list_active_users_in(session, ASSIGNABLE_ROLES),
    }
