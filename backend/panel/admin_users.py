"""Staff accounts (/panel/admin/users): list, create, role, areas, (de)activate, new
password, reset two-factor sign-in.

A generated password is shown once, on the page that answers the form, and
never travels in an address; a typed one is never shown back. The services
refuse what would lock the office out: an admin's change to their own account,
and any change that would leave no active admin.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.errors import Conflict, DomainError, Forbidden, InvalidInput
from backend.ids import PathId
from backend.panel.admin import AdminStaff, FormReader, done, notice_of
from backend.panel.admin_areas import area_choices
from backend.panel.deps import PanelStaff, Session, form_values
from backend.panel.errors import PageNotFound
from backend.panel.i18n import Texts, texts_for
from backend.panel.problems import Problem, describe
from backend.panel.rendering import render
from backend.security.passwords import MIN_PASSWORD_LENGTH
from backend.staff.areas import set_areas
from backend.staff.models import TWO_FACTOR_ROLES, Role, StaffUser
from backend.staff.service import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    OFFICE_ROLES,
    AccountGuard,
    EmailTaken,
    add_staff_user,
    change_role,
    generate_password,
    list_staff_users,
    reset_password,
    set_active,
)
from backend.staff.totp import reset_two_factor

router = APIRouter(prefix="/panel/admin/users", include_in_schema=False)
ROLE_VALUES = tuple(role.value for role in OFFICE_ROLES)


def _problem(error: DomainError, t: Texts) -> Problem:
    """A refused change in words; the guards and a taken email have sentences of their own."""
    if isinstance(error, AccountGuard):
        return Problem(409, t(f"admin-guard-{error.reason.replace('_', '-')}"), error.message)
    if isinstance(error, EmailTaken):
        return Problem(409, t("admin-email-taken"), error.message, field="email")
    return describe(error, t)


def _password(reader: FormReader) -> tuple[str, bool]:
    """The password asked for and whether it was generated."""
    if reader.form.get("password_choice") == "type":
        password = reader.form.get("password", "")
        if len(password) < MIN_PASSWORD_LENGTH:
            reader.errors["password"] = reader.t("password-too-short", length=MIN_PASSWORD_LENGTH)
        return password, False
    return generate_password(), True


async def _user(session: Session, user_id: int) -> StaffUser:
    user = await session.get(StaffUser, user_id)
    if user is None:
        raise PageNotFound(str(user_id))
    return user


async def _user_page(
    request: Request, session: Session, user: StaffUser, staff: PanelStaff, *,
    problem: Problem | None = None, new_password: str | None = None, notice: str | None = None,
    status_code: int = 200,
) -> Response:  # fmt: skip
    context = {
        **await area_choices(session, user.id),
        "user": user,
        "two_factor_required": user.role in TWO_FACTOR_ROLES,
        "is_self": user.id == staff.actor.staff_id,
        "roles": OFFICE_ROLES,
        "office": user.role in OFFICE_ROLES,
        "problem": problem,
        "new_password": new_password,
        "notice": notice,
        "min_password": MIN_PASSWORD_LENGTH,
    }
    return render(request, "admin_user.html", context, status_code=status_code)


@router.get("")
async def users_page(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Every staff account with its role and state."""
    context = {
        "users": await list_staff_users(session),
        "notice": notice_of(request),
    }
    return render(request, "admin_users.html", context)


def _new_user_page(
    request: Request, values: dict[str, str], errors: dict[str, str],
    problem: Problem | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    context = {
        "values": values,
        "errors": errors,
        "roles": OFFICE_ROLES,
        "problem": problem,
        "min_password": MIN_PASSWORD_LENGTH,
    }
    return render(request, "admin_user_new.html", context, status_code=status_code)


@router.get("/new")
async def new_user_form(request: Request, staff: AdminStaff) -> Response:
    """The form for a new account."""
    return _new_user_page(request, {"password_choice": "generate"}, {})


@router.post("")
async def create_user(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Creates the account; a generated password is shown on the answer, once."""
    form = await form_values(request)
    t = texts_for(staff.language)
    reader = FormReader(form, t)
    full_name = reader.text("full_name", max_length=MAX_NAME_LENGTH)
    email = reader.text("email", min_length=3, max_length=MAX_EMAIL_LENGTH).lower()
    if "email" not in reader.errors and not _looks_like_email(email):
        reader.errors["email"] = t("admin-email-invalid")
    role = reader.choice("role", ROLE_VALUES)
    password, generated = _password(reader)
    values = {key: value for key, value in form.items() if key != "password"}
    if reader.errors:
        return _new_user_page(request, values, reader.errors, status_code=422)
    assert role is not None
    try:
        user = await add_staff_user(
            session, staff.actor, email=email, full_name=full_name, role=_role(role),
            password=password,
        )  # fmt: skip
    except (Conflict, InvalidInput) as error:
        problem = _problem(error, t)
        errors = {problem.field: problem.message} if problem.field else {}
        return _new_user_page(request, values, errors, problem, problem.status_code)
    return await _user_page(
        request, session, user, staff, new_password=password if generated else None,
        notice="user-created", status_code=201,
    )  # fmt: skip


def _looks_like_email(email: str) -> bool:
    local, _, domain = email.partition("@")
    return bool(local) and "." in domain.strip(".") and " " not in email and "@" not in domain


def _role(value: str) -> Role:
    return next(role for role in OFFICE_ROLES if role.value == value)


@router.get("/{user_id}")
async def user_page(
    request: Request, session: Session, staff: AdminStaff, user_id: PathId
) -> Response:
    """One account: its role, state, and the changes an admin can make."""
    user = await _user(session, user_id)
    return await _user_page(request, session, user, staff, notice=notice_of(request))


@router.post("/{user_id}/role")
async def change_user_role(
    request: Request, session: Session, staff: AdminStaff, user_id: PathId
) -> Response:
    """Gives the account another office role."""
    user = await _user(session, user_id)
    t = texts_for(staff.language)
    reader = FormReader(await form_values(request), t)
    role = reader.choice("role", ROLE_VALUES)
    if role is None:
        return await _user_page(
            request,
            session,
            user,
            staff,
            problem=Problem(422, reader.errors["role"]),
            status_code=422,
        )
    try:
        await change_role(session, user, _role(role), staff.actor)
    except (Conflict, InvalidInput) as error:
        problem = _problem(error, t)
        return await _user_page(
            request, session, user, staff, problem=problem, status_code=problem.status_code
        )
    return done(f"/panel/admin/users/{user.id}", "role-changed")


@router.post("/{user_id}/active")
async def set_user_active(
    request: Request, session: Session, staff: AdminStaff, user_id: PathId
) -> Response:
    """Deactivates the account (its sessions end) or reactivates it."""
    user = await _user(session, user_id)
    t = texts_for(staff.language)
    active = (await form_values(request)).get("active") == "1"
    try:
        await set_active(session, user, active, staff.actor)
    except Conflict as error:
        problem = _problem(error, t)
        return await _user_page(
            request, session, user, staff, problem=problem, status_code=problem.status_code
        )
    return done(f"/panel/admin/users/{user.id}", "activated" if active else "deactivated")


@router.post("/{user_id}/two-factor-reset")
async def reset_user_two_factor(
    request: Request, session: Session, staff: AdminStaff, user_id: PathId
) -> Response:
    """Clears the account's two-factor sign-in (a lost phone); its sessions end (audited)."""
    user = await _user(session, user_id)
    try:
        await reset_two_factor(session, user, staff.actor)
    except Forbidden as error:
        problem = describe(error, texts_for(staff.language))
        return await _user_page(request, session, user, staff, problem=problem, status_code=403)
    return done(f"/panel/admin/users/{user.id}", "two-factor-reset")


@router.post("/{user_id}/password")
async def set_user_password(
    request: Request, session: Session, staff: AdminStaff, user_id: PathId
) -> Response:
    """Sets a new password (generated, shown once; or typed); every session of the account ends."""
    user = await _user(session, user_id)
    t = texts_for(staff.language)
    reader = FormReader(await form_values(request), t)
    password, generated = _password(reader)
    if reader.errors:
        problem = Problem(422, reader.errors["password"], field="password")
        return await _user_page(request, session, user, staff, problem=problem, status_code=422)
    await reset_password(session, user, password, staff.actor)
    if generated:
        return await _user_page(
            request, session, user, staff, new_password=password, notice="password-reset"
        )
    return done(f"/panel/admin/users/{user.id}", "password-reset")


@router.post("/{user_id}/areas")
async def set_user_areas(
    request: Request, session: Session, staff: AdminStaff, user_id: PathId
) -> Response:
    """Limits the account to the ticked kecamatan and kelurahan (none: the whole city)."""
    user = await _user(session, user_id)
    codes = [code for code in (await request.form()).getlist("area") if isinstance(code, str)]
    try:
        await set_areas(session, user, codes, staff.actor)
    except InvalidInput as error:
        # Refused before anything is written: the codes are checked first.
        problem = Problem(422, texts_for(staff.language)("admin-areas-unknown"), error.message)
        return await _user_page(request, session, user, staff, problem=problem, status_code=422)
    return done(f"/panel/admin/users/{user.id}", "areas-changed")
