"""Correction requests (/panel/corrections): the open ones by deadline, and a page per request
where staff apply the correction to the citizen's record or refuse it with a reason.

Identity numbers stay masked here; the whole record of the person, NIK and KK
included, is the audited export of the complaint page (subject_export.py), linked
from the request's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError

from backend.casefiles.access import IDENTITY_VIEWERS
from backend.casefiles.sla import add_working_days
from backend.citizens.models import Citizen
from backend.clock import local_date, utcnow
from backend.complaints.queue import SOON_WORKING_DAYS
from backend.errors import DomainError
from backend.ids import PathId
from backend.panel.deps import DataVault, PanelStaff, Session, form_values, require_roles
from backend.panel.errors import PageNotFound
from backend.panel.i18n import texts_for
from backend.panel.nav import CORRECTION_ROLES
from backend.panel.problems import Problem, describe
from backend.panel.rendering import render
from backend.privacy.corrections import (
    IDENTITY_FIELDS,
    CorrectionField,
    apply_correction,
    refuse_correction,
    requested_identity,
)
from backend.privacy.models import CorrectionRequest, CorrectionStatus
from backend.privacy.repository import complaints_of_citizen, get_correction, open_corrections
from backend.regions.models import Kelurahan
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number

router = APIRouter(prefix="/panel/corrections", include_in_schema=False)
Handler = Annotated[PanelStaff, Depends(require_roles(*CORRECTION_ROLES))]
NOTICES = frozenset({"correction-applied", "correction-refused"})


def due_state(request: CorrectionRequest, today: date) -> str | None:
    """overdue or due_soon (as the queue counts it) for an open request; None otherwise."""
    if request.status != CorrectionStatus.OPEN:
        return None
    if request.due_on < today:
        return "overdue"
    return "due_soon" if request.due_on <= add_working_days(today, SOON_WORKING_DAYS) else None


@router.get("")
async def corrections(request: Request, staff: Handler, session: Session) -> Response:
    """The open requests, the earliest deadline first; overdue ones stand out."""
    today = local_date(utcnow())
    rows = [
        (row, due_state(row.request, today)) for row in await open_corrections(session, staff.actor)
    ]
    return render(request, "corrections.html", {"rows": rows})


@dataclass(frozen=True, slots=True)
class Values:
    """The field's value held now and the one asked for, as staff see them (numbers masked)."""

    current: str | None
    requested: str | None


async def _place(session: Session, code: str | None) -> str | None:
    kelurahan = await session.get(Kelurahan, code) if code else None
    return f"{kelurahan.name} ({code})" if kelurahan else code


async def _values(
    session: Session, vault: Vault, citizen: Citizen, request: CorrectionRequest
) -> Values:
    field = CorrectionField(request.field)
    if field in IDENTITY_FIELDS:
        held = citizen.nik_ciphertext if field == CorrectionField.NIK else citizen.kk_ciphertext
        asked = requested_identity(vault, request)
        return Values(
            mask_identity_number(vault.decrypt(held)) if held else None,
            mask_identity_number(asked) if asked else None,
        )
    if field == CorrectionField.KELURAHAN:
        return Values(
            await _place(session, citizen.kelurahan_code),
            await _place(session, request.requested_value),
        )
    current = {
        CorrectionField.FULL_NAME: citizen.full_name,
        CorrectionField.PHONE: citizen.phone,
        CorrectionField.ADDRESS: citizen.address,
    }.get(field)
    return Values(current, request.requested_value)


async def _page(
    request: Request, staff: PanelStaff, session: Session, vault: Vault, found: CorrectionRequest,
    *, problem: Problem | None = None, failed_form: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    citizen = await session.get_one(Citizen, found.citizen_id)
    notice = request.query_params.get("notice")
    context: dict[str, Any] = {
        "r": found,
        "citizen": citizen,
        "nik_masked": mask_identity_number(vault.decrypt(citizen.nik_ciphertext))
        if citizen.nik_ciphertext
        else None,
        "shown": await _values(session, vault, citizen, found),
        "complaints": await complaints_of_citizen(session, citizen.id),
        "due_state": due_state(found, local_date(utcnow())),
        "can_export": staff.actor.role in IDENTITY_VIEWERS,
        "problem": problem,
        "failed_form": failed_form,
        "values": values or {},
        "notice": notice if notice in NOTICES else None,
    }
    return render(
        request, "correction.html", context, status_code=problem.status_code if problem else 200
    )


async def _found(
    session: Session, staff: PanelStaff, correction_id: int, *, for_update: bool = False
) -> CorrectionRequest:
    # About someone outside the account's areas: not found, like their complaints.
    found = await get_correction(session, correction_id, for_update=for_update, actor=staff.actor)
    if found is None:
        raise PageNotFound(str(correction_id))
    return found


@router.get("/{correction_id}")
async def correction(
    correction_id: PathId, request: Request, staff: Handler, session: Session, vault: DataVault
) -> Response:
    """One request: whose data, what is held, what is asked, and the two answers."""
    return await _page(request, staff, session, vault, await _found(session, staff, correction_id))


async def _answer(
    request: Request, staff: PanelStaff, session: Session, vault: Vault, correction_id: int,
    form_id: str,
) -> Response:  # fmt: skip
    form = await form_values(request)
    found = await _found(session, staff, correction_id, for_update=True)
    try:
        if form_id == "apply":
            await apply_correction(session, vault, found, staff.actor, note=form.get("note"))
        else:
            await refuse_correction(session, found, staff.actor, form.get("reason"))
    except (DomainError, StaleDataError) as error:
        problem = describe(error, texts_for(staff.language))
        # Nothing of a refused answer is kept.
        await session.rollback()
        found = await _found(session, staff, correction_id)
        return await _page(
            request, staff, session, vault, found, problem=problem, failed_form=form_id,
            values=form,
        )  # fmt: skip
    notice = "correction-applied" if form_id == "apply" else "correction-refused"
    return RedirectResponse(f"/panel/corrections/{correction_id}?notice={notice}", status_code=303)


@router.post("/{correction_id}/apply")
async def apply(
    correction_id: PathId, request: Request, staff: Handler, session: Session, vault: DataVault
) -> Response:
    """Writes the correction into the citizen's record; the person is told in their chat."""
    return await _answer(request, staff, session, vault, correction_id, "apply")


@router.post("/{correction_id}/refuse")
async def refuse(
    correction_id: PathId, request: Request, staff: Handler, session: Session, vault: DataVault
) -> Response:
    """Refuses the request with the reason the person reads in their chat."""
    return await _answer(request, staff, session, vault, correction_id, "refuse")
