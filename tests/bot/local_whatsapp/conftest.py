"""Fixtures: a running WhatsApp stand-in, pywa pointed at it, and a pywa webhook app."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from pywa_async import WhatsApp, types

from tests.fixtures.local_whatsapp import LocalWhatsApp

PERSON = "6281234567001"


def graph_session(local: LocalWhatsApp) -> httpx.AsyncClient:
    """An httpx client whose calls to graph.facebook.com go to the stand-in instead."""
    root = httpx.URL(local.url)

    async def rebase(request: httpx.Request) -> None:
        if request.url.host == "graph.facebook.com":
            request.url = request.url.copy_with(scheme=root.scheme, host=root.host, port=root.port)

    return httpx.AsyncClient(event_hooks={"request": [rebase]}, trust_env=False)


@dataclass
class Received:
    """What the pywa webhook app was handed, by kind."""

    messages: list[types.Message] = field(default_factory=list)
    buttons: list[types.CallbackButton] = field(default_factory=list)
    selections: list[types.CallbackSelection] = field(default_factory=list)
    statuses: list[types.MessageStatus] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait(self, kind: str, count: int = 1, timeout: float = 30) -> list[Any]:
        """Waits until `count` updates of this kind arrived (a bound, not a pause)."""

        async def enough() -> None:
            while len(getattr(self, kind)) < count:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(enough(), timeout)
        return list(getattr(self, kind))


@dataclass
class WebhookApp:
    """pywa's own webhook server on a free port, recording what its handlers get."""

    url: str
    client: WhatsApp
    received: Received


@pytest.fixture
async def local() -> AsyncIterator[LocalWhatsApp]:
    """The stand-in with quick webhook retries."""
    async with LocalWhatsApp(webhook_retry_delay=0.05) as stand_in:
        yield stand_in


@pytest.fixture
async def webhook_app(local: LocalWhatsApp) -> AsyncIterator[WebhookApp]:
    """A pywa client in webhook mode (signatures checked with the app secret), subscribed."""
    server_app = FastAPI()
    received = Received()
    session = graph_session(local)
    client = WhatsApp(
        phone_id=local.world.phone_number_id,
        token=local.world.access_token,
        session=session,
        server=server_app,
        webhook_endpoint="/whatsapp",
        verify_token=local.world.verify_token,
        app_secret=local.world.app_secret,
    )

    def recorder(kind: str) -> Any:
        async def record(_: WhatsApp, update: Any) -> None:
            getattr(received, kind).append(update)
            received.changed.set()

        return record

    client.on_message()(recorder("messages"))
    client.on_callback_button()(recorder("buttons"))
    client.on_callback_selection()(recorder("selections"))
    client.on_message_status()(recorder("statuses"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(server_app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    url = f"http://127.0.0.1:{port}/whatsapp"
    await local.subscribe(url)
    try:
        yield WebhookApp(url, client, received)
    finally:
        server.should_exit = True
        await serving
        await session.aclose()
