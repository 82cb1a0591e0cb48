"""Property: an account limited to areas sees and changes exactly the complaints of its areas.

Over accounts (every office role) x areas (any set of kecamatan and kelurahan codes,
none meaning the whole city) x complaints (in kelurahan of three kecamatan, and in
none) x every read and write path of the panel and the API that names a complaint,
and every list of them (queue, search, counts, export):

- inside its areas an account gets what its role gets (the access tables' answer);
- outside them the complaint is not found (404) and nothing about it changes, or the
  role is refused (403) exactly where it would be refused inside too;
- the lists hold exactly the complaints inside.

One world per test, on the worker's database; each example's changes (the areas
given, whatever a path wrote) are undone before the next, as in the access tables.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import example as hypothesis_example
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api import test_access_table as api_table
from tests.backend.panel import test_access_table as panel_table
from tests.backend.panel.area_world import (
    AREA_CODES,
    OFFICE_ROLES,
    AreaWorld,
    WorldComplaint,
    build_world,
    covers,
    fingerprint,
    give_areas,
    visit_on,
)
from tests.fixtures.table_cells import table_cell

API_PATHS = list(api_table.COMPLAINT_ENDPOINTS)
PANEL_PATHS = [name for name, spec in panel_table.PAGES.items() if "{ticket}" in spec[1]]
EXPORTERS = (Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN)

roles = st.sampled_from(OFFICE_ROLES)
area_sets = st.frozensets(st.sampled_from(AREA_CODES), max_size=3)


def _expected(
    table: dict[str, tuple[int, ...]], order: tuple[Role, ...], path: str, role: Role
) -> int:
    return table[path][order.index(role)]


async def _api_call(
    client: httpx.AsyncClient, world: AreaWorld, role: Role, path: str, c: WorldComplaint
) -> httpx.Response:
    method, template, body, _ = api_table.ENDPOINTS[path]
    if body is not None:
        body = {k: world.worker_id if v == "{worker}" else v for k, v in body.items()}
    url = template.format(ticket=c.ticket)
    return await client.request(method, url, json=body, headers=world.api[role].headers)


async def _panel_call(
    world: AreaWorld, role: Role, path: str, c: WorldComplaint, visit_id: int
) -> httpx.Response:
    method, template, form, _ = panel_table.PAGES[path]
    url = template.format(
        ticket=c.ticket, attachment=c.attachment_id, letter_id=c.letter_id, visit_id=visit_id
    )
    user = world.panel[role]
    if method == "GET":
        return await user.get(url)
    data = {k: str(world.worker_id) if v == "{worker}" else v for k, v in (form or {}).items()}
    return await user.post(url, data)


def _names_a_visit(path: str) -> bool:
    return "{visit_id}" in panel_table.PAGES[path][1]


def _needs_referral(spec: tuple[Any, ...]) -> bool:
    return bool(spec[3])


class _Runner:
    """Runs one example at a time on the test's loop, each inside a cell that is undone."""

    def __init__(self, connection: AsyncConnection, world: AreaWorld) -> None:
        self.connection = connection
        self.world = world
        self.loop = asyncio.get_running_loop()

    def run(self, example: Callable[[], Coroutine[Any, Any, None]]) -> None:
        async def in_a_cell() -> None:
            browsers = list(self.world.panel.values())
            async with table_cell(self.connection):
                cookies = [httpx.Cookies(user.client.cookies) for user in browsers]
                try:
                    await example()
                finally:
                    for user, jar in zip(browsers, cookies, strict=True):
                        user.client.cookies = jar

        asyncio.run_coroutine_threadsafe(in_a_cell(), self.loop).result(120)


@pytest.fixture
async def world(
    app: FastAPI, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
) -> Any:
    """The world of tests/backend/panel/area_world.py on this test's database."""
    built = await build_world(app, db, vault, Path(settings.files_dir))
    yield built
    for user in built.panel.values():
        await user.client.aclose()


def _check_outside(status: int, inside: int, before: tuple, after: tuple, where: str) -> None:
    assert status == 404 or (status == 403 and inside == 403), where
    assert after == before, f"{where}: a complaint outside the areas changed"


Example = Callable[[Role, frozenset[str], WorldComplaint], Coroutine[Any, Any, None]]


# Examples drawn per path besides the three written out below: with some forty paths a
# table of its own, the fast profile's 25 each cost minutes; the thorough profile
# (HYPOTHESIS_PROFILE=thorough) draws its full count.
PER_PATH_EXAMPLES = min(8, settings.default.max_examples)
if settings.get_current_profile_name() == "thorough":
    PER_PATH_EXAMPLES = settings.default.max_examples


def _property(runner: _Runner, complaints: list[WorldComplaint], example: Example) -> Any:
    """The hypothesis test of one path: accounts x areas x complaints, one cell each.

    Every path meets, whatever is drawn, a complaint inside the account's kelurahan, one in
    another kecamatan, and one with no kelurahan under an account limited to areas.
    """

    @settings(max_examples=PER_PATH_EXAMPLES)
    @given(role=roles, areas=area_sets, c=st.sampled_from(complaints))
    def check(role: Role, areas: frozenset[str], c: WorldComplaint) -> None:
        runner.run(lambda: example(role, areas, c))

    placed = next(c for c in complaints if c.kelurahan is not None)
    elsewhere = next(code for code in AREA_CODES if not covers({code}, placed.kelurahan))
    written = [
        (Role.BACK_OFFICE, frozenset({placed.kelurahan}), placed),
        (Role.SUPERVISOR, frozenset({elsewhere}), placed),
    ]
    if unplaced := next((c for c in complaints if c.kelurahan is None), None):
        written.append((Role.ADMIN, frozenset({placed.kelurahan}), unplaced))
    for role, areas, c in written:
        check = hypothesis_example(role=role, areas=areas, c=c)(check)
    return check


class TestEveryPathFollowsTheAreas:
    """Each path that names a complaint: the role's answer inside, not found outside."""

    async def test_api_paths(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession],
        rollback_connection: AsyncConnection, world: AreaWorld, subtests: pytest.Subtests,
    ) -> None:  # fmt: skip
        runner = _Runner(rollback_connection, world)
        for path in API_PATHS:

            async def example(
                role: Role, areas: frozenset[str], c: WorldComplaint, path: str = path
            ) -> None:
                await give_areas(db, world.api[role].user_id, areas)
                inside = _expected(api_table.EXPECTED, api_table.ROLES, path, role)
                outside = not covers(areas, c.kelurahan)
                before = await fingerprint(db, c.complaint_id) if outside else ()
                response = await _api_call(client, world, role, path, c)
                where = f"{path} {role.value} {sorted(areas)} {c.kelurahan}"
                if not outside:
                    assert response.status_code == inside, f"{where}: {response.text}"
                    return
                after = await fingerprint(db, c.complaint_id)
                _check_outside(response.status_code, inside, before, after, where)
                if response.status_code == 404:
                    assert c.ticket in response.json()["detail"]

            complaints = world.of_state(_needs_referral(api_table.ENDPOINTS[path]))
            with subtests.test(path=path):
                await asyncio.to_thread(_property(runner, complaints, example))

    async def test_panel_paths(
        self, db: async_sessionmaker[AsyncSession], rollback_connection: AsyncConnection,
        world: AreaWorld, subtests: pytest.Subtests,
    ) -> None:  # fmt: skip
        runner = _Runner(rollback_connection, world)
        for path in PANEL_PATHS:

            async def example(
                role: Role, areas: frozenset[str], c: WorldComplaint, path: str = path
            ) -> None:
                await give_areas(db, world.panel[role].user_id, areas)
                inside = _expected(panel_table.EXPECTED, panel_table.ROLES, path, role)
                outside = not covers(areas, c.kelurahan)
                # A path of a home visit needs one open on the complaint (undone with the cell).
                visit_id = await visit_on(db, c, world.worker_id) if _names_a_visit(path) else 0
                before = await fingerprint(db, c.complaint_id) if outside else ()
                response = await _panel_call(world, role, path, c, visit_id)
                where = f"{path} {role.value} {sorted(areas)} {c.kelurahan}"
                if not outside:
                    assert response.status_code == inside, f"{where}: {response.text[:2000]}"
                    return
                after = await fingerprint(db, c.complaint_id)
                _check_outside(response.status_code, inside, before, after, where)

            complaints = world.of_state(_needs_referral(panel_table.PAGES[path]))
            if _names_a_visit(path) or path == "visit-request":
                # A complaint without a kelurahan can have no home visit (nobody to send).
                complaints = [c for c in complaints if c.kelurahan is not None]
            with subtests.test(path=path):
                await asyncio.to_thread(_property(runner, complaints, example))


def _listed(world: AreaWorld, text: str, link: str) -> set[str]:
    return {c.ticket for c in world.complaints if link.format(ticket=c.ticket) in text}


def _inside(world: AreaWorld, areas: frozenset[str]) -> set[str]:
    return {c.ticket for c in world.complaints if covers(areas, c.kelurahan)}


class TestEveryListFollowsTheAreas:
    """The queue, its counts, search and export hold exactly the complaints inside."""

    async def test_lists(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession],
        rollback_connection: AsyncConnection, world: AreaWorld,
    ) -> None:  # fmt: skip
        runner = _Runner(rollback_connection, world)

        @given(role=roles, areas=area_sets, c=st.sampled_from(world.complaints))
        def check(role: Role, areas: frozenset[str], c: WorldComplaint) -> None:
            async def example() -> None:
                await give_areas(db, world.api[role].user_id, areas)
                await give_areas(db, world.panel[role].user_id, areas)
                inside = _inside(world, areas)
                headers = world.api[role].headers
                # The API's queue and its counts per status (few rows: exact, never capped).
                queue = await client.get(
                    "/api/v1/complaints", params={"limit": 200}, headers=headers
                )
                assert queue.status_code == 200, queue.text
                listed = {item["ticket"] for item in queue.json()["items"]}
                assert listed & {x.ticket for x in world.complaints} == inside
                assert sum(count["count"] for count in queue.json()["counts"]) == len(inside)
                # Search by ticket, in the API and the panel.
                found = await client.post(
                    "/api/v1/complaints/search", json={"q": c.ticket}, headers=headers
                )
                tickets = {item["ticket"] for item in found.json()["items"]}
                assert tickets == ({c.ticket} & inside)
                user = world.panel[role]
                page = await user.get("/panel")
                assert _listed(world, page.text, 'href="/panel/complaints/{ticket}"') == inside
                searched = await user.post("/panel", {"q": c.ticket})
                hits = _listed(world, searched.text, 'href="/panel/complaints/{ticket}"')
                assert hits == ({c.ticket} & inside)
                if role in EXPORTERS:
                    export = await user.get("/panel/export.csv")
                    assert export.status_code == 200
                    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
                    exported = {row[0] for row in rows[1:]}
                    assert exported & {x.ticket for x in world.complaints} == inside

            runner.run(example)

        await asyncio.to_thread(check)
