"""One facilitator's page (/panel/facilitators/{id}): supervisors and admins correct the name,
phone and kelurahan; an administrator gives the facilitator a panel sign-in linked to the
record, whose panel then shows only that facilitator's own filings.

The sign-in's generated password is shown once, on the answer to the form (201).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.errors import DomainError
from backend.facilitators import repository
from backend.facilitators.accounts import create_facilitator_account
from backend.facilitators.models import Facilitator
from backend.facilitators.service import update_facilitator
from backend.ids import PathId
from backend.panel.deps import PanelStaff, Session, form_values, require_roles
from backend.panel.errors import PageNotFound
from backend.panel.i18n import texts_for
from backend.panel.nav import ADMIN_ROLES, FACILITATOR_ROLES
from backend.panel.problems import Problem, describe
from backend.panel.rendering import render
from backend.regions.repository import list_all_kelurahan, list_kecamatan
from backend.staff.models import Role, StaffUser

router = APIRouter(prefix="/panel/facilitators", include_in_schema=False)
Onboarder = Annotated[PanelStaff, Depends(require_roles(*FACILITATOR_ROLES))]
Admin = Annotated[PanelStaff, Depends(require_roles(*ADMIN_ROLES))]
NOTICES = frozenset({"saved", "unchanged"})


async def _facilitator(session: Session, facilitator_id: int) -> Facilitator:
    found = await repository.get_facilitator(session, facilitator_id, for_update=True)
    if found is None:
        raise PageNotFound(str(facilitator_id))
    return found


async def _page(
    request: Request, session: Session, staff: PanelStaff, facilitator: Facilitator, *,
    values: dict[str, str] | None = None, problem: Problem | None = None,
    failed_form: str | None = None, new_password: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    kelurahan = await list_all_kelurahan(session)
    account = (
        await session.get(StaffUser, facilitator.staff_user_id)
        if facilitator.staff_user_id
        else None
    )
    notice = request.query_params.get("notice")
    context: dict[str, Any] = {
        "f": facilitator,
        "account": account,
        "can_give_sign_in": staff.role == Role.ADMIN,
        "values": values
        or {
            "full_name": facilitator.full_name,
            "phone": facilitator.phone,
            "kelurahan": facilitator.kelurahan_code,
        },
        "problem": problem,
        "failed_form": failed_form,
        "new_password": new_password,
        "notice": notice if notice in NOTICES else None,
        "kecamatan": [
            (kec, [k for k in kelurahan if k.kecamatan_code == kec.code])
            for kec in await list_kecamatan(session)
        ],
    }
    return render(request, "facilitator.html", context, status_code=status_code)


@router.get("/{facilitator_id}")
async def facilitator_page(
    facilitator_id: PathId, request: Request, session: Session, staff: Onboarder
) -> Response:
    """The facilitator's details to correct, and their panel sign-in."""
    return await _page(request, session, staff, await _facilitator(session, facilitator_id))


@router.post("/{facilitator_id}")
async def save(
    facilitator_id: PathId, request: Request, session: Session, staff: Onboarder
) -> Response:
    """Saves a new name, phone or kelurahan (checked as at registration, audited)."""
    form = await form_values(request)
    facilitator = await _facilitator(session, facilitator_id)
    try:
        changed = await update_facilitator(
            session, facilitator, full_name=form.get("full_name", ""),
            phone=form.get("phone", ""), kelurahan_code=form.get("kelurahan", ""),
            actor=staff.actor,
        )  # fmt: skip
    except DomainError as error:
        await session.rollback()
        problem = describe(error, texts_for(staff.language))
        facilitator = await _facilitator(session, facilitator_id)
        return await _page(
            request, session, staff, facilitator, values=form, problem=problem,
            failed_form="details", status_code=problem.status_code,
        )  # fmt: skip
    notice = "saved" if changed else "unchanged"
    return RedirectResponse(
        f"/panel/facilitators/{facilitator.id}?notice={notice}", status_code=303
    )


@router.post("/{facilitator_id}/account")
async def give_sign_in(
    facilitator_id: PathId, request: Request, session: Session, staff: Admin
) -> Response:
    """Creates the facilitator's panel sign-in; the password is shown on this answer only."""
    form = await form_values(request)
    facilitator = await _facilitator(session, facilitator_id)
    try:
        made = await create_facilitator_account(
            session, facilitator, email=form.get("email", ""), actor=staff.actor
        )
    except DomainError as error:
        await session.rollback()
        problem = describe(error, texts_for(staff.language))
        facilitator = await _facilitator(session, facilitator_id)
        return await _page(
            request, session, staff, facilitator, values=None, problem=problem,
            failed_form="account", status_code=problem.status_code,
        )  # fmt: skip
    return await _page(
        request, session, staff, facilitator, new_password=made.password, status_code=201
    )
