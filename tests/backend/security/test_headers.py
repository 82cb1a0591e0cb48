"""Every response carries the security headers: pages, APIs, errors, static files, crashes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from backend.app import create_app
from backend.config import Settings
from backend.security.passwords import FAST_HASHES_FOR_TESTS_VARIABLE
from backend.staff.models import Role
from tests.backend.api.helpers import sign_in
from tests.backend.panel.helpers import sign_in_to_panel

Sessions = async_sessionmaker[AsyncSession]


def assert_protected(response: httpx.Response) -> None:
    """The headers every response of the service must carry, strict policy included."""
    where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, where
    assert "frame-ancestors 'none'" in policy, where
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in ("same-origin", "no-referrer"), where


@pytest.fixture
async def app(settings: Settings, sessions: Sessions) -> AsyncIterator[FastAPI]:
    """The whole service on this test's sessions (lifespan not run)."""
    application = create_app(settings, sessions)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the service that sees a crash as the 500 a browser would get."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
        yield client


class TestEveryResponse:
    """The web chat, the panel, the REST API, their errors and static files: all protected."""

    async def test_the_web_chat_page_and_its_api(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/chat")
        assert page.status_code == 200
        assert_protected(page)
        messages = await client.get("/chat/api/messages")
        assert messages.status_code == 200
        assert_protected(messages)
        malformed = await client.post(
            "/chat/api/events", content=b"{", headers={"content-type": "application/json"}
        )
        assert malformed.status_code == 400
        assert_protected(malformed)

    async def test_the_panel(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        login = await client.get("/panel/login")
        assert login.status_code == 200
        assert_protected(login)
        to_login = await client.get("/panel")
        assert to_login.status_code == 303
        assert_protected(to_login)
        staff = await sign_in_to_panel(app, app.state.sessions, Role.BACK_OFFICE)
        try:
            queue = await staff.get("/panel")
        finally:
            await staff.client.aclose()
        assert queue.status_code == 200
        assert_protected(queue)
        # Pages with personal data are still kept out of every cache.
        assert queue.headers["cache-control"] == "no-store"

    async def test_the_rest_api(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        caller = await sign_in(app.state.sessions, Role.BACK_OFFICE)
        listed = await client.get("/api/v1/complaints", headers=caller.headers)
        assert listed.status_code == 200
        assert_protected(listed)
        assert_protected(await client.get("/healthz"))

    @pytest.mark.parametrize(
        ("method", "path", "status"),
        [
            pytest.param("GET", "/no/such/page", 404, id="404"),
            pytest.param("GET", "/api/v1/complaints", 401, id="401 without a token"),
            pytest.param("POST", "/api/v1/auth/token", 422, id="422 of the api"),
            pytest.param("GET", "/api/v1/complaints?q=3271046501900001", 400, id="address guard"),
            pytest.param("GET", "/panel?q=3271046501900001", 400, id="address guard, panel"),
            pytest.param("GET", "/", 303, id="redirect"),
        ],
    )
    async def test_errors_and_redirects(
        self, client: httpx.AsyncClient, method: str, path: str, status: int
    ) -> None:
        response = await client.request(method, path)
        assert response.status_code == status
        assert_protected(response)

    @pytest.mark.parametrize("path", ["/chat/static/chat.js", "/panel/static/panel.css"])
    async def test_static_files(self, client: httpx.AsyncClient, path: str) -> None:
        response = await client.get(path)
        assert response.status_code == 200
        assert_protected(response)

    async def test_a_crash(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        async def crash() -> None:
            raise RuntimeError("a bug")

        app.add_api_route("/crash-for-test", crash)
        response = await client.get("/crash-for-test")
        assert response.status_code == 500
        assert_protected(response)


class TestHsts:
    """In production browsers are told to use HTTPS only (HSTS), on every response; not before."""

    @pytest.fixture
    async def production_client(
        self, test_database_url: str, sessions: Sessions, tmp_path: Path, monkeypatch
    ) -> AsyncIterator[httpx.AsyncClient]:
        monkeypatch.delenv(FAST_HASHES_FOR_TESTS_VARIABLE)  # refused in production
        settings = Settings(
            environment="production", database_url=test_database_url,
            files_dir=tmp_path / "files", _env_file=None,
        )  # fmt: skip
        application = create_app(settings, sessions)
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://slrt.test") as client:
            yield client
        await application.state.engine.dispose()

    @pytest.mark.parametrize(
        "path", ["/chat", "/panel/login", "/healthz", "/no/such/page", "/chat/static/chat.js"]
    )
    async def test_hsts_for_a_year(self, production_client: httpx.AsyncClient, path: str) -> None:
        response = await production_client.get(path)
        hsts = response.headers.get("strict-transport-security", "")
        assert hsts.startswith("max-age="), path
        assert int(hsts.split(";")[0].removeprefix("max-age=")) >= 365 * 24 * 3600
        assert_protected(response)

    async def test_only_in_production(
        self, production_client: httpx.AsyncClient, client: httpx.AsyncClient
    ) -> None:
        # Over a developer's plain http://127.0.0.1 it would only make browsers refuse
        # the next visit.
        assert "strict-transport-security" in (await production_client.get("/chat")).headers
        assert "strict-transport-security" not in (await client.get("/chat")).headers


class TestOwnPolicy:
    """A response with a stricter policy of its own (an attachment) keeps it; framing stays refused."""

    async def test_keeps_its_own_policy_and_gains_frame_ancestors(self) -> None:
        from backend.security.headers import SecurityHeaders

        async def attachment(request: Request) -> PlainTextResponse:
            policy = "default-src 'none'; img-src 'self'; sandbox"
            return PlainTextResponse("x", headers={"Content-Security-Policy": policy})

        inner = Starlette(routes=[Route("/file", attachment)])
        app = SecurityHeaders(inner, production=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/file")
        policy = response.headers["content-security-policy"]
        assert policy.startswith("default-src 'none'; img-src 'self'; sandbox")
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
