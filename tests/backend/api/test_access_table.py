"""Every API endpoint for every role: the status each one answers, checked cell by cell.

The complaint of each cell was filed by the facilitator the facilitator account
belongs to, so the facilitator's cells test the role, not the visibility; the
second table checks that another facilitator's complaint is not found at all.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import REFERRED, complaint_in, sign_in
from tests.fixtures.factories import make_facilitator
from tests.fixtures.table_cells import table_cell

FO, BO, SUP, ADM, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
C = "/api/v1/complaints/{ticket}"

# endpoint: (method, path, body, events that put the complaint in the state it needs)
ENDPOINTS: dict[str, tuple[str, str, dict[str, Any] | None, tuple[Any, ...]]] = {
    "me": ("GET", "/api/v1/auth/me", None, ()),
    "logout": ("POST", "/api/v1/auth/logout", None, ()),
    "queue": ("GET", "/api/v1/complaints", None, ()),
    "search": ("POST", "/api/v1/complaints/search", {"status": ["received"]}, ()),
    "complaint": ("GET", C, None, ()),
    "nik": ("GET", C + "/nik", None, ()),
    "event": ("POST", C + "/events", {"event": "start_review"}, ()),
    "message": ("POST", C + "/messages", {"text": "Mohon bawa fotokopi KK ke kantor."}, ()),
    "note": ("POST", C + "/notes", {"text": "Sudah ditelepon, tidak diangkat."}, ()),
    "assign": ("POST", C + "/assignee", {"assignee_id": "{worker}"}, ()),
    "referral-answer": (
        "POST", C + "/referral-answer",
        {"answer": "Sudah dicairkan tahap 4.", "outcome": "resolved", "resolution": "PKH cair."},
        REFERRED,
    ),
    "registry-check": ("POST", C + "/registry-check", None, ()),
    # The letter carries the NIK where the program needs it: the roles that may see one.
    "referral-letter": ("GET", C + "/referral-letter", None, REFERRED),
    # The IKM report: the dashboard's roles (backend/complaints/stats.py STATS_READERS).
    "ikm": ("GET", "/api/v1/reports/ikm?from=2026-12-01&to=2026-12-31", None, ()),
}  # fmt: skip

#                     FO   BO   SUP  ADM  FAC
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "me":              (200, 200, 200, 200, 200),
    "logout":          (204, 204, 204, 204, 204),
    "queue":           (200, 200, 200, 200, 200),
    "search":          (200, 200, 200, 200, 200),
    "complaint":       (200, 200, 200, 200, 200),
    "nik":             (200, 200, 200, 200, 403),
    "event":           (403, 200, 200, 200, 403),
    "message":         (201, 201, 201, 201, 403),
    "note":            (201, 201, 201, 201, 403),
    # Assigning someone else: managers only (back office may only take it for themselves).
    "assign":          (403, 403, 200, 200, 403),
    "referral-answer": (403, 200, 200, 200, 403),
    "registry-check":  (200, 200, 200, 200, 403),
    "referral-letter": (200, 200, 200, 200, 403),
    "ikm":             (403, 200, 200, 200, 403),
}  # fmt: skip
ROLES = (FO, BO, SUP, ADM, FAC)
COMPLAINT_ENDPOINTS = [name for name, spec in ENDPOINTS.items() if "{ticket}" in spec[1]]


async def _new_facilitator(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with unit_of_work(sessions) as session:
        return (await make_facilitator(session)).id


async def _call(
    client: httpx.AsyncClient, endpoint: str, ticket: str, headers: dict[str, str], worker: int
) -> httpx.Response:
    method, path, body, _ = ENDPOINTS[endpoint]
    if body is not None:
        body = {k: worker if v == "{worker}" else v for k, v in body.items()}
    return await client.request(method, path.format(ticket=ticket), json=body, headers=headers)


class TestEveryRoleOnEveryEndpoint:
    """Each role gets exactly the answer the table says, on every endpoint."""

    def test_the_table_covers_every_api_route(self, app: Any) -> None:
        routes = {
            (method.upper(), path)
            for path, operations in app.openapi()["paths"].items()
            if path.startswith("/api/v1/") and path != "/api/v1/auth/token"
            for method in operations
        }
        covered = {(method, path.partition("?")[0]) for method, path, _, _ in ENDPOINTS.values()}
        # The password change is checked in test_auth_api (it ends the caller's tokens).
        assert routes - covered == {("POST", "/api/v1/auth/password")}

    @pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
    async def test_the_role_gets_the_expected_status_at_every_endpoint(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        rollback_connection: AsyncConnection, subtests: pytest.Subtests, role: Role,
    ) -> None:  # fmt: skip
        facilitator_id = await _new_facilitator(db)
        caller = await sign_in(db, role, facilitator_id=facilitator_id)
        worker = await sign_in(db, BO)
        # One complaint per state, built before the cells: each cell's savepoint undoes what
        # its request did, so every cell still finds its complaint as built.
        tickets = {
            events: await complaint_in(db, vault, *events, facilitator_id=facilitator_id)
            for events in dict.fromkeys(spec[3] for spec in ENDPOINTS.values())
        }
        for endpoint, codes in EXPECTED.items():
            expected = codes[ROLES.index(role)]
            with subtests.test(endpoint=endpoint, role=role.value, expected=expected):
                async with table_cell(rollback_connection):
                    ticket = tickets[ENDPOINTS[endpoint][3]]
                    response = await _call(client, endpoint, ticket, caller.headers, worker.user_id)
                    assert response.status_code == expected, response.text
                    if expected == 403:
                        assert role.value in response.json()["detail"]


class TestAnotherFacilitatorsComplaint:
    """A facilitator asking for a complaint filed by another facilitator finds nothing."""

    @pytest.mark.parametrize("endpoint", COMPLAINT_ENDPOINTS)
    async def test_is_not_found(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        endpoint: str,
    ) -> None:  # fmt: skip
        ticket = await complaint_in(
            db, vault, *ENDPOINTS[endpoint][3], facilitator_id=await _new_facilitator(db)
        )
        other = await sign_in(db, FAC)
        worker = await sign_in(db, BO)
        response = await _call(client, endpoint, ticket, other.headers, worker.user_id)
        assert response.status_code == 404, response.text
        assert ticket in response.json()["detail"]


class TestWithoutAToken:
    """Every endpoint but sign-in answers 401 with a Bearer challenge when no token comes."""

    @pytest.mark.parametrize("endpoint", [*list(ENDPOINTS), "password"])
    async def test_answers_401_with_www_authenticate(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        endpoint: str,
    ) -> None:  # fmt: skip
        ticket = await complaint_in(db, vault)
        if endpoint == "password":
            response = await client.post(
                "/api/v1/auth/password", json={"old_password": "a", "new_password": "b" * 12}
            )
        else:
            response = await _call(client, endpoint, ticket, {}, 1)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"detail": "Sign in first: no token was sent"}
