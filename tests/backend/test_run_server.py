"""`slrt run` believes X-Forwarded-For only from the proxies in FORWARDED_ALLOW_IPS.

The server is uvicorn with the options `slrt run` gives it (server_options), in
front of an application that answers the client address uvicorn hands it: the
address the web chat's rate limits and the audit records are kept under.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from backend.cli import server_options
from backend.config import Settings
from tests.bot.conftest import free_port

CLIENT = "203.0.113.7"  # what a proxy (or a liar) says the client is


async def client_address(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers the client address of each request, as every route of the service sees it."""
    if scope["type"] != "http":
        return
    body = json.dumps({"client": scope["client"][0] if scope.get("client") else None}).encode()
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def address_seen(options: dict[str, Any], forwarded_for: str | None) -> str:
    """The client address the application gets for one request from 127.0.0.1."""
    config = uvicorn.Config(client_address, **{**options, "port": free_port(), "lifespan": "off"})
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.02)
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{config.port}/", headers=headers)
        return str(response.json()["client"])
    finally:
        server.should_exit = True
        await task


def settings_with(settings: Settings, **values: Any) -> Settings:
    return settings.model_copy(update={"log_level": "WARNING", **values})


class TestServerOptions:
    """What `slrt run` tells uvicorn."""

    def test_passes_forwarded_allow_ips(self, settings: Settings) -> None:
        options = server_options(settings_with(settings, forwarded_allow_ips="10.0.0.5"))
        assert options["forwarded_allow_ips"] == "10.0.0.5"
        assert options["proxy_headers"] is True

    def test_trusts_only_the_local_machine_by_default(self, settings: Settings) -> None:
        assert server_options(settings)["forwarded_allow_ips"] == "127.0.0.1"


class TestForwardedFor:
    """A peer in FORWARDED_ALLOW_IPS names the client; any other peer's header is ignored."""

    async def test_a_trusted_proxy_names_the_client(self, settings: Settings) -> None:
        options = server_options(settings_with(settings, forwarded_allow_ips="127.0.0.1"))
        assert await address_seen(options, CLIENT) == CLIENT

    @pytest.mark.parametrize("trusted", ["10.0.0.5", "192.0.2.0/24", ""])
    async def test_an_untrusted_peer_cannot_choose_its_address(
        self, settings: Settings, trusted: str
    ) -> None:
        options = server_options(settings_with(settings, forwarded_allow_ips=trusted))
        # The peer (127.0.0.1 here) is not the proxy: its header is ignored.
        assert await address_seen(options, CLIENT) == "127.0.0.1"

    async def test_a_proxy_on_its_network(self, settings: Settings) -> None:
        options = server_options(settings_with(settings, forwarded_allow_ips="127.0.0.0/8"))
        assert await address_seen(options, f"{CLIENT}, 127.0.0.1") == CLIENT
