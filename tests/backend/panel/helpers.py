"""Helpers of the panel tests: a browser per staff member, CSRF tokens read from the pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.panel.deps import SESSION_COOKIE
from backend.staff.auth import issue_credential
from backend.staff.models import CredentialKind, Role
from tests.backend.api.helpers import make_account

BASE_URL = "http://slrt.test"
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def anonymous_client(
    app: FastAPI, base_url: str = BASE_URL, *, address: str = "127.0.0.1"
) -> httpx.AsyncClient:
    """A browser without a session (at `address`); redirects are not followed, so tests see them."""
    transport = httpx.ASGITransport(app=app, client=(address, 123))
    return httpx.AsyncClient(transport=transport, base_url=base_url)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = _CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


@dataclass
class PanelUser:
    """A staff member signed in to the panel in a browser of their own."""

    client: httpx.AsyncClient
    user_id: int
    role: Role
    email: str
    csrf: str
    facilitator_id: int | None = None

    async def get(self, path: str, **params: Any) -> httpx.Response:
        """GETs a page."""
        return await self.client.get(path, params=params or None)

    async def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True
    ) -> httpx.Response:
        """Posts a form, with this session's CSRF token unless told not to."""
        body = dict(data or {})
        if csrf:
            body.setdefault("csrf_token", self.csrf)
        return await self.client.post(path, data=body)


async def sign_in_to_panel(
    app: FastAPI,
    db: async_sessionmaker[AsyncSession],
    role: Role,
    *,
    facilitator_id: int | None = None,
) -> PanelUser:
    """A new account of `role` with a panel session (issued by the auth service) in its cookie."""
    async with unit_of_work(db) as session:
        facilitator = await session.get(Facilitator, facilitator_id) if facilitator_id else None
        user, linked = await make_account(session, role, facilitator=facilitator)
        issued = await issue_credential(session, user, CredentialKind.SESSION)
    client = anonymous_client(app)
    client.cookies.set(SESSION_COOKIE, issued.token, domain="slrt.test", path="/panel")
    page = await client.get("/panel/password")
    assert page.status_code == 200, page.text
    return PanelUser(client, user.id, role, user.email, csrf_of(page.text), linked)
