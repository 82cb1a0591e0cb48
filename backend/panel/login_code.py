"""The second step of signing in (/panel/login/code): the authenticator app's code.

After the right password an account with two factors gets a credential of a few
minutes (SECOND_FACTOR) in a cookie of its own, not a session: nothing but this
page accepts it. Its form's CSRF token is an HMAC of that credential's secret,
which the server issued. A right code (or an unused recovery code) ends it and
opens the session; wrong ones count in the sign-in throttle like wrong passwords.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from backend.clock import utcnow
from backend.panel.auth import refusal_text, start_session
from backend.panel.deps import (
    SECOND_FACTOR_COOKIE,
    AppSettings,
    DataVault,
    Session,
    check_form_token,
    client_ip,
    csrf_token_for,
    form_values,
    read_cookie,
    safe_next,
)
from backend.panel.i18n import texts_for
from backend.panel.rendering import page_language, render
from backend.signin.deps import Throttle
from backend.staff.auth import NotAuthenticated, check_credential, revoke_credential, signed_in
from backend.staff.models import CredentialKind, StaffCredential, StaffUser
from backend.staff.totp import CODES_HELD_BACK, check_code

router = APIRouter(prefix="/panel/login", include_in_schema=False)
_PURPOSE = "second-factor"


async def _pending(request: Request, session: Session) -> tuple[StaffCredential, StaffUser] | None:
    try:
        return await check_credential(
            session, read_cookie(request, SECOND_FACTOR_COOKIE), CredentialKind.SECOND_FACTOR,
            now=utcnow(),
        )  # fmt: skip
    except NotAuthenticated:
        return None


def _expired() -> Response:
    return RedirectResponse("/panel/login?notice=code-expired", status_code=303)


def _code_page(
    request: Request, settings: AppSettings, credential: StaffCredential, user: StaffUser,
    next_path: str, *, error: str | None = None, status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    assert credential.csrf_secret is not None  # every SECOND_FACTOR credential has one
    request.state.csrf_token = csrf_token_for(settings, credential.csrf_secret, _PURPOSE)
    context = {"email": user.email, "next": next_path, "error": error}
    return render(request, "login_code.html", context, status_code=status_code, headers=headers)


@router.get("/code")
async def code_form(request: Request, session: Session, settings: AppSettings) -> Response:
    """Asks for the code of the authenticator app (or a recovery code)."""
    pending = await _pending(request, session)
    if pending is None:
        return _expired()
    next_path = safe_next(request.query_params.get("next"))
    return _code_page(request, settings, *pending, next_path)


@router.post("/code")
async def code(
    request: Request, session: Session, settings: AppSettings, vault: DataVault,
    throttle: Throttle,
) -> Response:  # fmt: skip
    """Checks the code; a right one opens the panel session."""
    pending = await _pending(request, session)
    if pending is None:
        return _expired()
    credential, user = pending
    assert credential.csrf_secret is not None
    await check_form_token(request, csrf_token_for(settings, credential.csrf_secret, _PURPOSE))
    form = await form_values(request)
    next_path = safe_next(form.get("next"))
    address = client_ip(request)
    check = await check_code(
        session, throttle, vault, user, form.get("code", "")[:64], ip_address=address
    )
    if check.refusal is not None:
        message, status, headers = refusal_text(request, check.refusal)
        if status == 401:
            t = texts_for(page_language(request))
            held_back = check.refusal.message == CODES_HELD_BACK
            message = t("login-code-held-back" if held_back else "login-code-wrong")
        return _code_page(
            request, settings, credential, user, next_path, error=message, status_code=status,
            headers=headers,
        )  # fmt: skip
    await revoke_credential(session, credential.id, reason="signed_in")
    await signed_in(session, throttle, user, ip_address=address, second_factor=check.method)
    return await start_session(request, session, settings, user, next_path)
