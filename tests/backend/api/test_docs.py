"""API_DOCS: /docs and /redoc from installed files (no CDN) when on, 404 when off."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings

Sessions = async_sessionmaker[AsyncSession]
DOCS_PAGES = ["/docs", "/redoc"]


class _References(HTMLParser):
    """Every address a page loads or links: src, href, and ReDoc's spec-url."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "spec-url") and value:
                self.urls.append(value)


def references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


@pytest.fixture
async def docs_off(settings: Settings, sessions: Sessions) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the service started with API_DOCS=off."""
    application = create_app(settings.model_copy(update={"api_docs": False}), sessions)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://slrt.test") as client:
        yield client
    await application.state.engine.dispose()


class TestDocsOn:
    """On (the default in development and tests): the pages load only this site's files."""

    async def test_on_by_default_with_the_schema(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        assert app.state.settings.serves_api_docs
        schema = await client.get("/openapi.json")
        assert schema.status_code == 200
        assert "/api/v1/complaints" in schema.json()["paths"]

    @pytest.mark.parametrize("path", DOCS_PAGES)
    async def test_every_file_comes_from_this_site(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        page = await client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert not re.search(r"https?://|//[a-z]", page.text), "the page names another host"
        urls = references(page.text)
        assert any(url.endswith(".js") for url in urls)
        for url in urls:
            assert url.startswith("/"), url
            fetched = await client.get(url)
            assert fetched.status_code == 200, url
            assert fetched.content, url

    async def test_no_inline_script(self, client: httpx.AsyncClient) -> None:
        for path in DOCS_PAGES:
            html = (await client.get(path)).text
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path

    @pytest.mark.parametrize("path", DOCS_PAGES)
    async def test_a_policy_that_allows_the_tools_and_nothing_from_elsewhere(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        response = await client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy
        assert "frame-ancestors 'none'" in policy
        assert "http" not in policy and "*" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


class TestDocsOff:
    """Off (the default in production): no page, no schema, no files; 404 for each."""

    async def test_not_found(self, docs_off: httpx.AsyncClient) -> None:
        for path in [
            "/docs",
            "/redoc",
            "/openapi.json",
            "/docs/oauth2-redirect",
            "/docs/vendor/swagger-ui-bundle.js",
            "/docs/static/swagger-init.js",
        ]:
            assert (await docs_off.get(path)).status_code == 404, path
        # The API itself answers as ever.
        assert (await docs_off.get("/api/v1/complaints")).status_code == 401
