"""Facilitators in the panel (/panel/facilitators): supervisors and admins register them,
hand out one-time invitation links, revoke those, and deactivate facilitators.

An invitation's link is shown once, right after it is made: only its hash is stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.citizens.validators import InvalidValue, parse_name, parse_phone
from backend.clock import utcnow
from backend.errors import DomainError
from backend.facilitators import repository
from backend.facilitators.links import UsernameLookup, deep_link
from backend.facilitators.models import Facilitator
from backend.facilitators.service import (
    IssuedInvitation,
    create_facilitator,
    invite_facilitator,
    revoke_invitation,
    set_facilitator_active,
)
from backend.ids import PathId
from backend.panel.deps import AppSettings, PanelStaff, Session, form_values, require_roles
from backend.panel.errors import PageNotFound
from backend.panel.i18n import texts_for
from backend.panel.nav import FACILITATOR_ROLES
from backend.panel.problems import describe
from backend.panel.rendering import render
from backend.regions.repository import list_all_kelurahan, list_kecamatan
from backend.staff.areas import covers

router = APIRouter(prefix="/panel/facilitators", include_in_schema=False)
Onboarder = Annotated[PanelStaff, Depends(require_roles(*FACILITATOR_ROLES))]
NOTICES = frozenset({"revoked", "deactivated", "activated"})


async def _list_page(
    request: Request, session: Session, staff: PanelStaff, *, values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None, problem: Any = None, status_code: int = 200,
) -> Response:  # fmt: skip
    # The kelurahan of the account's areas only, to register a facilitator in.
    kelurahan = [k for k in await list_all_kelurahan(session) if covers(staff.actor, k.code)]
    notice = request.query_params.get("notice")
    context = {
        "rows": await repository.list_facilitators(session, utcnow(), staff.actor),
        "values": values or {},
        "errors": errors or {},
        "problem": problem,
        "notice": notice if notice in NOTICES else None,
        "kecamatan": [
            (kec, [k for k in kelurahan if k.kecamatan_code == kec.code])
            for kec in await list_kecamatan(session)
            if any(k.kecamatan_code == kec.code for k in kelurahan)
        ],
    }
    return render(request, "facilitators.html", context, status_code=status_code)


async def _invited_page(
    request: Request, settings: AppSettings, facilitator: Facilitator, issued: IssuedInvitation,
    *, created: bool,
) -> Response:  # fmt: skip
    # The composition root (backend/app.py) hands the panel the bot's way of knowing its name.
    bot_username: UsernameLookup = request.app.state.bot_username
    username = await bot_username(settings)
    context = {
        "facilitator": facilitator,
        "link": deep_link(username, issued.payload),
        "has_username": username is not None,
        "expires_at": issued.invitation.expires_at,
        "created": created,
    }
    return render(request, "facilitator_invited.html", context)


async def _facilitator(session: Session, staff: PanelStaff, facilitator_id: int) -> Facilitator:
    # A facilitator outside the account's areas is not found, like a complaint there.
    found = await repository.get_facilitator(session, facilitator_id, for_update=True)
    if found is None or not covers(staff.actor, found.kelurahan_code):
        raise PageNotFound(str(facilitator_id))
    return found


@router.get("")
async def facilitators(request: Request, session: Session, staff: Onboarder) -> Response:
    """The facilitators, whether their Telegram is bound, and the form to register one."""
    return await _list_page(request, session, staff)


@router.post("")
async def register(
    request: Request, session: Session, settings: AppSettings, staff: Onboarder
) -> Response:
    """Registers a facilitator and shows the invitation link to send them."""
    form = await form_values(request)
    t = texts_for(staff.language)
    errors: dict[str, str] = {}
    for field, parser in (("full_name", parse_name), ("phone", parse_phone)):
        try:
            parser(form.get(field, "").strip())
        except InvalidValue as invalid:
            errors[field] = t("invalid-" + invalid.code.replace(".", "-").replace("_", "-"))
    if not form.get("kelurahan"):
        errors["kelurahan"] = t("walkin-kelurahan-required")
    if errors:
        return await _list_page(
            request, session, staff, values=form, errors=errors, status_code=422
        )
    try:
        facilitator = await create_facilitator(
            session, full_name=form["full_name"], phone=form["phone"],
            kelurahan_code=form["kelurahan"], actor=staff.actor,
        )  # fmt: skip
        issued = await invite_facilitator(
            session, facilitator, staff.actor,
            valid_for=timedelta(hours=settings.facilitator_invitation_hours),
        )  # fmt: skip
    except DomainError as error:
        await session.rollback()
        problem = describe(error, t)
        return await _list_page(
            request, session, staff, values=form, problem=problem, status_code=problem.status_code
        )
    return await _invited_page(request, settings, facilitator, issued, created=True)


@router.post("/{facilitator_id}/invitations")
async def invite(
    facilitator_id: PathId, request: Request, session: Session, settings: AppSettings,
    staff: Onboarder,
) -> Response:  # fmt: skip
    """A new invitation link (a new phone, or the old link expired); the older one stops working."""
    facilitator = await _facilitator(session, staff, facilitator_id)
    try:
        issued = await invite_facilitator(
            session, facilitator, staff.actor,
            valid_for=timedelta(hours=settings.facilitator_invitation_hours),
        )  # fmt: skip
    except DomainError as error:
        await session.rollback()
        problem = describe(error, texts_for(staff.language))
        return await _list_page(
            request, session, staff, problem=problem, status_code=problem.status_code
        )
    return await _invited_page(request, settings, facilitator, issued, created=False)


@router.post("/{facilitator_id}/invitations/{invitation_id}/revoke")
async def revoke(
    facilitator_id: PathId, invitation_id: PathId, request: Request, session: Session,
    staff: Onboarder,
) -> Response:  # fmt: skip
    """Withdraws an unused invitation link."""
    await _facilitator(session, staff, facilitator_id)
    invitation = await repository.get_invitation(session, invitation_id)
    if invitation is None or invitation.facilitator_id != facilitator_id:
        raise PageNotFound(str(invitation_id))
    try:
        await revoke_invitation(session, invitation_id, staff.actor)
    except DomainError as error:
        await session.rollback()
        problem = describe(error, texts_for(staff.language))
        return await _list_page(
            request, session, staff, problem=problem, status_code=problem.status_code
        )
    return RedirectResponse("/panel/facilitators?notice=revoked", status_code=303)


@router.post("/{facilitator_id}/active")
async def set_active(
    facilitator_id: PathId, request: Request, session: Session, staff: Onboarder
) -> Response:
    """Deactivates a facilitator (bot access ends at once) or reactivates one."""
    form = await form_values(request)
    facilitator = await _facilitator(session, staff, facilitator_id)
    active = form.get("active") == "1"
    try:
        await set_facilitator_active(session, facilitator, active, staff.actor)
    except DomainError as error:
        await session.rollback()
        problem = describe(error, texts_for(staff.language))
        return await _list_page(
            request, session, staff, problem=problem, status_code=problem.status_code
        )
    notice = "activated" if active else "deactivated"
    return RedirectResponse(f"/panel/facilitators?notice={notice}", status_code=303)
