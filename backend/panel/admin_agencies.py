"""Agencies complaints are referred to (/panel/admin/agencies): list, create, edit, (de)activate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.errors import Conflict, InvalidInput
from backend.panel.admin import AdminStaff, FormReader, done, notice_of
from backend.panel.deps import Session, form_values
from backend.panel.errors import PageNotFound
from backend.panel.i18n import Texts, texts_for
from backend.panel.problems import Problem, describe
from backend.panel.rendering import render
from backend.referrals.agencies import (
    CODE_PATTERN,
    EMAIL_PATTERN,
    MAX_CONTACT_LENGTH,
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MIN_NAME_LENGTH,
    AgencyFields,
    AgencyInUse,
    create_agency,
    get_agency,
    list_agencies,
    set_agency_active,
    update_agency,
)
from backend.referrals.models import Agency, AgencyLevel

router = APIRouter(prefix="/panel/admin/agencies", include_in_schema=False)
LEVELS = tuple(level.value for level in AgencyLevel)


def read_agency(form: dict[str, str], t: Texts) -> tuple[AgencyFields, FormReader]:
    """The agency's fields from the form, with a message for each one that is not acceptable."""
    reader = FormReader(form, t)
    name_id = reader.text("name_id", min_length=MIN_NAME_LENGTH, max_length=MAX_NAME_LENGTH)
    name_en = reader.text("name_en", min_length=MIN_NAME_LENGTH, max_length=MAX_NAME_LENGTH)
    level = reader.choice("level", LEVELS)
    contact = reader.long_text("contact", max_length=MAX_CONTACT_LENGTH)
    email = form.get("email", "").strip()
    if email and (len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email)):
        reader.errors["email"] = t("admin-email-invalid")
    fields = AgencyFields(
        name_id=name_id, name_en=name_en, level=AgencyLevel(level or AgencyLevel.CITY),
        contact=contact or None, email=email or None,
    )  # fmt: skip
    return fields, reader


def _values(agency: Agency) -> dict[str, str]:
    return {
        "name_id": agency.name_id, "name_en": agency.name_en, "level": agency.level.value,
        "contact": agency.contact or "", "email": agency.email or "",
    }  # fmt: skip


async def _agency(session: Session, code: str) -> Agency:
    agency = await get_agency(session, code)
    if agency is None:
        raise PageNotFound(code)
    return agency


def _form_page(
    request: Request, values: dict[str, str], errors: dict[str, str], *,
    agency: Agency | None = None, problem: Problem | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "agency": agency,
        "levels": list(AgencyLevel),
        "problem": problem,
        "contact_max": MAX_CONTACT_LENGTH,
        "notice": notice_of(request),
    }
    return render(request, "admin_agency.html", context, status_code=status_code)


@router.get("")
async def agencies_page(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Every agency with its level and state."""
    context = {"agencies": await list_agencies(session), "notice": notice_of(request)}
    return render(request, "admin_agencies.html", context)


@router.get("/new")
async def new_agency_form(request: Request, staff: AdminStaff) -> Response:
    """The form for a new agency."""
    return _form_page(request, {"level": AgencyLevel.CITY.value}, {})


@router.post("")
async def create_agency_posted(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Creates the agency."""
    form = await form_values(request)
    t = texts_for(staff.language)
    fields, reader = read_agency(form, t)
    code = form.get("code", "").strip().lower()
    if not CODE_PATTERN.match(code):
        reader.errors["code"] = t("admin-code-invalid")
    if reader.errors:
        return _form_page(request, form, reader.errors, status_code=422)
    try:
        await create_agency(session, staff.actor, code, fields)
    except Conflict as error:
        problem = Problem(409, t("admin-code-taken"), error.message, field="code")
        return _form_page(
            request, form, {"code": problem.message}, problem=problem, status_code=409
        )
    except InvalidInput as error:
        problem = describe(error, t)
        return _form_page(request, form, {}, problem=problem, status_code=422)
    return done("/panel/admin/agencies", "agency-created")


@router.get("/{code}")
async def agency_page(request: Request, session: Session, staff: AdminStaff, code: str) -> Response:
    """One agency's form."""
    agency = await _agency(session, code)
    return _form_page(request, _values(agency), {}, agency=agency)


@router.post("/{code}")
async def update_agency_posted(
    request: Request, session: Session, staff: AdminStaff, code: str
) -> Response:
    """Saves the agency's names, level and contact."""
    agency = await _agency(session, code)
    form = await form_values(request)
    t = texts_for(staff.language)
    fields, reader = read_agency(form, t)
    if reader.errors:
        return _form_page(request, form, reader.errors, agency=agency, status_code=422)
    try:
        await update_agency(session, staff.actor, agency, fields)
    except InvalidInput as error:
        problem = describe(error, t)
        return _form_page(request, form, {}, agency=agency, problem=problem, status_code=422)
    return done("/panel/admin/agencies", "agency-saved")


@router.post("/{code}/active")
async def set_agency_active_posted(
    request: Request, session: Session, staff: AdminStaff, code: str
) -> Response:
    """Stops offering the agency for referrals, or offers it again."""
    agency = await _agency(session, code)
    active = (await form_values(request)).get("active") == "1"
    try:
        await set_agency_active(session, staff.actor, agency, active)
    except AgencyInUse as error:
        t = texts_for(staff.language)
        problem = Problem(
            409, t("admin-agency-in-use", categories=", ".join(error.categories)), error.message
        )
        return _form_page(
            request, _values(agency), {}, agency=agency, problem=problem, status_code=409
        )
    return done("/panel/admin/agencies", "agency-saved")
