"""A database that is away answers 503, on every route, as the caller's kind of answer.

An outage shows up as many error types: SQLAlchemy's OperationalError or InterfaceError,
a pool that timed out, asyncpg errors it does not wrap (a connection closed under it,
a server shutting down or starting up), a refused or reset socket (OSError), a
statement that hung past DATABASE_TIMEOUT (TimeoutError). They come out of routes,
dependencies, commits and middleware alike, so one ASGI layer, just inside Starlette's
error handler, turns every one of them into 503: JSON {"detail"} for the API and the
web chat, a short page for the panel. Nothing else does, so no route can forget it.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import exc as sa_exc
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

try:  # asyncpg comes with PostgreSQL support; an SQLite-only install may lack it
    import asyncpg

    _DRIVER_OUTAGES: tuple[type[BaseException], ...] = (
        asyncpg.PostgresConnectionError,
        asyncpg.InterfaceError,
        asyncpg.CannotConnectNowError,
        asyncpg.AdminShutdownError,
        asyncpg.CrashShutdownError,
        asyncpg.TooManyConnectionsError,
    )
except ImportError:  # pragma: no cover
    _DRIVER_OUTAGES = ()

_OUTAGES: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    *_DRIVER_OUTAGES,
)
# How long a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (
    "Basis data sementara tidak dapat dihubungi; coba lagi sebentar lagi.",
    "The database cannot be reached for the moment; try again shortly.",
)


# OSErrors of files (an attachment gone, a full disk's refusal) say nothing of the database.
_FILE_ERRORS = (FileNotFoundError, FileExistsError, PermissionError, IsADirectoryError,
                NotADirectoryError)  # fmt: skip


def is_outage_error(error: BaseException) -> bool:
    """Whether this one error (not its causes) says the database or the way to it is away."""
    if isinstance(error, _OUTAGES):
        return not isinstance(error, _FILE_ERRORS)
    return isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated


def caused_by_outage(error: BaseException) -> bool:
    """Whether the error, or one it was raised from or while handling, is a database outage."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if is_outage_error(current):
            return True
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


class AnswerDatabaseOutages:
    """ASGI middleware: an outage raised anywhere inside, before the answer began, is a 503."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as error:
            if started or not caused_by_outage(error):
                raise  # half an answer cannot be taken back; a bug stays a bug
            log.warning(
                "%s %s answered 503, the database is away: %s",
                scope.get("method"), scope.get("path"), type(error).__name__,
            )  # fmt: skip
            await _answer_unavailable(scope, send)


async def _answer_unavailable(scope: Scope, send: Send) -> None:
    path = scope.get("path", "")
    indonesian, english = UNAVAILABLE
    if path == "/panel" or path.startswith("/panel/"):
        body = _PAGE.format(indonesian=indonesian, english=english).encode()
        content_type = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": f"{indonesian} / {english}"}).encode()
        content_type = b"application/json"
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# Plain on purpose: the panel's own pages need the database (the signed-in account).
_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Layanan sementara tidak tersedia / Service unavailable</title></head>
<body><main>
<h1>Layanan sementara tidak tersedia</h1><p>{indonesian}</p>
<h2 lang="en">Service unavailable</h2><p lang="en">{english}</p>
<p><a href="">Muat ulang / Reload</a></p>
</main></body></html>
"""
