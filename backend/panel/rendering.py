"""Rendering panel pages: one Jinja2 environment (autoescape on) and one render() helper.

Every page extends base.html, which draws the navigation of the viewer's role,
the language switch and the sign-out form; render() supplies what it needs, so
a page's route passes only its own data.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from backend.panel.i18n import normalise_language, texts_for
from backend.panel.nav import navigation_for

LANGUAGE_COOKIE = "slrt_panel_lang"
# What panel pages and downloads add to the headers every response carries
# (Content-Security-Policy, no framing, nosniff: backend/security/headers.py).
# They carry personal data: no shared cache and no browser cache keeps a copy.
SECURITY_HEADERS = {"Cache-Control": "no-store"}


@cache
def environment() -> Environment:
    """The panel's template environment; user text is always escaped."""
    folder = resources.files("backend.panel").joinpath("templates")
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["query"] = query_string
    env.filters["pairs"] = form_pairs
    return env


def form_pairs(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, value) pairs of values and lists of values; empty ones left out, True as 1."""
    pairs = []
    for key, value in params.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if item is True:
                pairs.append((key, "1"))
            elif item not in (None, "", False):
                pairs.append((key, str(item)))
    return pairs


def query_string(params: Mapping[str, Any]) -> str:
    """A URL query of the pairs of form_pairs()."""
    return urlencode(form_pairs(params))


def page_language(request: Request) -> str:
    """The viewer's language: their account's, or the cookie's before sign-in."""
    staff = getattr(request.state, "panel_staff", None)
    if staff is not None:
        return staff.language
    if chosen := getattr(request.state, "language", None):
        return normalise_language(chosen)
    return normalise_language(request.cookies.get(LANGUAGE_COOKIE))


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Renders a panel page with the viewer, navigation, texts and CSRF token filled in."""
    staff = getattr(request.state, "panel_staff", None)
    language = page_language(request)
    page = {
        "request": request,
        "staff": staff,
        "lang": language,
        "t": texts_for(language),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "nav": navigation_for(staff.role if staff else None, request.url.path),
        "path": request.url.path,
        **(context or {}),
    }
    html = environment().get_template(template).render(page)
    return HTMLResponse(
        html, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})}
    )
