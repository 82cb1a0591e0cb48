"""The web chat's cookie: made and signed by the server, never chosen by the browser.

A value is `<random>.<mac>`: 32 random bytes and an HMAC-SHA256 of them under
SECRET_KEY. A cookie the server did not sign (made up by a script, or one of the
plain random cookies given out before signing) is ignored: the request starts a
new chat under a fresh cookie. A client can still throw its cookie away, but it
cannot pick a chat, and every fresh chat begins with the counts that live in the
database (backend/complaints/lookup_guard.py).

In production the cookie is `__Host-slrt_chat`: the prefix makes the browser
refuse it unless it is Secure, for the whole site (Path=/) and without a Domain,
so a sibling subdomain cannot plant one. Plain http (development, tests) keeps
`slrt_chat` on /chat.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

NAME = "slrt_chat"
SECURE_NAME = "__Host-slrt_chat"
MAX_AGE = 180 * 24 * 3600
# Longer values are not ours; they are not even read.
MAX_LENGTH = 128
_PURPOSE = b"slrt/web-chat-cookie/v1:"


def _mac(secret: bytes, token: str) -> str:
    digest = hmac.new(secret, _PURPOSE + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True, slots=True)
class Issued:
    """A new cookie: the chat's token, and the signed value the browser keeps."""

    token: str
    value: str


@dataclass(frozen=True, slots=True)
class ChatCookie:
    """Issues and checks the chat cookie of one deployment."""

    secret: str
    production: bool

    @property
    def name(self) -> str:
        """The cookie's name: `__Host-` prefixed when served over https."""
        return SECURE_NAME if self.production else NAME

    def issue(self) -> Issued:
        """A fresh cookie for a new chat."""
        token = secrets.token_urlsafe(32)
        return Issued(token, f"{token}.{_mac(self.secret.encode(), token)}")

    def token_of(self, value: str | None) -> str | None:
        """The chat's token if the server signed `value`, else None."""
        if not value or len(value) > MAX_LENGTH:
            return None
        token, dot, mac = value.partition(".")
        if not dot or not token:
            return None
        return token if hmac.compare_digest(mac, _mac(self.secret.encode(), token)) else None

    def read(self, request: Request) -> tuple[str | None, bool]:
        """(the chat's token or None, whether the request carried a cookie at all)."""
        value = request.cookies.get(self.name)
        return self.token_of(value), value is not None

    def give(self, response: Response, value: str) -> None:
        """Sets the cookie on a response."""
        response.set_cookie(
            self.name, value, max_age=MAX_AGE, httponly=True, samesite="strict",
            secure=self.production, path="/" if self.production else "/chat",
        )  # fmt: skip
