"""Every panel page and form for every role: the status each answers, checked cell by cell.

The complaint of each cell was filed by the facilitator the facilitator account
belongs to, so the facilitator's cells test the role, not the visibility.
Without a session every page sends the browser to the login page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db import unit_of_work
from backend.panel import panel_routers
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import REFERRED, complaint_in, sign_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import attach_file, walk_in_form
from tests.fixtures.factories import make_facilitator

FO, BO, SUP, ADM, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
ROLES = (FO, BO, SUP, ADM, FAC)
C = "/panel/complaints/{ticket}"

# page: (method, path, form, events that put the complaint in the state it needs)
PAGES: dict[str, tuple[str, str, dict[str, Any] | None, tuple[Any, ...]]] = {
    "queue": ("GET", "/panel", None, ()),
    "complaint": ("GET", C, None, ()),
    "attachment": ("GET", C + "/attachments/{attachment}", None, ()),
    "show-identity": ("POST", C + "/identity", {}, ()),
    "event": ("POST", C + "/events", {"event": "start_review"}, ()),
    "message": ("POST", C + "/messages", {"text": "Mohon bawa fotokopi KK ke kantor."}, ()),
    "note": ("POST", C + "/notes", {"text": "Sudah ditelepon, tidak diangkat."}, ()),
    "assign": ("POST", C + "/assignee", {"assignee_id": "{worker}"}, ()),
    "take": ("POST", C + "/assignee", {"assignee_id": "me"}, ()),
    "referral-answer": (
        "POST", C + "/referral-answer",
        {"answer": "Sudah dicairkan tahap 4.", "outcome": "resolved", "resolution": "PKH cair."},
        REFERRED,
    ),
    "walk-in": ("GET", "/panel/walk-in", None, ()),
    "walk-in-register": ("POST", "/panel/walk-in", {"walk_in": True}, ()),
    "admin": ("GET", "/panel/admin", None, ()),
    "password": ("GET", "/panel/password", None, ()),
    "language": ("POST", "/panel/language", {"language": "en", "next": "/panel"}, ()),
    "logout": ("POST", "/panel/logout", {}, ()),
}  # fmt: skip

#                      FO   BO   SUP  ADM  FAC
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "queue":            (200, 200, 200, 200, 200),
    "complaint":        (200, 200, 200, 200, 200),
    "attachment":       (200, 200, 200, 200, 200),
    "show-identity":    (200, 200, 200, 200, 403),
    # Front office and facilitators may not start a review: the lifecycle says so (403).
    "event":            (403, 303, 303, 303, 403),
    "message":          (303, 303, 303, 303, 403),
    "note":             (303, 303, 303, 303, 403),
    # Assigning someone else: managers only; back office may take an unassigned one for itself.
    "assign":           (403, 403, 303, 303, 403),
    # An admin is not one who works complaints, so it cannot be given one, even by itself.
    "take":             (403, 303, 303, 422, 403),
    "referral-answer":  (403, 303, 303, 303, 403),
    "walk-in":          (200, 403, 200, 200, 403),
    "walk-in-register": (303, 403, 303, 303, 403),
    "admin":            (403, 403, 403, 200, 403),
    "password":         (200, 200, 200, 200, 200),
    "language":         (303, 303, 303, 303, 303),
    "logout":           (303, 303, 303, 303, 303),
}  # fmt: skip
CELLS = [
    pytest.param(page, role, codes[i], id=f"{page}-{role.value}")
    for page, codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


async def _new_facilitator(db: async_sessionmaker[AsyncSession]) -> int:
    async with unit_of_work(db) as session:
        return (await make_facilitator(session)).id


def _request(page: str, ticket: str, attachment: int, worker: int) -> tuple[str, str, dict | None]:
    method, path, form, _ = PAGES[page]
    if form is not None and form.get("walk_in"):
        form = walk_in_form()
    elif form is not None:
        form = {key: str(worker) if value == "{worker}" else value for key, value in form.items()}
    return method, path.format(ticket=ticket, attachment=attachment), form


async def _world(
    db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings, page: str,
    facilitator_id: int | None,
) -> tuple[str, int, int]:  # fmt: skip
    ticket = await complaint_in(db, vault, *PAGES[page][3], facilitator_id=facilitator_id)
    attachment = await attach_file(db, Path(settings.files_dir), ticket)
    worker = await sign_in(db, BO)
    return ticket, attachment, worker.user_id


class TestEveryRoleOnEveryPage:
    """Each role gets exactly the answer the table says, on every page and form."""

    def test_the_table_covers_every_panel_route(self) -> None:
        routes = {
            (method, route.path)
            for router in panel_routers()
            for route in router.routes
            for method in getattr(route, "methods", set()) - {"HEAD"}
        }
        covered = {
            (method, path.replace("{attachment}", "{attachment_id}"))
            for method, path, _, _ in PAGES.values()
        }
        # Signing in and the password change are checked in test_auth_pages.
        assert routes - covered == {
            ("GET", "/panel/login"),
            ("POST", "/panel/login"),
            ("POST", "/panel/password"),
            ("POST", "/panel"),
        }

    @pytest.mark.parametrize(("page", "role", "expected"), CELLS)
    async def test_the_role_gets_the_expected_status(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings,
        page: str, role: Role, expected: int,
    ) -> None:  # fmt: skip
        facilitator_id = await _new_facilitator(db)
        ticket, attachment, worker = await _world(db, vault, settings, page, facilitator_id)
        user = await panel(role, facilitator_id=facilitator_id)
        method, path, form = _request(page, ticket, attachment, worker)
        if method == "GET":
            response = await user.get(path)
        else:
            response = await user.post(path, form)
        assert response.status_code == expected, response.text[:3000]
        if expected == 403:
            assert "text/html" in response.headers["content-type"]


class TestWithoutASession:
    """Every page and form sends a browser without a session to the login page."""

    @pytest.mark.parametrize("page", list(PAGES))
    async def test_redirects_to_login(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        settings: Settings, page: str,
    ) -> None:  # fmt: skip
        ticket, attachment, worker = await _world(db, vault, settings, page, None)
        method, path, form = _request(page, ticket, attachment, worker)
        response = await client.request(method, path, data=form)
        assert response.status_code == 303
        location = response.headers["location"]
        assert location.startswith("/panel/login")
        if method == "GET" and path != "/panel":
            assert "next=" in location
