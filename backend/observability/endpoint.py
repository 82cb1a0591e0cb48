"""GET /metrics for Prometheus: behind METRICS_TOKEN, or for this machine only.

The figures hold no personal data, but they tell how the office works and when it
is overwhelmed, so they are never public by default: with METRICS_TOKEN set, a scrape
must bring `Authorization: Bearer <token>`; without it, only a client on this machine
(Prometheus or an agent beside the service) that did not come through a proxy is
answered. A request through a reverse proxy on the same machine carries the proxy's
forwarding headers and is refused, so publishing the port through nginx does not
publish the metrics.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import SecretStr

from backend.clock import utcnow
from backend.observability.collector import database_gauges
from backend.observability.metrics import process_series

METRICS_PATH = "/metrics"
# Headers a reverse proxy adds: such a request came from elsewhere, whatever its peer.
_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def _bearer_token(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _from_this_machine(request: Request) -> bool:
    if request.client is None or any(name in request.headers for name in _PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:  # not an address (a test client's name, a Unix socket)
        return False


def refusal(request: Request, token: SecretStr | None) -> Response | None:
    """The answer for a scrape that may not see the metrics, or None when it may."""
    if token is not None:
        given = _bearer_token(request) or ""
        if hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
            return None
        return JSONResponse(
            {"detail": "A bearer token (METRICS_TOKEN) is required."},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    if _from_this_machine(request):
        return None
    return JSONResponse(
        {"detail": "Metrics are served only to this machine; set METRICS_TOKEN to scrape them "
         "from elsewhere."},
        status_code=403,
    )  # fmt: skip


def metrics_router(token: SecretStr | None) -> APIRouter:
    """The /metrics route, kept out of the OpenAPI description."""
    router = APIRouter()

    @router.get(METRICS_PATH, include_in_schema=False)
    async def metrics(request: Request) -> Response:
        refused = refusal(request, token)
        if refused is not None:
            return refused
        gauges = CollectorRegistry(auto_describe=False)
        gauges.register(await database_gauges(request.app.state.sessions, utcnow()))
        # Two expositions of distinct series, one after the other, are one valid exposition.
        body = generate_latest(process_series()) + generate_latest(gauges)
        return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})

    return router
