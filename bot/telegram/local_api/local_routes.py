"""JSON endpoints under /_local that drive the users and read the bot's output over HTTP.

For a person poking at the bot by hand, or a benchmark in another process.
Binary data travels as base64. Answers use Telegram's envelope shape too.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from bot.telegram.local_api.registry import method_names
from bot.telegram.local_api.state import SentMessage

if TYPE_CHECKING:
    from bot.telegram.local_api.server import LocalBotApi

_MISSING = object()


def _field(body: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
    if name in body:
        return body[name]
    if default is _MISSING:
        raise ValueError(f"field {name!r} is required")
    return default


def _bytes(body: dict[str, Any]) -> bytes:
    return base64.b64decode(_field(body, "data_base64"))


def _run(action: Callable[[], Any]) -> JSONResponse:
    try:
        result = action()
    except (LookupError, ValueError, TypeError) as error:
        return JSONResponse({"ok": False, "description": str(error)}, status_code=400)
    return JSONResponse({"ok": True, "result": result})


def message_json(message: SentMessage) -> dict[str, Any]:
    """A bot message as plain JSON, buttons included."""
    return {**dataclasses.asdict(message), "buttons": message.buttons}


def local_router(local: LocalBotApi) -> APIRouter:
    """The /_local endpoints bound to one server."""
    router = APIRouter()
    Json = Body(default_factory=dict)

    @router.get("/")
    async def overview() -> JSONResponse:
        """Where the server is and what it holds."""
        return _run(
            lambda: {
                "url": local.url,
                "token": local.token,
                "methods": method_names(),
                "users": [dataclasses.asdict(u) for u in local.world.users.values()],
                "webhook": dataclasses.asdict(local.webhook) if local.webhook else None,
                "pending_updates": len(local.world.updates.pending),
                "limits_enabled": local.limits_enabled,
                "rate_limited_count": local.rate_limited_count,
            }
        )

    user_actions: dict[str, Callable[[int, dict[str, Any]], Any]] = {
        "text": lambda uid, b: local.send_text(
            uid,
            _field(b, "text"),
            _field(b, "first_name", "Siti"),
            _field(b, "language_code", "id"),
        ),
        "press": lambda uid, b: local.press(uid, _field(b, "label")),
        "press_data": lambda uid, b: local.press_data(
            uid, _field(b, "message_id"), _field(b, "data")
        ),
        "contact": lambda uid, b: local.share_contact(uid, _field(b, "phone_number")),
        "photo": lambda uid, b: local.send_photo(uid, _bytes(b), _field(b, "caption", None)),
        "document": lambda uid, b: local.send_document(
            uid,
            _bytes(b),
            _field(b, "file_name"),
            _field(b, "mime_type", "application/pdf"),
            _field(b, "caption", None),
        ),
        "voice": lambda uid, b: local.send_voice(uid, _bytes(b), _field(b, "duration", 3)),
        "sticker": lambda uid, b: local.send_sticker(uid, _field(b, "emoji", "👍")),
        "location": lambda uid, b: local.send_location(
            uid, _field(b, "latitude"), _field(b, "longitude")
        ),
        "edit": lambda uid, b: local.edit_text(uid, _field(b, "message_id"), _field(b, "text")),
        "block": lambda uid, b: local.block(uid),
        "unblock": lambda uid, b: local.unblock(uid),
    }

    @router.post("/users/{user_id}/{action}")
    async def act(user_id: int, action: str, body: dict[str, Any] = Json) -> JSONResponse:
        """A user does something (text, press, contact, photo, ...); answers the update_id."""
        if action not in user_actions:
            return JSONResponse({"ok": False, "description": f"unknown action {action!r}"}, 404)
        return _run(lambda: {"update_id": user_actions[action](user_id, body)})

    @router.post("/updates")
    async def queue_raw(body: dict[str, Any] = Json) -> JSONResponse:
        """Queues a raw update."""
        return _run(lambda: {"update_id": local.queue_raw(body)})

    @router.post("/updates/{update_id}/redeliver")
    async def redeliver(update_id: int) -> JSONResponse:
        """Queues an update again with the same id."""
        return _run(lambda: {"update_id": local.redeliver(update_id)})

    @router.get("/chats/{chat_id}/messages")
    async def messages(chat_id: int) -> JSONResponse:
        """What the bot sent to a chat."""
        return _run(lambda: [message_json(m) for m in local.messages(chat_id)])

    @router.get("/chats/{chat_id}/wait")
    async def wait(chat_id: int, contains: str, timeout: float = 10.0) -> JSONResponse:
        """Waits for a bot message containing a text."""
        try:
            message = await local.wait_for_message(chat_id, contains, timeout)
        except TimeoutError as error:
            return JSONResponse({"ok": False, "description": str(error)}, status_code=408)
        return _run(lambda: message_json(message))

    @router.get("/calls")
    async def calls(method: str | None = None) -> JSONResponse:
        """The bot's calls, optionally of one method."""
        return _run(
            lambda: [
                {"method": c.method, "params": c.params}
                for c in local.calls
                if method is None or c.method.lower() == method.lower()
            ]
        )

    @router.get("/deliveries")
    async def deliveries() -> JSONResponse:
        """Every webhook delivery attempt."""
        return _run(lambda: [dataclasses.asdict(a) for a in local.delivery_attempts])

    @router.put("/limits")
    async def limits(body: dict[str, Any] = Json) -> JSONResponse:
        """Switches flood limits on or off: {"enabled": bool}."""

        def switch() -> bool:
            local.limits_enabled = bool(_field(body, "enabled"))
            return local.limits_enabled

        return _run(switch)

    @router.post("/faults")
    async def faults(body: dict[str, Any] = Json) -> JSONResponse:
        """Makes the next calls of a method fail.

        Body: {method, error_code, description?, count?, retry_after?, migrate_to_chat_id?}.
        """
        return _run(
            lambda: local.fail_next(
                _field(body, "method"),
                _field(body, "error_code"),
                _field(body, "description", None),
                _field(body, "count", 1),
                _field(body, "retry_after", None),
                _field(body, "migrate_to_chat_id", None),
            )
        )

    @router.post("/garbles")
    async def garbles(body: dict[str, Any] = Json) -> JSONResponse:
        """Makes the next calls of a method answer an HTML page: {method, count?}."""
        return _run(lambda: local.garble_next(_field(body, "method"), _field(body, "count", 1)))

    @router.post("/delays")
    async def delays(body: dict[str, Any] = Json) -> JSONResponse:
        """Makes the next calls of a method slow: {method, seconds, count?}."""
        return _run(
            lambda: local.delay_next(
                _field(body, "method"), _field(body, "seconds"), _field(body, "count", 1)
            )
        )

    return router
