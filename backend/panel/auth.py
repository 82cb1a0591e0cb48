"""Signing in and out of the panel, changing the password, and choosing the language."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from backend.errors import InvalidInput
from backend.panel.deps import (
    LOGIN_COOKIE,
    SECOND_FACTOR_COOKIE,
    SESSION_COOKIE,
    AppSettings,
    PasswordChangingStaff,
    Session,
    SignedInStaff,
    check_login_csrf,
    clear_cookie,
    client_ip,
    form_values,
    login_csrf,
    read_cookie,
    safe_next,
    set_cookie,
)
from backend.panel.i18n import LANGUAGES, normalise_language, texts_for
from backend.panel.rendering import LANGUAGE_COOKIE, page_language, render
from backend.security.passwords import MIN_PASSWORD_LENGTH
from backend.signin.deps import Throttle
from backend.signin.principal import resolve_credential
from backend.staff.auth import (
    LoginRefused,
    NotAuthenticated,
    TooManyAttempts,
    check_password,
    issue_credential,
    revoke_credential,
    signed_in,
)
from backend.staff.models import CredentialKind, StaffUser
from backend.staff.service import change_password

router = APIRouter(prefix="/panel", include_in_schema=False)
# Notices a redirect may ask a page to show; anything else in ?notice= is ignored.
LOGIN_NOTICES = frozenset({"signed-out", "session-ended", "password-changed", "code-expired"})


def _login_page(
    request: Request, *, error: str | None = None, email: str = "", next_path: str = "/panel",
    notice: str | None = None, status_code: int = 200, headers: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    _token, fresh_cookie = login_csrf(request)
    context = {"error": error, "email": email, "next": next_path, "notice": notice}
    response = render(request, "login.html", context, status_code=status_code, headers=headers)
    if fresh_cookie is not None:
        set_cookie(response, request.app.state.settings, LOGIN_COOKIE, fresh_cookie)
    return response


@router.get("/login")
async def login_form(request: Request, session: Session) -> Response:
    """The sign-in form; ?lang=en switches its language (kept in a cookie)."""
    if token := read_cookie(request, SESSION_COOKIE):
        try:
            await resolve_credential(session, token, CredentialKind.SESSION)
            return RedirectResponse("/panel", status_code=303)
        except NotAuthenticated:
            pass  # an old cookie: sign in again
    language = request.query_params.get("lang")
    if language in LANGUAGES:
        request.state.language = language  # this page already in the new language
    notice = request.query_params.get("notice")
    response = _login_page(
        request,
        next_path=safe_next(request.query_params.get("next")),
        notice=notice if notice in LOGIN_NOTICES else None,
    )
    if language in LANGUAGES:
        set_cookie(response, request.app.state.settings, LANGUAGE_COOKIE, language)
    return response


@router.post("/login")
async def login(
    request: Request, session: Session, settings: AppSettings, throttle: Throttle
) -> Response:
    """Checks email and password; then the two-factor code's page, or the panel.

    A refusal is the same for every email (unknown, wrong password, deactivated, held
    back by the account's throttle); too many failures from this address answer 429.
    """
    await check_login_csrf(request)
    form = await form_values(request)
    email, password = form.get("email", "").strip(), form.get("password", "")
    next_path = safe_next(form.get("next"))
    address = client_ip(request)
    outcome = await check_password(session, throttle, email, password, ip_address=address)
    if outcome.user is None:
        # Returned, not raised: the unit of work commits the failure's audit record.
        assert outcome.refusal is not None  # a refused sign-in always says why
        message, status, headers = refusal_text(request, outcome.refusal)
        return _login_page(
            request, error=message, email=email, next_path=next_path, status_code=status,
            headers=headers,
        )  # fmt: skip
    user = outcome.user
    if user.two_factor_on:
        pending = await issue_credential(
            session, user, CredentialKind.SECOND_FACTOR, ip_address=address,
            user_agent=request.headers.get("user-agent"),
        )  # fmt: skip
        query = f"?{urlencode({'next': next_path})}" if next_path != "/panel" else ""
        response = RedirectResponse(f"/panel/login/code{query}", status_code=303)
        set_cookie(response, settings, SECOND_FACTOR_COOKIE, pending.token)
        clear_cookie(response, settings, LOGIN_COOKIE)
        return response
    await signed_in(session, throttle, user, ip_address=address)
    # A password an administrator set is changed first; then a supervisor or admin
    # without a second factor sets it up, before anything else.
    if user.password_must_change:
        target = "/panel/password"
    elif user.must_set_up_two_factor:
        target = "/panel/two-factor"
    else:
        target = next_path
    return await start_session(request, session, settings, user, target)


def refusal_text(request: Request, refusal: LoginRefused) -> tuple[str, int, dict[str, str] | None]:
    """A refused sign-in in the page's language: the words, the status and its headers."""
    t = texts_for(page_language(request))
    if isinstance(refusal, TooManyAttempts):
        minutes = max(1, math.ceil(refusal.retry_after / 60))
        headers = {"Retry-After": str(refusal.retry_after)}
        return t("login-too-many", minutes=minutes), 429, headers
    return t("login-wrong"), 401, None


async def start_session(
    request: Request, session: Session, settings: AppSettings, user: StaffUser, target: str
) -> Response:
    """Opens a panel session for a signed-in user and sends the browser to `target`."""
    issued = await issue_credential(
        session, user, CredentialKind.SESSION,
        ip_address=client_ip(request), user_agent=request.headers.get("user-agent"),
    )  # fmt: skip
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, settings, SESSION_COOKIE, issued.token)
    # The account keeps its own language: on a shared office computer the login page's
    # choice may have been the previous person's.
    clear_cookie(response, settings, LOGIN_COOKIE)
    clear_cookie(response, settings, SECOND_FACTOR_COOKIE)
    return response


@router.post("/logout")
async def logout(staff: SignedInStaff, session: Session, settings: AppSettings) -> Response:
    """Ends this session; the cookie goes too."""
    await revoke_credential(session, staff.principal.credential_id, reason="logout")
    response = RedirectResponse("/panel/login?notice=signed-out", status_code=303)
    clear_cookie(response, settings, SESSION_COOKIE)
    # The language stays for the login page after signing out.
    set_cookie(response, settings, LANGUAGE_COOKIE, staff.language)
    return response


@router.get("/password")
async def password_form(request: Request, staff: PasswordChangingStaff) -> Response:
    """The password change form."""
    return render(request, "password.html", {"errors": {}, "min_length": MIN_PASSWORD_LENGTH})


@router.post("/password")
async def password(
    request: Request, staff: PasswordChangingStaff, session: Session, settings: AppSettings
) -> Response:
    """Changes the password; every session ends, and this browser gets a fresh one."""
    form = await form_values(request)
    current, new, again = (form.get(name, "") for name in ("current", "new", "again"))
    t = texts_for(staff.language)
    errors: dict[str, str] = {}
    if len(new) < MIN_PASSWORD_LENGTH:
        errors["new"] = t("password-too-short", length=MIN_PASSWORD_LENGTH)
    elif new != again:
        errors["again"] = t("password-mismatch")
    if not errors:
        user = await session.get_one(StaffUser, staff.principal.user_id)
        try:
            await change_password(session, user, current, new)
        except InvalidInput as error:
            key = "password-wrong-current" if error.field == "old_password" else "password-same"
            errors["current" if error.field == "old_password" else "new"] = t(key)
    if errors:
        context = {"errors": errors, "min_length": MIN_PASSWORD_LENGTH}
        return render(request, "password.html", context, status_code=422)
    issued = await issue_credential(
        session, user, CredentialKind.SESSION,
        ip_address=client_ip(request), user_agent=request.headers.get("user-agent"),
    )  # fmt: skip
    response = RedirectResponse("/panel?notice=password-changed", status_code=303)
    set_cookie(response, settings, SESSION_COOKIE, issued.token)
    return response


@router.post("/language")
async def language(
    request: Request, staff: SignedInStaff, session: Session, settings: AppSettings
) -> Response:
    """Switches the panel's language for this account."""
    form = await form_values(request)
    chosen = normalise_language(form.get("language"))
    user = await session.get_one(StaffUser, staff.principal.user_id)
    user.language = chosen
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    set_cookie(response, settings, LANGUAGE_COOKIE, chosen)
    return response
