"""The Open311 GeoReport v2 endpoints under /open311/v2, each in .json and .xml.

GET needs no key (nothing personal is in the answers); POST requests.{format}
needs an admin-issued api_key in its form body and is rate limited per key.
Refusals are the specification's error list with 400, 403 or 404. These routes
follow the GeoReport v2 specification, not the REST API's OpenAPI document, so
they are left out of /openapi.json.
"""

from __future__ import annotations

import math
import time
from datetime import date

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import Response
from limits import parse

from backend.api.deps import AppSettings, DataVault, Session, client_ip
from backend.clock import utcnow
from backend.config import Settings
from backend.open311.errors import Open311Error
from backend.open311.filing import file_request
from backend.open311.formats import Document, Format, errors_document, respond
from backend.open311.keys import key_in_use
from backend.open311.requests import find_requests, one_request, read_query, requests_document
from backend.open311.services import active_category, service_definition, service_list
from backend.open311.texts import language_from_header, say
from backend.rate_limits import SharedRateLimiter

PREFIX = "/open311/v2"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API's behaviour last changed (discovery's changeset).
CHANGESET = "2026-12-04T00:00:00+07:00"
FORMATS = ("text/xml", "application/json")
# An integrating system files a few complaints a minute; a public reader pages a few times.
WRITE_LIMIT = "30/minute"
READ_LIMIT = "120/minute"
router = APIRouter(prefix=PREFIX, include_in_schema=False)


def _language(request: Request) -> str:
    return language_from_header(request.headers.get("accept-language"))


def _format(text: str, language: str) -> Format:
    try:
        return Format(text.lower())
    except ValueError:
        raise Open311Error(400, say(language, "open311-error-format", format=text[:20])) from None


def _wanted(text: str) -> Format:
    """The format a refusal is written in: the one asked for, or JSON when it is not one."""
    return Format(text.lower()) if text.lower() in tuple(Format) else Format.JSON


def _refused(error: Open311Error, format: Format) -> Response:
    response = respond(
        errors_document(*((error.status_code, text) for text in error.descriptions)),
        format,
        status_code=error.status_code,
    )
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _limiter(request: Request) -> SharedRateLimiter:
    limiter = getattr(request.app.state, "open311_limiter", None)
    if limiter is None:
        settings: Settings = request.app.state.settings
        limiter = SharedRateLimiter(settings.rate_limit_storage, key_prefix="LIMITS")
        request.app.state.open311_limiter = limiter
    return limiter


async def _check_rate(request: Request, limit: str, who: str, language: str) -> None:
    """Counts one request of `who`; Open311Error 429 when over the limit."""
    limiter, item = _limiter(request), parse(limit)
    if await limiter.hit(item, "open311", who):
        return
    stats = await limiter.get_window_stats(item, "open311", who)
    seconds = max(1, math.ceil(stats.reset_time - time.time()))
    refusal = Open311Error(429, say(language, "open311-error-too-many", seconds=seconds))
    refusal.retry_after = seconds
    raise refusal


async def _read(request: Request, format_text: str) -> tuple[Format, str]:
    language = _language(request)
    format = _format(format_text, language)
    await _check_rate(request, READ_LIMIT, f"read:{client_ip(request) or 'unknown'}", language)
    return format, language


@router.get("/discovery.{format}")
async def discovery(request: Request, format: str, settings: AppSettings) -> Response:
    """Service discovery: where this API is, what it speaks, whom to ask for a key."""
    try:
        answer_format, language = await _read(request, format)
    except Open311Error as error:
        return _refused(error, _wanted(format))
    endpoint = {
        "specification": SPECIFICATION, "url": settings.public_base + PREFIX,
        "changeset": CHANGESET, "type": "production", "formats": list(FORMATS),
    }  # fmt: skip
    document = Document(
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": say(language, "open311-contact"),
            "key_service": say(language, "open311-key-service"),
            "endpoints": [endpoint],
        },
    )
    return respond(document, answer_format)


@router.get("/services.{format}")
async def services(request: Request, format: str, session: Session) -> Response:
    """GET Service List: the active categories."""
    try:
        answer_format, language = await _read(request, format)
    except Open311Error as error:
        return _refused(error, _wanted(format))
    return respond(await service_list(session, language), answer_format)


@router.get("/services/{service_code}.{format}")
async def service(request: Request, service_code: str, format: str, session: Session) -> Response:
    """GET Service Definition: the attributes a filing of the service needs."""
    try:
        answer_format, language = await _read(request, format)
    except Open311Error as error:
        return _refused(error, _wanted(format))
    category = await active_category(session, service_code)
    if category is None:
        message = say(language, "open311-error-service-not-found", code=service_code[:40])
        return _refused(Open311Error(404, message), answer_format)
    return respond(await service_definition(session, category, language), answer_format)


@router.get("/requests.{format}")
async def service_requests(request: Request, format: str, session: Session) -> Response:
    """GET Service Requests: by ids, or by service, status and a window of at most 90 days."""
    try:
        answer_format, language = await _read(request, format)
        query = read_query(request.query_params, language, utcnow())
    except Open311Error as error:
        return _refused(error, _wanted(format))
    found = await find_requests(session, query)
    return respond(await requests_document(session, found, language), answer_format)


@router.get("/requests/{service_request_id}.{format}")
async def service_request(
    request: Request, service_request_id: str, format: str, session: Session
) -> Response:
    """GET Service Request: one request by its id (the ticket)."""
    try:
        answer_format, language = await _read(request, format)
        document = await one_request(session, service_request_id[:40], language)
    except Open311Error as error:
        return _refused(error, _wanted(format))
    return respond(document, answer_format)


def _notice(language: str, ticket: str, due: date | None) -> str:
    if due is None:
        return say(language, "open311-service-notice-no-due", ticket=ticket)
    day = format_date(due, "d MMMM y", locale=language)
    return say(language, "open311-service-notice", ticket=ticket, due=day)


@router.post("/requests.{format}")
async def create_service_request(
    request: Request, format: str, session: Session, vault: DataVault
) -> Response:
    """POST Service Request: files a complaint for the system whose api_key came."""
    language = _language(request)
    try:
        answer_format = _format(format, language)
        form = {name: value for name, value in (await request.form()).items()
                if isinstance(value, str)}  # fmt: skip
        now = utcnow()
        key = await key_in_use(session, form.get("api_key"), now=now)
        if key is None:
            raise Open311Error(403, say(language, "open311-error-key"))
        await _check_rate(request, WRITE_LIMIT, f"write:{key.id}", language)
        filed = await file_request(session, vault, key, form, language=language, now=now)
    except Open311Error as error:
        return _refused(error, _wanted(format))
    complaint = filed.complaint
    notice = _notice(language, complaint.ticket, complaint.expected_completion_on)
    answer = {
        "service_request_id": complaint.ticket,
        "service_notice": notice,
        "account_id": (form.get("account_id") or "")[:100] or None,
    }
    document = Document("service_requests", [answer])
    return respond(document, answer_format)
