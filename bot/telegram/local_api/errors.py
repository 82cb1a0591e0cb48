"""Errors the local Bot API answers with, worded as real Telegram words them."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A refused Bot API call: HTTP status, Telegram's description, optional parameters.

    `retry_after` comes with 429; `migrate_to_chat_id` with a group that became a supergroup.
    """

    def __init__(
        self,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def envelope(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        parameters = {
            name: value
            for name, value in (
                ("retry_after", self.retry_after), ("migrate_to_chat_id", self.migrate_to_chat_id)
            )
            if value is not None
        }  # fmt: skip
        if parameters:
            body["parameters"] = parameters
        return body


class GarbledAnswer(Exception):
    """A call answered with a body that is not Telegram's JSON (a proxy's error page)."""

    BODY = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's "Bad Request: ..." prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 asking the bot to wait `retry_after` whole seconds (at least one)."""
    seconds = max(1, int(retry_after))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)


def blocked_by_user() -> ApiError:
    """403 for a user who blocked the bot."""
    return ApiError(403, "Forbidden: bot was blocked by the user")


def chat_not_found() -> ApiError:
    """400 for a chat the bot has never seen."""
    return bad_request("chat not found")


def unauthorized() -> ApiError:
    """401 for a wrong token."""
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """404 for an unknown method or file."""
    return ApiError(404, "Not Found")


# Descriptions used when a test injects a failure without giving one.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
