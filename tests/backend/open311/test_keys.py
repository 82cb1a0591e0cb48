"""Issue 21: writes need an admin-issued API key, shown once, and a revoked key is refused."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.open311.models import Open311ApiKey
from backend.staff.models import Role
from tests.backend.open311.helpers import BASE, IssuedForTest, filing_form, xml_of
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.tables import table_rows

KEY_SHAPE = re.compile(r"o311_[A-Za-z0-9_-]{43}")


class TestWithoutALiveKey:
    """POST requests answers 403 in the specification's error format, and files nothing."""

    @pytest.mark.parametrize("key", [None, "", "o311_not-a-key-we-issued", "x" * 500])
    async def test_missing_or_unknown_keys_are_403_in_json(
        self, client: httpx.AsyncClient, key: str | None
    ) -> None:
        response = await client.post(f"{BASE}/requests.json", data=filing_form(key))
        assert response.status_code == 403
        (error,) = response.json()
        assert error["code"] == 403 and "api_key" in error["description"]

    async def test_a_missing_key_is_403_in_xml(self, client: httpx.AsyncClient) -> None:
        response = await client.post(f"{BASE}/requests.xml", data=filing_form(None))
        assert response.status_code == 403
        root = xml_of(response.content)
        assert root.tag == "errors" and root.findtext("error/code") == "403"

    async def test_a_key_in_the_address_does_not_count(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        # Keys travel in the body: an address is written to every log on the way.
        response = await client.post(
            f"{BASE}/requests.json", params={"api_key": api_key.key},
            data=filing_form(None),
        )  # fmt: skip
        assert response.status_code == 403

    async def test_reading_needs_no_key(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(f"{BASE}/requests.json")).status_code == 200


class TestAnAdminIssuesAndRevokes:
    """The admin page issues a key shown once, lists its use, and revokes it for good."""

    async def test_the_key_is_shown_once_works_and_is_refused_once_revoked(
        self, panel: SignIn, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(Role.ADMIN)
        issued = await admin.post(
            "/panel/admin/open311-keys", {"system_name": "Aplikasi Kelurahan Bubulak"}
        )
        assert issued.status_code == 201
        found = KEY_SHAPE.search(issued.text)
        assert found is not None
        key = found.group(0)

        filed = await client.post(f"{BASE}/requests.json", data=filing_form(key))
        assert filed.status_code == 200, filed.text

        page = await admin.get("/panel/admin/open311-keys")
        assert key not in page.text
        [row] = table_rows(page.text, "open311-keys")
        assert row[0] == "Aplikasi Kelurahan Bubulak"
        assert row[1] == key[:9] + "…"
        async with db() as session:
            stored = await session.scalar(select(Open311ApiKey))
            assert stored is not None and stored.last_used_at is not None
            assert key not in (stored.key_hash, stored.key_prefix)
            key_id = stored.id

        revoked = await admin.post(f"/panel/admin/open311-keys/{key_id}/revoke", {})
        assert revoked.status_code == 303
        refused = await client.post(f"{BASE}/requests.json", data=filing_form(key))
        assert refused.status_code == 403
        page = await admin.get("/panel/admin/open311-keys")
        assert "Dicabut" in table_rows(page.text, "open311-keys")[0][4]
        async with db() as session:
            actions = list(
                await session.scalars(
                    select(AuditRecord.action).where(AuditRecord.action.like("open311.key_%"))
                )
            )
        assert sorted(actions) == ["open311.key_issue", "open311.key_revoke"]

    async def test_a_system_name_too_short_is_refused(self, panel: SignIn) -> None:
        admin = await panel(Role.ADMIN)
        response = await admin.post("/panel/admin/open311-keys", {"system_name": "ab"})
        assert response.status_code == 422
        assert "3 sampai 120" in response.text
        assert KEY_SHAPE.search(response.text) is None

    async def test_revoking_a_key_that_does_not_exist_is_404(self, panel: SignIn) -> None:
        admin = await panel(Role.ADMIN)
        assert (await admin.post("/panel/admin/open311-keys/424242/revoke", {})).status_code == 404
