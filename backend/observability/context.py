"""The id of the request or update being handled, carried through async code for the logs.

A client may name its request (`X-Request-ID`, set by a reverse proxy that logs it too);
the name is kept only when it is short, made of a safe alphabet and holds no identity
number, since it is written into every log line of the request.
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

from backend.security.identity_numbers import contains_identity_number

REQUEST_ID_HEADER = "X-Request-ID"
# Long enough for a UUID or a proxy's own ids, short enough to keep log lines small.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
update_id: ContextVar[str | None] = ContextVar("update_id", default=None)


def safe_id(value: object) -> str | None:
    """The value as a loggable id, or None when it is not one (too long, odd characters, a NIK)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value)
    if not _SAFE_ID.match(text) or contains_identity_number(text):
        return None
    return text


def new_request_id() -> str:
    """A fresh random request id (128 bits, hex)."""
    return secrets.token_hex(16)


def request_id_from(header: str | None) -> str:
    """The client's request id when it is safe to log, else a fresh one."""
    return safe_id(header) or new_request_id()
