"""Ids past what a database column holds: the panel answers a page a person can read (4xx).

Before issue 15 such a number reached the database driver and the panel answered 500.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.ids import MAX_ID
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser

HUGE = str(2**64 + 1)
PAST_INTEGER = str(MAX_ID + 1)
T = "/panel/complaints/{ticket}"

# (method, path, form): every panel route that takes an id in its path, query or form.
ROUTES = (
    ("GET", "/panel/admin/users/{n}", None),
    ("POST", "/panel/admin/users/{n}/role", {"role": "supervisor"}),
    ("POST", "/panel/admin/users/{n}/active", {"active": "0"}),
    ("POST", "/panel/admin/users/{n}/unlock", {}),
    ("POST", "/panel/admin/users/{n}/password", {"password_choice": "generate"}),
    ("GET", T + "/attachments/{n}", None),
    ("POST", T + "/assignee", {"assignee_id": "{n}"}),
    ("GET", "/panel?assignee={n}", None),
    ("GET", "/panel/export?assignee={n}", None),
    ("POST", "/panel/proposals/{n}/events", {"event": "verify"}),
    ("GET", "/panel/corrections/{n}", None),
    ("POST", "/panel/corrections/{n}/apply", {}),
    ("POST", "/panel/corrections/{n}/refuse", {"reason": "Data sudah benar."}),
    ("POST", "/panel/facilitators/{n}/invitations", {}),
    ("POST", "/panel/facilitators/{n}/invitations/{n}/revoke", {}),
    ("POST", "/panel/facilitators/{n}/active", {"active": "0"}),
    ("GET", "/panel/admin/registry/imports/{n}", None),
    ("GET", "/panel/admin/registry/imports/{n}/report.csv", None),
)


async def _ask(user: PanelUser, method: str, path: str, form: dict[str, str] | None):  # type: ignore[no-untyped-def]
    if method == "GET":
        return await user.get(path)
    return await user.post(path, form)


@pytest.mark.parametrize("number", [HUGE, PAST_INTEGER])
@pytest.mark.parametrize(("method", "path", "form"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
async def test_a_too_large_id_is_a_page_not_a_server_error(
    panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault,
    method: str, path: str, form: dict[str, str] | None, number: str,
) -> None:  # fmt: skip
    ticket = await complaint_in(db, vault, "start_review")
    admin = await panel(Role.ADMIN)
    filled = {key: value.replace("{n}", number) for key, value in (form or {}).items()}
    response = await _ask(admin, method, path.format(ticket=ticket, n=number), filled or form)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert "Internal Server Error" not in response.text


async def test_a_moved_proposal_too_large_in_the_address_is_ignored(panel: SignIn) -> None:
    admin = await panel(Role.ADMIN)
    response = await admin.get(f"/panel/proposals?notice=proposal-moved&proposal={HUGE}")
    assert response.status_code == 200
