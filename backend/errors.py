"""Domain errors; each carries the HTTP status an endpoint answers with."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request; the message says why."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    status_code = 404


class Forbidden(DomainError):
    """The caller's role may not do this."""

    status_code = 403


class Conflict(DomainError):
    """The request does not fit the current state of the thing."""

    status_code = 409


class InvalidInput(DomainError):
    """A field is missing or invalid; `key` and `params` explain it to a person, if given."""

    status_code = 422

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        key: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        # A message key found in both the chat's and the panel's catalogs.
        self.key = key
        self.params = params or {}
