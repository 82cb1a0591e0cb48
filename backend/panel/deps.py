"""What every panel page depends on: the signed-in staff member, role checks and CSRF.

The panel's session is a server-side credential (backend.staff.auth) whose
random token sits in an HTTP-only cookie. Every form carries a CSRF token, an
HMAC of the session's CSRF secret under SECRET_KEY, and every POST is refused
without it: a page of another site cannot read the token, so it cannot forge a
form.

Before sign-in the login form is protected by a login cookie the server issued
and signed (a random nonce, its time, their HMAC under SECRET_KEY): a value the
client made up is never given a token. The cookies are `__Host-` cookies in
production, which no other host (a sibling subdomain included) can set, and a
sign-in posted from another site or subdomain (Sec-Fetch-Site) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from backend.actors import Actor
from backend.api.deps import AppSettings, DataVault, Session, client_ip
from backend.config import Settings
from backend.panel.errors import (
    CsrfRefused,
    LoginRequired,
    PageForbidden,
    PasswordChangeRequired,
    TwoFactorSetupRequired,
)
from backend.panel.i18n import normalise_language
from backend.signin.principal import Principal, resolve_credential
from backend.staff.auth import NotAuthenticated
from backend.staff.models import CredentialKind, Role, StaffUser

__all__ = [
    "AppSettings", "CurrentStaff", "DataVault", "PanelStaff", "Session", "SignedInStaff",
    "client_ip", "form_values", "require_roles",
]  # fmt: skip

SESSION_COOKIE = "slrt_panel"
LOGIN_COOKIE = "slrt_panel_login"
# Between the right password and the two-factor code (a credential of a few minutes).
SECOND_FACTOR_COOKIE = "slrt_panel_2fa"
CSRF_FIELD = "csrf_token"
COOKIE_PATH = "/panel"
# In production these are `__Host-` cookies: Secure, for this host only, path / (the prefix
# demands it), so a sibling subdomain cannot plant one.
HOST_ONLY_COOKIES = frozenset({SESSION_COOKIE, LOGIN_COOKIE, SECOND_FACTOR_COOKIE})
# A login form may be posted this long after it was shown.
LOGIN_FORM_SECONDS = 2 * 3600
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What an account whose password an administrator set may open before changing it.
_OPEN_BEFORE_PASSWORD_CHANGE = frozenset({"/panel/password", "/panel/logout", "/panel/language"})


@dataclass(frozen=True, slots=True)
class PanelStaff:
    """The staff member behind a panel request, their language and their forms' CSRF token."""

    principal: Principal
    language: str
    csrf_token: str
    # A supervisor or admin without their second factor yet: only its set-up is open.
    must_set_up_two_factor: bool = False
    # A password an administrator set: only its change (and signing out) is open.
    must_change_password: bool = False

    @property
    def role(self) -> Role:
        """The account's role."""
        return self.principal.role

    @property
    def actor(self) -> Actor:
        """The actor the services and the audit log know this person as."""
        return self.principal.actor

    @property
    def full_name(self) -> str:
        """The name shown in the header."""
        return self.principal.full_name


def csrf_token_for(settings: Settings, secret: str, purpose: str = "session") -> str:
    """The CSRF token of a session (or of a login form) under SECRET_KEY."""
    key = settings.secret_key.get_secret_value().encode("utf-8")
    return hmac.new(key, f"panel-csrf/{purpose}/{secret}".encode(), hashlib.sha256).hexdigest()


async def form_values(request: Request) -> dict[str, str]:
    """The posted form as text fields (the first value of each; files are ignored)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def _check_csrf(request: Request, expected: str) -> None:
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise CsrfRefused()


def cookie_name(settings: Settings, name: str) -> str:
    """The name a panel cookie goes by: `__Host-` in front in production, for the sign-in ones."""
    if settings.environment == "production" and name in HOST_ONLY_COOKIES:
        return f"__Host-{name}"
    return name


def read_cookie(request: Request, name: str) -> str | None:
    """The value of a panel cookie under the name it goes by in this environment."""
    return request.cookies.get(cookie_name(request.app.state.settings, name))


def _cookie_path(settings: Settings, name: str) -> str:
    production = settings.environment == "production"
    return "/" if production and name in HOST_ONLY_COOKIES else COOKIE_PATH


def set_cookie(response: Response, settings: Settings, name: str, value: str) -> None:
    """Sets a panel cookie: HTTP-only, same-site lax, secure in production, for /panel only
    (for the whole host as a `__Host-` cookie in production)."""
    response.set_cookie(
        cookie_name(settings, name), value, path=_cookie_path(settings, name), httponly=True,
        samesite="lax", secure=settings.environment == "production",
    )  # fmt: skip


def clear_cookie(response: Response, settings: Settings, name: str) -> None:
    """Removes a panel cookie."""
    response.delete_cookie(
        cookie_name(settings, name), path=_cookie_path(settings, name), httponly=True,
        samesite="lax", secure=settings.environment == "production",
    )  # fmt: skip


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a panel path only, never another site."""
    if (
        target
        and target.startswith("/panel")
        and not target.startswith(("//", "/panel/login"))
        and "\\" not in target
        and "//" not in target
    ):
        return target
    return "/panel"


async def signed_in_staff(request: Request, session: Session, settings: AppSettings) -> PanelStaff:
    """The signed-in staff member; redirects to the login page without a live session.

    Every unsafe request (POST) must carry the session's CSRF token, whatever the page.
    An account whose password an administrator set is sent to change it, from any page.
    Only the two-factor set-up and signing out depend on this directly; every other
    page uses CurrentStaff.
    """
    token = read_cookie(request, SESSION_COOKIE)
    try:
        principal = await resolve_credential(session, token, CredentialKind.SESSION)
    except NotAuthenticated as error:
        target = str(request.url.path) if request.method in _SAFE_METHODS else None
        raise LoginRequired(target, expired=token is not None) from error
    # Already loaded by resolve_credential: the identity map answers without a query.
    user = await session.get_one(StaffUser, principal.user_id)
    assert principal.csrf_secret is not None  # every panel session has one
    staff = PanelStaff(
        principal,
        normalise_language(user.language),
        csrf_token_for(settings, principal.csrf_secret),
        must_set_up_two_factor=user.must_set_up_two_factor,
        must_change_password=user.password_must_change,
    )
    # render() finds the viewer here, so templates get the navigation and the token.
    request.state.panel_staff = staff
    request.state.csrf_token = staff.csrf_token
    if request.method not in _SAFE_METHODS:
        await _check_csrf(request, staff.csrf_token)
    if staff.must_change_password and request.url.path not in _OPEN_BEFORE_PASSWORD_CHANGE:
        raise PasswordChangeRequired()
    return staff


SignedInStaff = Annotated[PanelStaff, Depends(signed_in_staff)]


async def current_staff(staff: SignedInStaff) -> PanelStaff:
    """The signed-in staff member, once the role's second factor is set up.

    A supervisor or admin without one is sent to set it up and can do nothing else.
    """
    if staff.must_set_up_two_factor:
        raise TwoFactorSetupRequired()
    return staff


CurrentStaff = Annotated[PanelStaff, Depends(current_staff)]


async def password_changing_staff(staff: SignedInStaff) -> PanelStaff:
    """The staff member on the password page: an owed change comes even before two factors
    (someone else knows the password), otherwise the second factor is set up first."""
    if staff.must_set_up_two_factor and not staff.must_change_password:
        raise TwoFactorSetupRequired()
    return staff


PasswordChangingStaff = Annotated[PanelStaff, Depends(password_changing_staff)]


def require_roles(*roles: Role) -> Callable[[PanelStaff], Awaitable[PanelStaff]]:
    """A dependency: the signed-in staff member if their role is one of `roles`, else 403."""
    allowed = frozenset(roles)

    async def staff_in_role(staff: CurrentStaff) -> PanelStaff:
        if staff.role not in allowed:
            raise PageForbidden(staff.role)
        return staff

    return staff_in_role


def _login_cookie_mac(settings: Settings, nonce: str, issued: int) -> str:
    key = settings.secret_key.get_secret_value().encode("utf-8")
    message = f"panel-login-cookie/{nonce}/{issued}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def new_login_cookie(settings: Settings, *, now: float | None = None) -> str:
    """A login cookie as the server issues it: a nonce, the time, and their HMAC."""
    nonce, issued = secrets.token_urlsafe(24), int(now if now is not None else time.time())
    return f"{nonce}.{issued}.{_login_cookie_mac(settings, nonce, issued)}"


def issued_login_cookie(settings: Settings, value: str | None, *, now: float | None = None) -> bool:
    """Whether the value is a login cookie this server issued, and recent enough."""
    nonce, _, rest = (value or "").partition(".")
    issued_text, _, mac = rest.partition(".")
    if not (nonce and issued_text.isdigit() and len(issued_text) <= 12 and mac):
        return False
    issued = int(issued_text)
    age = (now if now is not None else time.time()) - issued
    expected = _login_cookie_mac(settings, nonce, issued)
    return 0 <= age <= LOGIN_FORM_SECONDS and hmac.compare_digest(mac, expected)


def login_csrf(request: Request) -> tuple[str, str | None]:
    """The login form's CSRF token and, unless the browser has a login cookie the server
    issued (and recently), a new one to set; a cookie the client made up is replaced."""
    settings: Settings = request.app.state.settings
    cookie = read_cookie(request, LOGIN_COOKIE)
    fresh = None
    if not issued_login_cookie(settings, cookie):
        cookie = fresh = new_login_cookie(settings)
    assert cookie is not None
    token = csrf_token_for(settings, cookie, "login")
    request.state.csrf_token = token
    return token, fresh


def refuse_cross_site(request: Request) -> None:
    """Refuses a sign-in posted from another site, or another subdomain of this one.

    Browsers say where a request comes from in Sec-Fetch-Site; without it (an older
    browser, a script) the signed token alone decides.
    """
    if request.headers.get("sec-fetch-site", "").lower() in ("cross-site", "same-site"):
        raise CsrfRefused()


async def check_login_csrf(request: Request) -> None:
    """Refuses a login post without a login cookie this server issued and its token."""
    refuse_cross_site(request)
    settings: Settings = request.app.state.settings
    cookie = read_cookie(request, LOGIN_COOKIE)
    if not issued_login_cookie(settings, cookie):
        raise CsrfRefused()
    assert cookie is not None
    await _check_csrf(request, csrf_token_for(settings, cookie, "login"))


async def check_form_token(request: Request, expected: str) -> None:
    """Refuses a post whose CSRF token is not `expected` (the two-factor step's own form)."""
    refuse_cross_site(request)
    await _check_csrf(request, expected)
