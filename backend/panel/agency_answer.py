"""The answer page an agency's officer opens from a referral's link: no account, one referral.

GET /rujukan/{token} shows the referral (the program, the complaint as stored, already
masked, the due date, the answers so far); POST answers it. The token is the only key:
the form's CSRF token is derived from it under SECRET_KEY, cross-site posts are refused,
and each address is rate limited. No NIK, KK or name is on the page: the letter
carries what the program needs.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from limits import RateLimitItem, parse
from starlette.datastructures import UploadFile

from backend.casefiles.models import Category, Complaint
from backend.clock import utcnow
from backend.complaints.agency_answers import answer_referral, answers_of_referral
from backend.complaints.service import EventRefused
from backend.config import Settings
from backend.errors import InvalidInput
from backend.panel.deps import (
    AppSettings,
    DataVault,
    Session,
    check_form_token,
    client_ip,
    csrf_token_for,
)
from backend.panel.rendering import render
from backend.rate_limits import SharedRateLimiter
from backend.referrals.answer_links import (
    ANSWER_PATH,
    AnswerLinkRefused,
    LinkRefused,
    referral_of_link,
)
from backend.referrals.models import Agency, AgencyAnswerKind, Referral
from backend.uploads import KeptUpload, UploadRefused, keep_upload

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

# An officer reads and answers a few times; a script guessing tokens gets nowhere fast.
READ_LIMIT = "60/minute"
ANSWER_LIMIT = "10/minute"
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
# What the page says for each refusal, and the status it answers with.
_REFUSAL_STATUS = {LinkRefused.INVALID: 404, LinkRefused.EXPIRED: 410, LinkRefused.CLOSED: 410}


@dataclass(frozen=True, slots=True)
class _Limits:
    limiter: SharedRateLimiter
    read: RateLimitItem
    answer: RateLimitItem


def _limits(request: Request) -> _Limits:
    # One limiter per app, on the storage every process shares (RATE_LIMIT_STORAGE).
    limits = getattr(request.app.state, "agency_answer_limits", None)
    if limits is None:
        settings: Settings = request.app.state.settings
        limiter = SharedRateLimiter(settings.rate_limit_storage, key_prefix="LIMITS")
        limits = _Limits(limiter, parse(READ_LIMIT), parse(ANSWER_LIMIT))
        request.app.state.agency_answer_limits = limits
    return limits


async def _over_limit(request: Request, kind: str) -> int | None:
    """Counts one request of this address; the seconds to wait when over the limit."""
    limits = _limits(request)
    item = limits.read if kind == "read" else limits.answer
    address = client_ip(request) or "unknown"
    if await limits.limiter.hit(item, "agency-answer", kind, address):
        return None
    stats = await limits.limiter.get_window_stats(item, "agency-answer", kind, address)
    return max(1, math.ceil(stats.reset_time - time.time()))


def _choose_language(request: Request) -> None:
    language = request.query_params.get("lang")
    request.state.language = language if language in ("id", "en") else "id"


def _too_many(request: Request, retry_after: int) -> Response:
    return render(
        request, "agency_answer_refused.html", {"reason": "too-many"}, status_code=429,
        headers={"Retry-After": str(retry_after)},
    )  # fmt: skip


def _refused(request: Request, reason: LinkRefused) -> Response:
    return render(
        request, "agency_answer_refused.html", {"reason": reason.value},
        status_code=_REFUSAL_STATUS[reason],
    )  # fmt: skip


async def _page(
    request: Request, session: Session, settings: Settings, token: str, referral: Referral,
    *, error: str | None = None, status_code: int = 200, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    complaint = await session.get_one(Complaint, referral.complaint_id)
    category = await session.get_one(Category, complaint.category_id)
    agency = await session.get_one(Agency, referral.agency_id)
    request.state.csrf_token = csrf_token_for(settings, token, "agency-answer")
    context = {
        "token": token, "action": f"{ANSWER_PATH}{token}", "referral": referral,
        "complaint": complaint, "category": category, "agency": agency,
        "answers": await answers_of_referral(session, referral.id),
        "kinds": [kind.value for kind in AgencyAnswerKind], "error": error,
        "form": form or {}, "max_files": MAX_FILES,
    }  # fmt: skip
    return render(request, "agency_answer.html", context, status_code=status_code)


@router.get(ANSWER_PATH + "{token}")
async def answer_page(
    request: Request, token: str, session: Session, settings: AppSettings
) -> Response:
    """The referral as the agency's officer sees it, with the answer form."""
    _choose_language(request)
    if (wait := await _over_limit(request, "read")) is not None:
        return _too_many(request, wait)
    secret = settings.secret_key.get_secret_value()
    try:
        referral = await referral_of_link(session, token, secret_key=secret, now=utcnow())
    except AnswerLinkRefused as refused:
        return _refused(request, refused.reason)
    return await _page(request, session, settings, token, referral)


async def _kept_files(
    files: list[UploadFile], settings: Settings, vault: DataVault
) -> tuple[KeptUpload, ...]:
    kept = []
    for upload in files[:MAX_FILES]:
        data = await upload.read(MAX_FILE_BYTES + 1)
        if not data:
            continue  # the empty file input of a form sent without a file
        if len(data) > MAX_FILE_BYTES:
            raise UploadRefused("size", f"more than {MAX_FILE_BYTES} bytes")
        kept.append(
            await asyncio.to_thread(
                keep_upload, data, upload.content_type, upload.filename, settings.files_dir,
                "agency", vault,
            )
        )  # fmt: skip
    return tuple(kept)


@router.post(ANSWER_PATH + "{token}")
async def answer(
    request: Request, token: str, session: Session, settings: AppSettings, vault: DataVault
) -> Response:
    """Takes the officer's answer; a final one closes the referral and its link."""
    _choose_language(request)
    if (wait := await _over_limit(request, "answer")) is not None:
        return _too_many(request, wait)
    await check_form_token(request, csrf_token_for(settings, token, "agency-answer"))
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    secret = settings.secret_key.get_secret_value()
    now = utcnow()
    try:
        referral = await referral_of_link(session, token, secret_key=secret, now=now, lock=True)
    except AnswerLinkRefused as refused:
        return _refused(request, refused.reason)
    try:
        kind = AgencyAnswerKind(fields.get("answer", ""))
    except ValueError:
        return await _page(
            request, session, settings, token, referral, error="agency-answer-choose",
            status_code=422, form=fields,
        )  # fmt: skip
    uploads = [value for value in form.getlist("files") if isinstance(value, UploadFile)]
    try:
        files = await _kept_files(uploads, settings, vault)
    except UploadRefused as refusal:
        log.info("agency answer upload refused: %s", refusal.reason)
        return await _page(
            request, session, settings, token, referral, error="agency-answer-file-refused",
            status_code=422, form=fields,
        )  # fmt: skip
    try:
        given = await answer_referral(
            session, referral, kind, note=fields.get("note"),
            officer_name=fields.get("officer_name"), files=files, now=now,
        )  # fmt: skip
    except InvalidInput:
        return await _page(
            request, session, settings, token, referral, error="agency-answer-note-needed",
            status_code=422, form=fields,
        )  # fmt: skip
    except EventRefused:
        return _refused(request, LinkRefused.CLOSED)
    return render(
        request, "agency_answer_thanks.html",
        {"kind": given.answer.kind.value, "closed": given.closed,
         "again": None if given.closed else f"{ANSWER_PATH}{token}"},
    )  # fmt: skip
