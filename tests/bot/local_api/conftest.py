"""Fixtures: a running local Bot API, an HTTP client for it, and a webhook receiver."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fixtures.local_bot_api import LocalBotApi

CITIZEN = 5550001


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    """A local Bot API with quick webhook retries; flood limits off (their tests switch them on)."""
    async with LocalBotApi(limits_enabled=False, webhook_retry_delay=0.05) as server:
        yield server


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[BotClient]:
    """Raw Bot API calls against the local server."""
    async with httpx.AsyncClient(base_url=f"{api.url}/bot{api.token}/", trust_env=False) as client:
        yield BotClient(client)


class BotClient:
    """Calls Bot API methods with a JSON body and returns (status, body)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.http = client

    async def call(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        """One call, JSON-encoded."""
        response = await self.http.post(method, json=params, timeout=30)
        return response.status_code, response.json()

    async def ok(self, method: str, **params: Any) -> Any:
        """One call that must succeed; its result."""
        status, body = await self.call(method, **params)
        assert (status, body["ok"]) == (200, True), body
        return body["result"]


@dataclass
class Receiver:
    """A real HTTP webhook endpoint that records what it got and answers planned statuses."""

    url: str = ""
    planned: list[int] = field(default_factory=list)  # statuses to answer first, then 200
    received: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)
    reply: dict[str, Any] | None = None
    delay: float = 0.0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def update_ids(self) -> list[int]:
        """update_id of every request, in arrival order."""
        return [body["update_id"] for _, body in self.received]

    async def wait_for(self, count: int, timeout: float = 5.0) -> None:
        """Waits until `count` requests arrived."""
        async with asyncio.timeout(timeout):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A webhook receiver served by uvicorn on a free port."""
    state = Receiver()

    async def webhook(request: Request) -> JSONResponse:
        state.received.append((dict(request.headers), await request.json()))
        state.arrived.set()
        if state.delay:
            await asyncio.sleep(state.delay)
        status = state.planned.pop(0) if state.planned else 200
        return JSONResponse(state.reply or {}, status_code=status)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = Starlette(routes=[Route("/hook", webhook, methods=["POST"])])
    server = _QuietServer(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    state.url = f"http://127.0.0.1:{port}/hook"
    yield state
    server.should_exit = True
    await task
