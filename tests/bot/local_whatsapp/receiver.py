"""A bare webhook receiver that fails its first deliveries, to see the stand-in retry."""

from __future__ import annotations

import asyncio
import socket
from types import TracebackType

import uvicorn
from fastapi import FastAPI, Request, Response


class FlakyReceiver:
    """Answers the verification challenge, then 500 to the first `failures` deliveries."""

    def __init__(self, verify_token: str, failures: int) -> None:
        self.verify_token = verify_token
        self.failures = failures
        self.bodies: list[bytes] = []
        self.url = ""
        self._server: uvicorn.Server | None = None
        self._serving: asyncio.Task[None] | None = None

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/hook")
        async def verify(request: Request) -> Response:
            if request.query_params.get("hub.verify_token") != self.verify_token:
                return Response("Forbidden", status_code=403)
            return Response(request.query_params.get("hub.challenge", ""))

        @app.post("/hook")
        async def take(request: Request) -> Response:
            self.bodies.append(await request.body())
            if len(self.bodies) <= self.failures:
                return Response(status_code=500)
            return Response("ok")

        return app

    async def __aenter__(self) -> FlakyReceiver:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
        config = uvicorn.Config(self._app(), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._serving = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._server is not None and self._serving is not None
        self._server.should_exit = True
        await self._serving
