"""Inclusion proposals (/panel/proposals): the households proposed for DTSEN with their
complaints, filtered by status, moved through the verification round, and exported."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError

from backend.clock import local_date, utcnow
from backend.errors import DomainError
from backend.ids import PathId, id_from_text
from backend.panel.deps import DataVault, PanelStaff, Session, form_values, require_roles
from backend.panel.errors import PageNotFound
from backend.panel.i18n import Texts, texts_for
from backend.panel.nav import PROPOSAL_ROLES
from backend.panel.problems import Problem, describe
from backend.panel.rendering import SECURITY_HEADERS, render
from backend.registry import repository
from backend.registry.export import FULL_IDENTITY_EXPORTERS, ExportFormat, export_proposals
from backend.registry.listing import proposal_page
from backend.registry.models import ProposalStatus
from backend.registry.proposals import ProposalRefused, move_proposal

router = APIRouter(prefix="/panel/proposals", include_in_schema=False)
ProposalStaff = Annotated[PanelStaff, Depends(require_roles(*PROPOSAL_ROLES))]
NOTICES = frozenset({"proposal-moved"})
MEDIA_TYPES: dict[ExportFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def statuses_from(values: list[str]) -> list[ProposalStatus]:
    """The statuses named in a filter, in their own order; unknown names are left out."""
    named = set(values)
    return [status for status in ProposalStatus if status.value in named]


def page_from(value: str | None) -> int:
    """A page number from the address; the first page for anything else."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 7 else 1


def _refusal(error: Exception, t: Texts) -> Problem:
    if isinstance(error, ProposalRefused):
        key = {403: "proposal-refused-role", 422: "proposal-refused-note"}.get(
            error.status_code, "proposal-refused-status"
        )
        return Problem(error.status_code, t(key), error.message)
    return describe(error, t)


async def _page(
    request: Request, staff: PanelStaff, session: Session, vault: DataVault,
    statuses: list[ProposalStatus], page: int, *, problem: Problem | None = None,
    failed: int | None = None, values: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    listing = await proposal_page(session, vault, staff.actor, statuses=statuses, page=page)
    filters = {"status": [status.value for status in statuses]}
    notice = request.query_params.get("notice")
    moved = id_from_text(request.query_params.get("proposal"))
    context: dict[str, Any] = {
        "listing": listing,
        "may_export_full": staff.actor.role in FULL_IDENTITY_EXPORTERS,
        "statuses": list(ProposalStatus),
        "chosen": filters["status"],
        "filters": filters,
        "problem": problem,
        "failed": failed,
        "values": values or {},
        "notice": notice if notice in NOTICES and moved is not None else None,
        "moved": await repository.get_proposal(session, moved) if moved is not None else None,
    }
    return render(
        request, "registry_proposals.html", context,
        status_code=problem.status_code if problem else 200,
    )  # fmt: skip


@router.get("")
async def proposals(
    request: Request, staff: ProposalStaff, session: Session, vault: DataVault
) -> Response:
    """The proposals, oldest first, in the statuses chosen (all when none)."""
    statuses = statuses_from(request.query_params.getlist("status"))
    page = page_from(request.query_params.get("page"))
    return await _page(request, staff, session, vault, statuses, page)


@router.post("/export")
async def export(
    request: Request, staff: ProposalStaff, session: Session, vault: DataVault
) -> Response:
    """The proposals of the filter as CSV or XLSX; audited, NIK and KK whole only when asked."""
    form = await request.form()
    statuses = statuses_from([str(value) for value in form.getlist("status")])
    file_format = next((known for known in MEDIA_TYPES if known == form.get("format")), None)
    if file_format is None:
        problem = Problem(422, texts_for(staff.language)("proposal-refused-format"))
        return await _page(request, staff, session, vault, statuses, 1, problem=problem)
    data = await export_proposals(
        session, vault, staff.actor, file_format=file_format,
        full=form.get("full") == "1", statuses=statuses,
    )  # fmt: skip
    name = f"usulan-dtsen-{local_date(utcnow()):%Y%m%d}.{file_format}"
    return Response(
        data,
        media_type=MEDIA_TYPES[file_format],
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/{proposal_id}/events")
async def move(
    proposal_id: PathId, request: Request, staff: ProposalStaff, session: Session, vault: DataVault
) -> Response:
    """Moves a proposal (verify, return with a note, resubmit, include); back to the list."""
    form = await form_values(request)
    raw = await request.form()
    statuses = statuses_from([str(value) for value in raw.getlist("status")])
    page = page_from(form.get("page"))
    proposal = await repository.get_proposal(
        session, proposal_id, for_update=True, actor=staff.actor
    )
    if proposal is None:
        raise PageNotFound(str(proposal_id))
    try:
        await move_proposal(
            session, proposal, form.get("event", ""), staff.actor, note=form.get("note")
        )
    except (DomainError, StaleDataError) as error:
        problem = _refusal(error, texts_for(staff.language))
        # Nothing of a refused move is kept.
        await session.rollback()
        return await _page(
            request, staff, session, vault, statuses, page,
            problem=problem, failed=proposal_id, values=form,
        )  # fmt: skip
    query = urlencode(
        [("status", status.value) for status in statuses]
        + [("page", str(page)), ("notice", "proposal-moved"), ("proposal", str(proposal_id))]
    )
    return RedirectResponse(f"/panel/proposals?{query}#proposal-{proposal_id}", status_code=303)
