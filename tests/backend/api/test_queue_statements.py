"""GET /api/v1/complaints reads a page in a fixed number of SQL statements, however many rows.

A statement per row (an N+1: a relationship loaded lazily, a name looked up per item)
or per table would show here first. Counted on the engine with before_cursor_execute;
the test's SAVEPOINTs and BEGINs are transaction control, not the request's work.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.backend.api.queue_world import QUEUE, Queue, queue

__all__ = ["queue"]  # the fixture, used by name

_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


class Statements:
    """The statements the database was sent since the last `clear`."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
            self.sent.append(statement)

    async def during(self, request: Any) -> tuple[httpx.Response, int]:
        """The response of an awaited request and how many statements it sent."""
        self.sent.clear()
        response = await request
        assert response.status_code == 200, response.text
        return response, len(self.sent)


@pytest.fixture
def statements(rollback_connection: AsyncConnection) -> Iterator[Statements]:
    """Statements sent on the engine the test's sessions use."""
    counter = Statements()
    engine = rollback_connection.engine.sync_engine
    event.listen(engine, "before_cursor_execute", counter.record)
    yield counter
    event.remove(engine, "before_cursor_execute", counter.record)


def _get(client: httpx.AsyncClient, queue: Queue, **params: Any) -> Any:
    return client.get(QUEUE, params=params, headers=queue.admin.headers)


# sign-in, the account's areas (read on every request, so an administrator's change applies
# at once: backend/staff/areas.py), the page's rows with a deadline, those without, their
# related rows, the counts
BY_DEADLINE = 6
# sign-in, the areas, the page's rows, their related rows, the counts
NEWEST = 5


async def test_a_page_by_deadline_takes_six_statements(
    client: httpx.AsyncClient, queue: Queue, statements: Statements
) -> None:
    response, sent = await statements.during(_get(client, queue))
    assert len(response.json()["items"]) == 5
    assert sent == BY_DEADLINE, statements.sent


async def test_the_count_does_not_grow_with_the_rows(
    client: httpx.AsyncClient, queue: Queue, statements: Statements
) -> None:
    one, sent_for_one = await statements.during(_get(client, queue, sort="newest", limit=1))
    five, sent_for_five = await statements.during(_get(client, queue, sort="newest", limit=5))
    assert (len(one.json()["items"]), len(five.json()["items"])) == (1, 5)
    assert sent_for_one == sent_for_five == NEWEST, statements.sent


async def test_a_category_is_looked_up_once_and_counts_can_be_left_out(
    client: httpx.AsyncClient, queue: Queue, statements: Statements
) -> None:
    _, with_category = await statements.during(_get(client, queue, sort="newest", category="pkh"))
    assert with_category == NEWEST + 1, statements.sent
    response, without_counts = await statements.during(
        _get(client, queue, sort="newest", counts="false")
    )
    assert response.json()["counts"] is None
    assert without_counts == NEWEST - 1, statements.sent


async def test_the_next_page_takes_no_more_than_the_first(
    client: httpx.AsyncClient, queue: Queue, statements: Statements
) -> None:
    first, _ = await statements.during(_get(client, queue, sort="newest", limit=2))
    cursor = first.json()["next_cursor"]
    _, sent = await statements.during(_get(client, queue, sort="newest", limit=2, cursor=cursor))
    assert sent == NEWEST, statements.sent
