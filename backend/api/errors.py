"""Errors of the REST API as JSON a person can act on.

Domain errors answer {"detail": "<message>"} with the status they carry; 401
adds WWW-Authenticate: Bearer. Request validation keeps FastAPI's list of
errors, each message rewritten to name the field in plain words.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm.exc import StaleDataError

from backend.errors import DomainError

CONCURRENT_CHANGE = (
    "Someone else changed this complaint at the same moment; reload it and try again"
)
# Parts of a location that say where a field came from, not which field it is.
_SOURCES = {"body", "query", "path", "header", "cookie"}


class ErrorOut(BaseModel):
    """An error: what went wrong and what to do about it."""

    detail: str


class FieldErrorOut(BaseModel):
    """One invalid field of a request: where it is and what is wrong with it."""

    loc: list[str | int]
    msg: str
    type: str


class InvalidOut(BaseModel):
    """A refused request: a message, or one entry per invalid field of the request."""

    detail: str | list[FieldErrorOut]


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an endpoint may answer."""
    meaning = {
        401: "No valid bearer token: sign in at POST /api/v1/auth/token",
        403: "Your role may not do this",
        404: "No such complaint, or not one you may see",
        409: "The complaint's status does not allow this now",
        422: "A field is missing or invalid",
        429: "Too many failed sign-ins from this address: wait the seconds of Retry-After",
    }
    return {
        code: {"model": InvalidOut if code == 422 else ErrorOut, "description": meaning[code]}
        for code in codes
    }


def readable_message(error: dict[str, Any]) -> str:
    """One validation error as a sentence naming the field."""
    field = ".".join(str(part) for part in error.get("loc", ()) if part not in _SOURCES)
    if error.get("type") == "missing":
        return f"{field or 'The request body'} is required"
    if error.get("type") == "extra_forbidden":
        return f"{field} is not a known field; check its spelling"
    message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def install_error_handlers(app: FastAPI) -> None:
    """Registers the JSON error answers on the application."""

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, error: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return JSONResponse({"detail": error.message}, error.status_code, headers=headers)

    @app.exception_handler(StaleDataError)
    async def _concurrent_change(request: Request, error: StaleDataError) -> JSONResponse:
        return JSONResponse({"detail": CONCURRENT_CHANGE}, 409)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = []
        for item in error.errors():
            entry = {key: item[key] for key in ("loc", "type") if key in item}
            entry["msg"] = readable_message(item)
            errors.append(entry)
        return JSONResponse({"detail": errors}, 422)
