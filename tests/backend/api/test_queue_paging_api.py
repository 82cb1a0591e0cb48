"""GET /api/v1/complaints: refused queries and keyset paging of the staff queue."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from tests.backend.api.helpers import complaint_in
from tests.backend.api.queue_world import Queue, queue
from tests.backend.api.queue_world import get_queue as _get

__all__ = ["queue"]  # the fixture, used by name


class TestInvalidQueries:
    """A query that cannot be answered says what to change (422)."""

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"category": "pkhh"}, "Unknown category 'pkhh'; use one of: "),
            ({"kecamatan": "32.71.99"}, "Unknown kecamatan code '32.71.99'"),
            ({"kelurahan": "32.71.04.9999"}, "Unknown kelurahan code '32.71.04.9999'"),
            (
                {"cursor": "not-a-cursor"},
                "The cursor is not valid: start again from the first page",
            ),
            ({"q": "xy"}, "Type at least 3 characters to search by name"),
            (
                {"created_from": "2026-11-02", "created_to": "2026-11-01"},
                "created_from is after created_to",
            ),
        ],
        ids=["category", "kecamatan", "kelurahan", "cursor", "short-search", "date-range"],
    )
    async def test_domain_refusals_name_the_problem(
        self, client: httpx.AsyncClient, queue: Queue, params: dict[str, str], message: str
    ) -> None:
        response = await _get(client, queue.admin, **params)
        assert response.status_code == 422
        assert response.json()["detail"].startswith(message)

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"status": "open"}, "status.0: Input should be 'pending_approval', "),
            ({"limit": "500"}, "limit: Input should be less than or equal to 200"),
            ({"assignee": "someone"}, "assignee: String should match pattern"),
            ({"statsu": "received"}, "statsu is not a known field; check its spelling"),
        ],
        ids=["status", "limit", "assignee", "unknown-parameter"],
    )
    async def test_parameter_errors_keep_the_list_with_readable_messages(
        self, client: httpx.AsyncClient, queue: Queue, params: dict[str, str], message: str
    ) -> None:
        response = await _get(client, queue.admin, **params)
        assert response.status_code == 422
        assert response.json()["detail"][0]["msg"].startswith(message)

    async def test_a_cursor_of_the_other_sort_is_refused(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        cursor = (await _get(client, queue.admin, limit=1)).json()["next_cursor"]
        response = await _get(client, queue.admin, sort="newest", cursor=cursor)
        assert response.status_code == 422
        assert "belongs to the sort 'due'" in response.json()["detail"]


class TestKeysetPaging:
    """Following next_cursor walks the whole queue once, even while complaints are filed."""

    @pytest.mark.parametrize("sort", ["due", "newest"])
    async def test_every_row_once_while_rows_are_inserted(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        queue: Queue, sort: str,
    ) -> None:  # fmt: skip
        for _ in range(7):
            await complaint_in(db, vault, *(["start_review"] if _ % 2 else []))
        before = {
            item["ticket"] for item in (await _get(client, queue.admin, limit=200)).json()["items"]
        }
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 3, "sort": sort, "counts": "false"}
            if cursor:
                params["cursor"] = cursor
            page = (await _get(client, queue.admin, **params)).json()
            seen.extend(item["ticket"] for item in page["items"])
            # Someone files a complaint between two pages.
            await complaint_in(db, vault)
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)), "a row came twice"
        assert before <= set(seen), "a row that existed all along was skipped"

    async def test_a_page_holds_at_most_limit_rows(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        first = (await _get(client, queue.admin, limit=2)).json()
        second = (await _get(client, queue.admin, limit=2, cursor=first["next_cursor"])).json()
        third = (await _get(client, queue.admin, limit=2, cursor=second["next_cursor"])).json()
        by_ticket = {ticket: name for name, ticket in queue.tickets.items()}
        names = [[by_ticket[item["ticket"]] for item in p["items"]] for p in (first, second, third)]
        assert names == [["ani", "dedi"], ["budi", "citra"], ["euis"]]
        assert third["next_cursor"] is None
