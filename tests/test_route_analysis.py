"""The shortcut of tests/fixtures/route_analysis.py holds: applications share what they should."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastapi.routing
import httpx
from fastapi import FastAPI

from backend.app import create_app
from backend.config import Settings
from tests.fixtures import route_analysis


def _analysed(app: FastAPI, path: str) -> list[Any]:
    """The analysed routes of `path` in the application (after its first request)."""
    found = []
    for route in app.router.routes:
        if isinstance(route, fastapi.routing._IncludedRouter):
            found += [c for c in route.effective_candidates() if getattr(c, "path", None) == path]
    return found


async def _first_request(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/panel/login")).status_code == 200


def _app(tmp_path: Path, name: str) -> FastAPI:
    url = f"sqlite+aiosqlite:///{tmp_path / name}.db"
    return create_app(Settings(database_url=url, files_dir=tmp_path / name, _env_file=None))


class TestRouteAnalysisSharedBetweenApplications:
    """Module-level routes are analysed once; routes built per application are not shared."""

    def test_it_is_installed(self) -> None:
        # Fails when a FastAPI upgrade moved the internals: see the module's docstring.
        assert route_analysis.is_installed()

    async def test_a_panel_route_is_shared_and_a_web_chat_route_is_not(
        self, tmp_path: Path
    ) -> None:
        first, second = _app(tmp_path, "first"), _app(tmp_path, "second")
        for app in (first, second):
            await _first_request(app)
        panel = [_analysed(app, "/panel/login") for app in (first, second)]
        assert panel[0] and [id(c) for c in panel[0]] == [id(c) for c in panel[1]]
        chat = [_analysed(app, "/chat/api/events") for app in (first, second)]
        assert chat[0] and chat[1] and chat[0][0] is not chat[1][0]
        for app in (first, second):
            await app.state.engine.dispose()
