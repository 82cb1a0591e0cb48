"""Refuses any request whose address (path or query string) carries a NIK or KK.

An address is written to access logs, proxies' logs and browser history, where
nobody audits who reads it. A search by NIK is sent in the body of a POST instead;
the refusal names the route that takes it.
"""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Receive, Scope, Send

from backend.security.identity_numbers import contains_identity_number

# The POST route that takes what a GET address may not carry, by the GET's path.
POSTED_INSTEAD = {
    "/api/v1/complaints": "POST /api/v1/complaints/search",
    "/panel": "POST /panel",
    "/panel/export": "POST /panel/export",
    "/panel/export.csv": "POST /panel/export.csv",
    "/panel/export.xlsx": "POST /panel/export.xlsx",
}


def address_carries_identity_number(path: str, query_string: bytes) -> bool:
    """Whether the path or any part of the query string holds an identity number."""
    query = unquote_plus(query_string.decode("latin-1"))
    return contains_identity_number(unquote_plus(path)) or contains_identity_number(query)


def refusal_message(path: str) -> tuple[str, str]:
    """What the refusal says (Indonesian, English), naming the route to use."""
    route = POSTED_INSTEAD.get(path.rstrip("/") or "/")
    if route is None:
        return (
            "NIK atau KK tidak boleh ada di alamat (URL). Kirim di isi permintaan POST.",
            "A NIK or KK may not appear in an address (URL). Send it in the body of a POST request.",
        )
    return (
        f"NIK atau KK tidak boleh ada di alamat (URL). Gunakan {route} dengan NIK di isi permintaan.",
        f"A NIK or KK may not appear in an address (URL). Use {route} with the NIK in the body.",
    )


class RefuseIdentityNumbersInAddress:
    """ASGI middleware: 400 before any route sees an address with an identity number."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not address_carries_identity_number(
            scope.get("path", ""), scope.get("query_string", b"")
        ):
            await self.app(scope, receive, send)
            return
        indonesian, english = refusal_message(scope.get("path", ""))
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"detail": f"{english} / {indonesian}"}).encode()
            content_type = b"application/json"
        else:
            body = f"{indonesian}\n{english}\n".encode()
            content_type = b"text/plain; charset=utf-8"
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                   (b"cache-control", b"no-store")]  # fmt: skip
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})
