"""Every HTTP request: its id (X-Request-ID, in the logs and the answer), its counts, its time.

The outermost layer of the application, so a crash's 500 is counted and carries its
id too. Routes are counted by their template (`/panel/complaints/{ticket}`), never
by the path a client asked for: paths hold ticket numbers, and every odd path a
scanner tries would be a new series.
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.observability import context
from backend.observability.metrics import http_request_duration, http_requests, method_label

# One line per request, for the JSON logs (uvicorn's access line holds the raw path).
access_log = logging.getLogger("slrt.access")
UNMATCHED_ROUTE = "unmatched"


def route_template(scope: Scope) -> str:
    """The template of the route that answered (`unmatched` when none did)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return UNMATCHED_ROUTE
    # Static files are one series per mount, whatever file was asked for.
    return f"{path}/{{path}}" if isinstance(route, Mount) else path


class ObserveRequests:
    """ASGI middleware: request id, the request counter and latency, the access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = context.request_id_from(Headers(scope=scope).get(context.REQUEST_ID_HEADER))
        token = context.request_id.set(request_id)
        status = 500  # what the client gets when nothing was sent at all
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[context.REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            method, route = method_label(scope["method"]), route_template(scope)
            http_requests.labels(method, route, str(status)).inc()
            http_request_duration.labels(method, route).observe(elapsed)
            access_log.info(
                "%s %s %d %.1f ms", method, route, status, elapsed * 1000,
                extra={"method": method, "route": route, "status": status,
                       "duration_ms": round(elapsed * 1000, 1)},
            )  # fmt: skip
            context.request_id.reset(token)
