"""Two-factor sign-in of one's own account (/panel/two-factor): set up, new codes, turn off.

Setting up shows the secret and its QR code (drawn here as SVG, nothing from
elsewhere); the first right code turns it on and shows ten recovery codes once,
on the page that answers the form, never in an address. Moving to a new phone,
new recovery codes and turning it off take a current code. Supervisors and admins
must have it: until they do, this page is the only one open to them.
"""

from __future__ import annotations

from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from backend.errors import Conflict, InvalidInput
from backend.panel.auth import refusal_text
from backend.panel.deps import DataVault, Session, SignedInStaff, client_ip, form_values
from backend.panel.i18n import texts_for
from backend.panel.rendering import page_language, render
from backend.security.crypto import Vault
from backend.signin.deps import Throttle
from backend.staff.models import TWO_FACTOR_ROLES, StaffUser
from backend.staff.totp import (
    begin_set_up,
    check_code,
    finish_set_up,
    pending_secret,
    provisioning_uri,
    recovery_codes_left,
    renew_recovery_codes,
    turn_off,
)

router = APIRouter(prefix="/panel/two-factor", include_in_schema=False)
NOTICES = frozenset({"started", "off"})


def qr_svg(uri: str, title: str) -> Markup:
    """The otpauth:// address as an inline SVG QR code, dark on white so phones read it."""
    code = segno.make(uri, error="m")
    return Markup(code.svg_inline(scale=4, border=4, dark="#000", light="#fff", title=title))


def grouped(secret: str) -> str:
    """The secret in groups of four, as a person types it into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


async def _page(
    request: Request, session: Session, vault: Vault, user: StaffUser, *,
    error: str | None = None, recovery_codes: list[str] | None = None,
    notice: str | None = None, status_code: int = 200, headers: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    t = texts_for(page_language(request))
    secret = pending_secret(user, vault)
    context: dict[str, Any] = {
        "user": user,
        "required": user.role in TWO_FACTOR_ROLES,
        "codes_left": await recovery_codes_left(session, user) if user.two_factor_on else 0,
        "pending": secret is not None,
        "secret": grouped(secret) if secret else "",
        "qr": qr_svg(provisioning_uri(secret, user.email), t("two-factor-qr")) if secret else "",
        "error": error,
        "recovery_codes": recovery_codes,
        "notice": notice,
    }
    return render(request, "two_factor.html", context, status_code=status_code, headers=headers)


@router.get("")
async def two_factor_page(
    request: Request, staff: SignedInStaff, session: Session, vault: DataVault
) -> Response:
    """Whether two-factor sign-in is on, and what can be done about it."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    notice = request.query_params.get("notice")
    return await _page(request, session, vault, user, notice=notice if notice in NOTICES else None)


async def _code_refused(
    request: Request, session: Session, vault: Vault, throttle: Throttle, user: StaffUser,
) -> Response | None:  # fmt: skip
    """Checks the current code the form carries; the page with the reason if it is refused."""
    code = (await form_values(request)).get("code", "")[:64]
    check = await check_code(session, throttle, vault, user, code, ip_address=client_ip(request))
    if check.refusal is None:
        return None
    message, status, headers = refusal_text(request, check.refusal)
    if status == 401:
        message, status = texts_for(page_language(request))("login-code-wrong"), 422
    return await _page(
        request, session, vault, user, error=message, status_code=status, headers=headers
    )


@router.post("/start")
async def start(
    request: Request, staff: SignedInStaff, session: Session, vault: DataVault, throttle: Throttle
) -> Response:
    """A new secret to scan; with two factors on already (a new phone), a current code first."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    if user.two_factor_on and (
        refused := await _code_refused(request, session, vault, throttle, user)
    ):
        return refused
    begin_set_up(user, vault)
    return RedirectResponse("/panel/two-factor?notice=started", status_code=303)


@router.post("/confirm")
async def confirm(
    request: Request, staff: SignedInStaff, session: Session, vault: DataVault
) -> Response:
    """The first code of the new secret turns it on; the recovery codes are shown once."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    code = (await form_values(request)).get("code", "")[:64]
    t = texts_for(staff.language)
    try:
        codes = await finish_set_up(session, user, vault, code, ip_address=client_ip(request))
    except InvalidInput:
        return await _page(
            request, session, vault, user, error=t("login-code-wrong"), status_code=422
        )
    except Conflict:
        return await _page(
            request, session, vault, user, error=t("two-factor-not-started"), status_code=409
        )
    return await _page(request, session, vault, user, recovery_codes=codes, notice="on")


@router.post("/recovery-codes")
async def new_recovery_codes(
    request: Request, staff: SignedInStaff, session: Session, vault: DataVault, throttle: Throttle
) -> Response:
    """Ten new recovery codes for a current code; the old ones stop working."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    if not user.two_factor_on:
        t = texts_for(staff.language)
        return await _page(
            request, session, vault, user, error=t("two-factor-not-on"), status_code=409
        )
    if refused := await _code_refused(request, session, vault, throttle, user):
        return refused
    codes = await renew_recovery_codes(session, user, vault)
    return await _page(request, session, vault, user, recovery_codes=codes, notice="renewed")


@router.post("/off")
async def off(
    request: Request, staff: SignedInStaff, session: Session, vault: DataVault, throttle: Throttle
) -> Response:
    """Turns two factors off for a current code; refused for roles that must have them."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    t = texts_for(staff.language)
    if user.role in TWO_FACTOR_ROLES:
        message = t("two-factor-required-role", role=t.label("role", user.role))
        return await _page(request, session, vault, user, error=message, status_code=403)
    if not user.two_factor_on:
        return await _page(
            request, session, vault, user, error=t("two-factor-not-on"), status_code=409
        )
    if refused := await _code_refused(request, session, vault, throttle, user):
        return refused
    await turn_off(session, user)
    return RedirectResponse("/panel/two-factor?notice=off", status_code=303)
