"""The security headers every response carries: one rule, in one place.

The panel, the web chat, the REST API, static files, error answers (even a
crash's 500) and the API docs all leave through SecurityHeaders, which adds:

- Content-Security-Policy: scripts, styles, images and requests from this site
  only, nothing inline, no plug-ins, forms post here only. A response that sets
  a policy of its own keeps it (an attachment's is stricter, the API docs' is the
  one looser policy, API_DOCS_POLICY below); framing is refused in every policy.
- X-Frame-Options DENY beside frame-ancestors 'none', for older browsers
  (clickjacking: no page of ours may be drawn inside another site's).
- X-Content-Type-Options nosniff: a file is what its Content-Type says, so an
  upload or a JSON answer is never run as a page or a script.
- Referrer-Policy same-origin: no address of ours (a ticket, a search) is told
  to another site.
- Strict-Transport-Security in production only: browsers then refuse plain HTTP
  to the service for a year; on a developer's http://127.0.0.1 it would do harm.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Nothing inline and nothing from elsewhere: a script that slips into a page through
# user text cannot run, and no page loads anything from a CDN.
STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# Swagger UI and ReDoc (served from an installed package) style their own elements
# inline, draw icons from data: URLs and run ReDoc's search in a blob: worker. These
# pages show no personal data, and their scripts still come from this site only.
API_DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"

SECURITY_HEADERS = {
    "Content-Security-Policy": STRICT_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def security_headers(*, production: bool) -> dict[str, str]:
    """The headers a response gets unless it set them itself; HSTS in production only."""
    if production:
        return {**SECURITY_HEADERS, "Strict-Transport-Security": HSTS}
    return dict(SECURITY_HEADERS)


def _with_frame_ancestors(policy: str) -> str:
    # A response's own policy may forget framing; the rule holds for it too.
    if "frame-ancestors" in policy:
        return policy
    return f"{policy.rstrip('; ')}; frame-ancestors 'none'"


class SecurityHeaders:
    """ASGI middleware: adds the security headers to every HTTP response.

    Pure ASGI (not BaseHTTPMiddleware), so long polls and streamed files pass
    through untouched; only the start of each response is read.
    """

    def __init__(self, app: ASGIApp, *, production: bool) -> None:
        self.app = app
        self.headers = security_headers(production=production)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                policy = headers["Content-Security-Policy"]
                headers["Content-Security-Policy"] = _with_frame_ancestors(policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)
