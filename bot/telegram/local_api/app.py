"""The HTTP face of the local server: /bot<token>/<method>, file downloads, and /_local."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from bot.telegram.local_api.dispatch import answer
from bot.telegram.local_api.errors import ApiError, GarbledAnswer, not_found, unauthorized
from bot.telegram.local_api.faults import DOWNLOAD
from bot.telegram.local_api.local_routes import local_router
from bot.telegram.local_api.params import read_params

if TYPE_CHECKING:
    from bot.telegram.local_api.server import LocalBotApi


def _error(error: ApiError) -> JSONResponse:
    return JSONResponse(error.envelope(), status_code=error.error_code)


def create_app(local: LocalBotApi) -> FastAPI:
    """The ASGI app serving one local bot."""
    world = local.world
    app = FastAPI(
        title="Local Telegram Bot API",
        docs_url="/_local/docs",
        openapi_url="/_local/openapi.json",
    )
    app.include_router(local_router(local), prefix="/_local")

    @app.api_route("/bot{token}/{method}", methods=["GET", "POST"])
    async def bot_api(token: str, method: str, request: Request) -> JSONResponse:
        """One Bot API call, answered in Telegram's envelope."""
        if token != world.token:
            return _error(unauthorized())
        try:
            params = await read_params(request)
        except ApiError as error:
            return _error(error)
        try:
            status, body = await answer(world, method, params)
        except GarbledAnswer:
            return Response(GarbledAnswer.BODY, media_type="text/html")
        return JSONResponse(body, status_code=status)

    @app.get("/file/bot{token}/{file_path:path}")
    async def download(token: str, file_path: str) -> Response:
        """The bytes of a file, at the path getFile gave."""
        if token != world.token:
            return _error(unauthorized())
        fault = world.faults.take(DOWNLOAD)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.error is not None:
            return _error(fault.error)
        stored = world.files.by_path(file_path)
        if stored is None:
            return _error(not_found())
        return Response(stored.data, media_type=stored.mime_type)

    @app.api_route("/{anything:path}", methods=["GET", "POST"], include_in_schema=False)
    async def elsewhere(anything: str) -> JSONResponse:
        """Any other path: Telegram's 404."""
        return _error(not_found())

    return app
