"""While PostgreSQL is away every route answers 503 (JSON for the API, a page for the panel);
once it is back everything answers again, with nothing restarted.

The database is reached through a TCP proxy that the test stalls (a hang: no byte
passes, nothing closes) or cuts (reset connections, new ones refused).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from backend.app import create_app
from backend.config import Settings
from backend.staff.models import Role
from tests.backend.api.helpers import PASSWORD, SignedIn, complaint_in, sign_in
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel
from tests.fixtures.tcp_proxy import TcpProxy

# Short, so a hang is answered quickly here; the service's default is DATABASE_TIMEOUT.
TIMEOUT_SECONDS = 1.0


@dataclass
class World:
    """The app behind the proxy, a signed-in API client and panel user, one complaint."""

    app: FastAPI
    proxy: TcpProxy
    client: httpx.AsyncClient
    staff: SignedIn
    panel: PanelUser
    ticket: str


@pytest.fixture
async def world(
    postgres_behind_proxy: tuple[str, TcpProxy], tmp_path: Path, vault
) -> AsyncIterator[World]:
    url, proxy = postgres_behind_proxy
    settings = Settings(
        _env_file=None, database_url=url, files_dir=tmp_path / "files",
        database_timeout=TIMEOUT_SECONDS,
    )  # fmt: skip
    app = create_app(settings)
    sessions = app.state.sessions
    staff = await sign_in(sessions, Role.BACK_OFFICE)
    ticket = await complaint_in(sessions, vault)
    panel = await sign_in_to_panel(app, sessions, Role.BACK_OFFICE)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
        yield World(app, proxy, client, staff, panel, ticket)
    await panel.client.aclose()
    await app.state.engine.dispose()


async def _requests(world: World) -> dict[str, httpx.Response]:
    """One request of each kind a staff member or an integration makes."""
    client, headers, ticket = world.client, world.staff.headers, world.ticket
    return {
        "queue": await client.get("/api/v1/complaints", headers=headers),
        "complaint": await client.get(f"/api/v1/complaints/{ticket}", headers=headers),
        "action": await client.post(
            f"/api/v1/complaints/{ticket}/events",
            headers=headers,
            json={"event": "start_review"},
        ),
        "token": await client.post(
            "/api/v1/auth/token", data={"username": world.staff.email, "password": PASSWORD}
        ),
        "panel": await world.panel.get("/panel"),
        "panel-complaint": await world.panel.get(f"/panel/complaints/{ticket}"),
    }


class TestTheDatabaseAway:
    """A hang and reset connections: 503 everywhere, then 200 everywhere."""

    @pytest.mark.parametrize("outage", ["hang", "cut"])
    async def test_every_route_answers_503_then_works_again(
        self, world: World, outage: str
    ) -> None:
        assert (await world.client.get("/healthz")).status_code == 200
        assert (
            await world.client.get("/api/v1/complaints", headers=world.staff.headers)
        ).is_success

        getattr(world.proxy, outage)()
        answers = await _requests(world)
        health = await world.client.get("/healthz")
        world.proxy.restore()

        for name, answer in answers.items():
            assert answer.status_code == 503, (name, answer.status_code, answer.text[:200])
            assert answer.headers["retry-after"]
            if name.startswith("panel"):
                assert answer.headers["content-type"].startswith("text/html")
                assert "Layanan sementara tidak tersedia" in answer.text
            else:
                assert answer.headers["content-type"] == "application/json"
                assert "basis data" in answer.json()["detail"].lower()
        assert health.status_code == 503

        # Back: nothing restarted, the pool finds its way again.
        async def healthy() -> bool:
            return (await world.client.get("/healthz")).status_code == 200

        await _eventually_async(healthy)
        after = await _requests(world)
        assert {name: answer.status_code for name, answer in after.items()} == {
            "queue": 200, "complaint": 200, "action": 200, "token": 200,
            "panel": 200, "panel-complaint": 200,
        }  # fmt: skip
        assert after["action"].json()["status"] == "in_review"


class TestNotAnOutage:
    """A bug stays a 500: only errors that say the database is away become 503."""

    async def test_a_bug_is_not_taken_for_an_outage(self, tmp_path: Path) -> None:
        from backend.outage import caused_by_outage

        assert not caused_by_outage(KeyError("x"))
        assert not caused_by_outage(FileNotFoundError("attachment"))
        assert caused_by_outage(ConnectionRefusedError())
        try:
            try:
                raise ConnectionResetError("reset")
            except ConnectionResetError:
                raise RuntimeError("while rolling back") from None
        except RuntimeError as error:
            assert caused_by_outage(error)  # the context still says what happened


async def _eventually_async(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.1)
