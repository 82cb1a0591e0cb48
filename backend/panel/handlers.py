"""Pages for the requests the panel cannot answer as asked: sign in, 403, 404, refused forms.

The REST API answers errors as JSON; under /panel the same errors become pages a
person can act on. The API's handlers stay in charge of every other path.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from backend.errors import DomainError
from backend.panel.errors import (
    CsrfRefused,
    LoginRequired,
    PageForbidden,
    PageNotFound,
    PasswordChangeRequired,
    TwoFactorSetupRequired,
)
from backend.panel.i18n import texts_for
from backend.panel.problems import describe
from backend.panel.rendering import page_language, render

Handler = Callable[[Request, Exception], Awaitable[Response]]
# A handler registered before the panel's, as Starlette keeps them: sync or async.
AnyHandler = Callable[[Request, Any], Response | Awaitable[Response]]


def error_page(
    request: Request, status_code: int, title: str, message: str, detail: str | None = None
) -> Response:
    """The error page: what happened and what to do next."""
    context = {"title": title, "message": message, "detail": detail, "status_code": status_code}
    return render(request, "error.html", context, status_code=status_code)


def _in_panel(request: Request) -> bool:
    return request.url.path == "/panel" or request.url.path.startswith("/panel/")


async def _login_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, LoginRequired)
    query = {"next": error.next_path} if error.next_path and error.next_path != "/panel" else {}
    if error.expired:
        query["notice"] = "session-ended"
    target = "/panel/login" + (f"?{urlencode(query)}" if query else "")
    return RedirectResponse(target, status_code=303)


async def _two_factor_setup(request: Request, error: Exception) -> Response:
    return RedirectResponse("/panel/two-factor", status_code=303)


async def _password_change(request: Request, error: Exception) -> Response:
    return RedirectResponse("/panel/password", status_code=303)


async def _forbidden(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageForbidden)
    t = texts_for(page_language(request))
    role = t.label("role", error.role)
    return error_page(request, 403, t("error-403-title"), t("error-403-role", role=role))


async def _csrf(request: Request, error: Exception) -> Response:
    t = texts_for(page_language(request))
    return error_page(request, 403, t("error-csrf-title"), t("error-csrf"))


async def _not_found(request: Request, error: Exception) -> Response:
    t = texts_for(page_language(request))
    return error_page(request, 404, t("error-404-title"), t("error-404"), str(error) or None)


def _panel_or(previous: AnyHandler | None, panel: Handler) -> Handler:
    async def dispatch(request: Request, error: Exception) -> Response:
        if _in_panel(request) or previous is None:
            return await panel(request, error)
        answer = previous(request, error)
        return await answer if inspect.isawaitable(answer) else answer

    return dispatch


async def _domain_error(request: Request, error: Exception) -> Response:
    t = texts_for(page_language(request))
    problem = describe(error, t)
    return error_page(
        request, problem.status_code, t("error-title"), problem.message, problem.detail
    )


async def _invalid_request(request: Request, error: Exception) -> Response:
    t = texts_for(page_language(request))
    return error_page(request, 422, t("error-title"), t("problem-invalid"), str(error)[:500])


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    t = texts_for(page_language(request))
    if error.status_code == 404:
        return error_page(request, 404, t("error-404-title"), t("error-404"))
    return error_page(
        request, error.status_code, t("error-title"), t("problem-other"), str(error.detail)
    )


def install_handlers(app: FastAPI) -> None:
    """Registers the panel's pages for errors; other paths keep the handlers they had."""
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(TwoFactorSetupRequired, _two_factor_setup)
    app.add_exception_handler(PasswordChangeRequired, _password_change)
    app.add_exception_handler(PageForbidden, _forbidden)
    app.add_exception_handler(CsrfRefused, _csrf)
    app.add_exception_handler(PageNotFound, _not_found)
    for error_class, panel_handler in (
        (DomainError, _domain_error),
        (StaleDataError, _domain_error),
        (RequestValidationError, _invalid_request),
        (HTTPException, _http_error),
    ):
        previous = app.exception_handlers.get(error_class)
        app.add_exception_handler(error_class, _panel_or(previous, panel_handler))
