"""What every panel page depends on: the signed-in staff member, role checks and CSRF.

The panel's session is a server-side credential (backend.staff.auth) whose
random token sits in an HTTP-only cookie. Every form carries a CSRF token, an
HMAC of the session's CSRF secret under SECRET_KEY, and every POST is refused
without it: a page of another site cannot read the token, so it cannot forge a
form. Before sign-in the login form is protected the same way by a random
cookie of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from backend.actors import Actor
from backend.api.deps import AppSettings, DataVault, Session, client_ip
from backend.config import Settings
from backend.panel.errors import CsrfRefused, LoginRequired, PageForbidden
from backend.panel.i18n import normalise_language
from backend.signin.principal import Principal, resolve_credential
from backend.staff.auth import NotAuthenticated
from backend.staff.models import CredentialKind, Role, StaffUser

__all__ = [
    "AppSettings", "CurrentStaff", "DataVault", "PanelStaff", "Session", "client_ip",
    "form_values", "require_roles",
]  # fmt: skip

SESSION_COOKIE = "slrt_panel"
LOGIN_COOKIE = "slrt_panel_login"
CSRF_FIELD = "csrf_token"
COOKIE_PATH = "/panel"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class PanelStaff:
    """The staff member behind a panel request, their language and their forms' CSRF token."""

    principal: Principal
    language: str
    csrf_token: str

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


def set_cookie(response: Response, settings: Settings, name: str, value: str) -> None:
    """Sets a panel cookie: HTTP-only, same-site lax, secure in production, for /panel only."""
    response.set_cookie(
        name, value, path=COOKIE_PATH, httponly=True, samesite="lax",
        secure=settings.environment == "production",
    )  # fmt: skip


def clear_cookie(response: Response, settings: Settings, name: str) -> None:
    """Removes a panel cookie."""
    response.delete_cookie(
        name, path=COOKIE_PATH, httponly=True, samesite="lax",
        secure=settings.environment == "production",
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


async def current_staff(request: Request, session: Session, settings: AppSettings) -> PanelStaff:
    """The signed-in staff member; redirects to the login page without a live session.

    Every unsafe request (POST) must carry the session's CSRF token, whatever the page.
    """
    try:
        principal = await resolve_credential(
            session, request.cookies.get(SESSION_COOKIE), CredentialKind.SESSION
        )
    except NotAuthenticated as error:
        target = str(request.url.path) if request.method in _SAFE_METHODS else None
        raise LoginRequired(
            target, expired=request.cookies.get(SESSION_COOKIE) is not None
        ) from error
    # Already loaded by resolve_credential: the identity map answers without a query.
    user = await session.get_one(StaffUser, principal.user_id)
    assert principal.csrf_secret is not None  # every panel session has one
    staff = PanelStaff(
        principal,
        normalise_language(user.language),
        csrf_token_for(settings, principal.csrf_secret),
    )
    # render() finds the viewer here, so templates get the navigation and the token.
    request.state.panel_staff = staff
    request.state.csrf_token = staff.csrf_token
    if request.method not in _SAFE_METHODS:
        await _check_csrf(request, staff.csrf_token)
    return staff


CurrentStaff = Annotated[PanelStaff, Depends(current_staff)]


def require_roles(*roles: Role) -> Callable[[PanelStaff], Awaitable[PanelStaff]]:
    """A dependency: the signed-in staff member if their role is one of `roles`, else 403."""
    allowed = frozenset(roles)

    async def staff_in_role(staff: CurrentStaff) -> PanelStaff:
        if staff.role not in allowed:
            raise PageForbidden(staff.role)
        return staff

    return staff_in_role


def login_csrf(request: Request) -> tuple[str, str | None]:
    """The login form's CSRF token and, when the browser has no login cookie yet, a new one."""
    settings: Settings = request.app.state.settings
    cookie = request.cookies.get(LOGIN_COOKIE)
    fresh = None
    if not cookie or len(cookie) > 64:
        cookie = fresh = secrets.token_urlsafe(32)
    token = csrf_token_for(settings, cookie, "login")
    request.state.csrf_token = token
    return token, fresh


async def check_login_csrf(request: Request) -> None:
    """Refuses a login post whose token does not match the browser's login cookie."""
    settings: Settings = request.app.state.settings
    cookie = request.cookies.get(LOGIN_COOKIE)
    if not cookie:
        raise CsrfRefused()
    await _check_csrf(request, csrf_token_for(settings, cookie, "login"))
