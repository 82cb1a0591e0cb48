"""The web chat's page and its small JSON API under /chat.

The browser is tied to its conversation by a cookie the server signs (HTTP-only,
same-site strict; bot/web/cookies.py); there is no login. Every answer a person can read is in
Bahasa Indonesia first, English second.
"""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, ValidationError
from starlette.formparsers import MultiPartException

from backend.config import Settings
from backend.outreach.sources import SOURCE_LINK_PREFIX
from backend.webchat.models import WebChatMessage
from bot.web.channel import CHANNEL, Upload, WebChat, chat_id_for, remembered_event_id
from bot.web.cookies import ChatCookie
from bot.web.limits import ClientLimiter
from dialogs.events import MAX_CALLBACK_BYTES, MAX_TEXT_LENGTH, Event, EventKind

MAX_JSON_BYTES = 16 * 1024
MAX_WAIT_SECONDS = 25.0
EVENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# What Telegram takes as a start parameter, so a web chat's source reads as the bot's.
SRC = re.compile(r"[A-Za-z0-9_-]{1,60}")

_templates = Jinja2Templates(directory=str(resources.files("bot.web").joinpath("templates")))


class WebChatError(Exception):
    """A request the web chat refuses, with words for the person."""

    def __init__(self, status_code: int, message_id: str, message_en: str, **headers: str) -> None:
        super().__init__(message_en)
        self.status_code = status_code
        self.detail = f"{message_id} / {message_en}"
        self.headers = headers


class Incoming(BaseModel):
    """What the page sends: typed text, a pressed button, or the opening of a new chat."""

    id: str = Field(pattern=EVENT_ID.pattern)
    type: Literal["text", "button", "start"]
    text: str | None = Field(default=None, max_length=MAX_TEXT_LENGTH)
    payload: str | None = Field(default=None, max_length=MAX_CALLBACK_BYTES)
    label: str | None = Field(default=None, max_length=200)
    # The outreach source of the page's address (/chat?src=…), sent with "start"; one that
    # is not a source is ignored (dialogs/flows/outreach_link.py), never refused.
    src: str | None = Field(default=None, max_length=200)


def _error_response(error: WebChatError) -> JSONResponse:
    return JSONResponse(
        {"detail": error.detail}, status_code=error.status_code, headers=error.headers
    )


def _message_json(row: WebChatMessage) -> dict[str, Any]:
    return {
        "id": row.id, "from": row.direction.value, "text": row.text, "buttons": row.buttons,
        "keyboard": row.keyboard, "request_contact": row.request_contact,
        "remove_keyboard": row.remove_keyboard, "at": row.created_at.isoformat(),
    }  # fmt: skip


def webchat_router(settings: Settings, chat: WebChat) -> APIRouter:
    """Routes of the page, its assets and its API, bound to one WebChat."""
    router = APIRouter(include_in_schema=False)
    secret = settings.secret_key.get_secret_value()
    limiter = ClientLimiter(storage=settings.rate_limit_storage)
    cookie = ChatCookie(secret, production=settings.environment == "production")

    def chat_of(request: Request) -> tuple[str, str | None]:
        """The chat of the request, and a fresh cookie to set when it starts a new one."""
        token, sent = cookie.read(request)
        if token is not None:
            return chat_id_for(token, secret), None
        if not sent:
            raise WebChatError(
                401,
                "Sesi chat tidak ditemukan; muat ulang halaman",
                "No chat session; reload the page",
            )
        # A cookie the server did not sign picks no chat: a new chat, under a cookie of ours.
        fresh = cookie.issue()
        return chat_id_for(fresh.token, secret), fresh.value

    async def limited(request: Request, kind: str) -> tuple[str, str | None]:
        chat_id, fresh = chat_of(request)
        wait = await limiter.hit(kind, chat_id, origin_of(request) or "-")
        if wait is not None:
            raise WebChatError(
                429, "Terlalu banyak permintaan; coba lagi sebentar lagi",
                "Too many requests; try again shortly", **{"Retry-After": str(wait)},
            )  # fmt: skip
        return chat_id, fresh

    def answer(rows: list[WebChatMessage], fresh: str | None) -> JSONResponse:
        response = JSONResponse({"messages": [_message_json(row) for row in rows]})
        if fresh is not None:
            cookie.give(response, fresh)
        return response

    def language_of(request: Request) -> str | None:
        return request.headers.get("accept-language", "")[:2] or None

    @router.get("/chat", response_class=HTMLResponse)
    async def page(request: Request) -> Response:
        """The chat page; gives the browser its chat cookie on the first visit."""
        response = _templates.TemplateResponse(
            request, "chat.html", {"max_bytes": chat.engine.services.max_attachment_bytes}
        )
        if cookie.read(request)[0] is None:
            cookie.give(response, cookie.issue().value)
        response.headers["Cache-Control"] = "no-store"
        return response

    @router.get("/chat/api/messages")
    async def read(
        request: Request,
        after: Annotated[int, Query(ge=0)] = 0,
        wait: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = 0,
    ) -> JSONResponse:
        """Messages newer than `after`, waiting up to `wait` seconds for one (long polling)."""
        try:
            chat_id, fresh = await limited(request, "read")
        except WebChatError as error:
            return _error_response(error)
        return answer(await chat.messages(chat_id, after, wait), fresh)

    @router.post("/chat/api/events")
    async def send(request: Request, after: Annotated[int, Query(ge=0)] = 0) -> JSONResponse:
        """Hands one input to the dialogs and answers the transcript after `after`."""
        try:
            chat_id, fresh = await limited(request, "send")
            incoming = await _read_incoming(request)
            event, shown = _event_of(incoming, chat_id, language_of(request))
        except WebChatError as error:
            return _error_response(error)
        await chat.handle(dataclasses.replace(event, origin=origin_of(request)), shown)
        return answer(await chat.messages(chat_id, after, 0), fresh)

    @router.post("/chat/api/files")
    async def upload(request: Request, after: Annotated[int, Query(ge=0)] = 0) -> JSONResponse:
        """Takes one photo or document (multipart field `file`, with `id`)."""
        try:
            chat_id, fresh = await limited(request, "upload")
            event_id, received = await _read_upload(
                request, chat.engine.services.max_attachment_bytes
            )
        except WebChatError as error:
            return _error_response(error)
        await chat.handle_upload(
            chat_id, event_id, received, language_of(request), origin=origin_of(request)
        )
        return answer(await chat.messages(chat_id, after, 0), fresh)

    router.mount(
        "/chat/static",
        StaticFiles(directory=str(resources.files("bot.web").joinpath("static"))),
        name="webchat-static",
    )
    return router


def origin_of(request: Request) -> str | None:
    """The client's address as the app sees it (behind a trusted proxy: the forwarded one)."""
    return request.client.host if request.client else None


def _declared_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


async def _read_body(request: Request, limit: int) -> bytes:
    declared = _declared_length(request)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


def _too_large(limit: int) -> WebChatError:
    size = f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MB"
    return WebChatError(
        413, f"Kiriman terlalu besar (paling besar {size})", f"Request too large (at most {size})"
    )


async def _read_incoming(request: Request) -> Incoming:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise WebChatError(
            415, "Kirim sebagai JSON", "Send the request as JSON (Content-Type: application/json)"
        )
    body = await _read_body(request, MAX_JSON_BYTES)
    try:
        return Incoming.model_validate(json.loads(body))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise WebChatError(400, "Permintaan tidak terbaca (JSON rusak)", "Malformed JSON") from None
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "body"
        raise WebChatError(
            422,
            f"Isian '{where}' tidak valid: {problem['msg']}",
            f"Field '{where}' is invalid: {problem['msg']}",
        ) from None


def _event_of(incoming: Incoming, chat_id: str, language: str | None) -> tuple[Event, str | None]:
    if incoming.type == "start":
        # A first visit, or a poster's link: the greeting, with nothing in the transcript the
        # person did not type. A poster's source is the same deep link as on Telegram.
        argument = (
            SOURCE_LINK_PREFIX + incoming.src
            if incoming.src and SRC.fullmatch(incoming.src)
            else None
        )
        event = Event(
            CHANNEL, chat_id, EventKind.COMMAND, remembered_event_id(incoming.id),
            text="/start", command="start", argument=argument, language_hint=language,
        )  # fmt: skip
        return event, None
    if incoming.type == "button":
        if not incoming.payload:
            raise WebChatError(422, "Tombol tanpa isi", "A button press needs its payload")
        event = Event(
            CHANNEL,
            chat_id,
            EventKind.BUTTON,
            remembered_event_id(incoming.id),
            payload=incoming.payload,
            language_hint=language,
        )
        return event, incoming.label or "▶"
    text = (incoming.text or "").strip()
    if not text:
        raise WebChatError(422, "Pesan kosong; tulis sesuatu dulu", "The message is empty")
    event = Event.from_text(CHANNEL, chat_id, text, remembered_event_id(incoming.id))
    return dataclasses.replace(event, language_hint=language), text


async def _read_upload(request: Request, max_bytes: int) -> tuple[str, Upload]:
    # The file may be refused by the dialogs for its size; a little over is still read.
    limit = max_bytes + 64 * 1024
    declared = _declared_length(request)
    if declared is not None and declared > limit:
        raise _too_large(max_bytes)
    try:
        form = await request.form(max_files=1, max_fields=4, max_part_size=limit)
    except MultiPartException as error:
        raise WebChatError(
            400, f"Berkas tidak terbaca: {error.message}", f"Unreadable upload: {error.message}"
        ) from None
    event_id = str(form.get("id") or "")
    file = form.get("file")
    if not EVENT_ID.match(event_id) or file is None or isinstance(file, str):
        raise WebChatError(422, "Kirim satu berkas dengan id-nya", "Send one file with its id")
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(max_bytes)
    name = (file.filename or "berkas")[:120]
    return event_id, Upload(data, name, file.content_type)
