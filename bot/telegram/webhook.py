"""POST /telegram/webhook: Telegram delivers updates here when TELEGRAM_MODE=webhook."""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram/webhook"


def webhook_router(secret: str) -> APIRouter:
    """The webhook route; the channel comes from app.state.telegram once the bot started."""
    router = APIRouter()

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def telegram_webhook(request: Request) -> JSONResponse:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"ok": False, "error": "wrong secret token"}, status_code=401)
        try:
            update = json.loads(await request.body())
            update["update_id"]
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"ok": False, "error": "not a Telegram update"}, status_code=400)
        channel = getattr(request.app.state, "telegram", None)
        if channel is None:  # still starting: Telegram will deliver again
            return JSONResponse({"ok": False, "error": "starting"}, status_code=503)
        try:
            press = await channel.process_update(update, answer_press=False)
        except Exception as error:  # noqa: BLE001  (counted; given up after too many)
            if await channel.note_failure(update, error):
                return JSONResponse({"ok": True, "given_up": True})
            # Not stored: a 5xx makes Telegram deliver the update again later.
            return JSONResponse({"ok": False, "error": "temporarily unavailable"}, status_code=503)
        if press is not None:
            # Telegram makes the call a webhook answers with: the press is answered without
            # a request of our own (it reports no outcome; answering a press is a courtesy).
            return JSONResponse({"method": "answerCallbackQuery", "callback_query_id": press})
        return JSONResponse({"ok": True})

    return router
