"""Complaint categories (/panel/admin/categories): names, SLA in working days, default agency.

A new deadline applies from the next step a complaint takes; deadlines already
running stay as they were given to the citizen.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.casefiles.models import Category
from backend.complaints.categories import (
    CODE_PATTERN,
    MAX_NAME_LENGTH,
    MAX_SLA_DAYS,
    MAX_SORT_ORDER,
    MIN_NAME_LENGTH,
    MIN_SLA_DAYS,
    SLA_FIELDS,
    CategoryFields,
    CategoryRequired,
    create_category,
    get_category_with_agency,
    list_categories,
    set_category_active,
    update_category,
)
from backend.errors import Conflict, InvalidInput
from backend.panel.admin import AdminStaff, FormReader, done, notice_of
from backend.panel.deps import Session, form_values
from backend.panel.errors import PageNotFound
from backend.panel.i18n import Texts, texts_for
from backend.panel.problems import Problem, describe
from backend.panel.rendering import render
from backend.referrals.repository import list_active_agencies

router = APIRouter(prefix="/panel/admin/categories", include_in_schema=False)


def read_category(
    form: dict[str, str], t: Texts, agencies: set[str]
) -> tuple[CategoryFields, FormReader]:
    """The category's fields from the form, with a message for each one out of bounds."""
    reader = FormReader(form, t)
    name_id = reader.text("name_id", min_length=MIN_NAME_LENGTH, max_length=MAX_NAME_LENGTH)
    name_en = reader.text("name_en", min_length=MIN_NAME_LENGTH, max_length=MAX_NAME_LENGTH)
    agency = reader.choice("default_agency", agencies, required=False)
    days = {name: reader.number(name, MIN_SLA_DAYS, MAX_SLA_DAYS) for name in SLA_FIELDS}
    sort_order = reader.number("sort_order", 0, MAX_SORT_ORDER)
    fields = CategoryFields(
        name_id=name_id, name_en=name_en, default_agency=agency, sort_order=sort_order, **days
    )
    return fields, reader


def _values(category: Category, agency_code: str | None) -> dict[str, str]:
    values = {name: str(getattr(category, name)) for name in (*SLA_FIELDS, "sort_order")}
    values |= {"name_id": category.name_id, "name_en": category.name_en}
    values["default_agency"] = agency_code or ""
    return values


async def _form_page(
    request: Request, session: Session, values: dict[str, str], errors: dict[str, str], *,
    category: Category | None = None, problem: Problem | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "category": category,
        "agencies": await list_active_agencies(session),
        "sla_fields": SLA_FIELDS,
        "problem": problem,
        "limits": {"sla_min": MIN_SLA_DAYS, "sla_max": MAX_SLA_DAYS, "sort_max": MAX_SORT_ORDER},
        "notice": notice_of(request),
    }
    return render(request, "admin_category.html", context, status_code=status_code)


async def _category(session: Session, code: str) -> tuple[Category, str | None]:
    found = await get_category_with_agency(session, code)
    if found is None:
        raise PageNotFound(code)
    category, agency = found
    return category, agency.code if agency else None


def _problem(error: Conflict | InvalidInput, t: Texts) -> Problem:
    if isinstance(error, CategoryRequired):
        return Problem(409, t("admin-category-required"), error.message)
    if isinstance(error, Conflict):
        return Problem(409, t("admin-code-taken"), error.message, field="code")
    return describe(error, t)


@router.get("")
async def categories_page(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Every category with its SLA and default agency."""
    context = {
        "categories": await list_categories(session),
        "sla_fields": SLA_FIELDS,
        "notice": notice_of(request),
    }
    return render(request, "admin_categories.html", context)


@router.get("/new")
async def new_category_form(request: Request, session: Session, staff: AdminStaff) -> Response:
    """The form for a new category, with the default deadlines filled in (docs/ARCHITECTURE.md)."""
    defaults = {
        "sla_triage_days": "3", "sla_disposition_days": "5", "sla_resolution_days": "5",
        "sla_referral_days": "14", "sort_order": "100",
    }  # fmt: skip
    return await _form_page(request, session, defaults, {})


@router.post("")
async def create_category_posted(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Creates the category."""
    form = await form_values(request)
    t = texts_for(staff.language)
    agencies = {agency.code for agency in await list_active_agencies(session)}
    fields, reader = read_category(form, t, agencies)
    code = form.get("code", "").strip().lower()
    if not CODE_PATTERN.match(code):
        reader.errors["code"] = t("admin-code-invalid")
    if reader.errors:
        return await _form_page(request, session, form, reader.errors, status_code=422)
    try:
        await create_category(session, staff.actor, code, fields)
    except (Conflict, InvalidInput) as error:
        problem = _problem(error, t)
        errors = {problem.field: problem.message} if problem.field else {}
        return await _form_page(
            request, session, form, errors, problem=problem, status_code=problem.status_code
        )
    return done("/panel/admin/categories", "category-created")


@router.get("/{code}")
async def category_page(
    request: Request, session: Session, staff: AdminStaff, code: str
) -> Response:
    """One category's form."""
    category, agency = await _category(session, code)
    return await _form_page(request, session, _values(category, agency), {}, category=category)


@router.post("/{code}")
async def update_category_posted(
    request: Request, session: Session, staff: AdminStaff, code: str
) -> Response:
    """Saves the category's names, deadlines and default agency."""
    category, _ = await _category(session, code)
    form = await form_values(request)
    t = texts_for(staff.language)
    agencies = {agency.code for agency in await list_active_agencies(session)}
    fields, reader = read_category(form, t, agencies)
    if reader.errors:
        return await _form_page(
            request, session, form, reader.errors, category=category, status_code=422
        )
    try:
        await update_category(session, staff.actor, category, fields)
    except InvalidInput as error:
        problem = describe(error, t)
        return await _form_page(
            request, session, form, {}, category=category, problem=problem, status_code=422
        )
    return done("/panel/admin/categories", "category-saved")


@router.post("/{code}/active")
async def set_category_active_posted(
    request: Request, session: Session, staff: AdminStaff, code: str
) -> Response:
    """Stops offering the category to citizens, or offers it again."""
    category, agency = await _category(session, code)
    active = (await form_values(request)).get("active") == "1"
    try:
        await set_category_active(session, staff.actor, category, active)
    except CategoryRequired as error:
        t = texts_for(staff.language)
        return await _form_page(
            request, session, _values(category, agency), {}, category=category,
            problem=_problem(error, t), status_code=409,
        )  # fmt: skip
    return done("/panel/admin/categories", "category-saved")
