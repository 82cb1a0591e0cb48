"""GET and POST /whatsapp/webhook: Meta's verification, and the signed updates it delivers."""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pywa_async.utils import webhook_updates_validator

from bot.whatsapp.channel import NotRecordedYet

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/whatsapp/webhook"
SIGNATURE_HEADER = "X-Hub-Signature-256"


def whatsapp_webhook_router(verify_token: str, app_secret: str) -> APIRouter:
    """The webhook routes; the channel comes from app.state.whatsapp once it started."""
    router = APIRouter()

    @router.get(WEBHOOK_PATH, include_in_schema=False)
    async def verify(request: Request) -> Response:
        """Meta's subscription check: the challenge echoed for the right verify token."""
        query = request.query_params
        given = query.get("hub.verify_token", "")
        if query.get("hub.mode") != "subscribe" or not hmac.compare_digest(
            given.encode(), verify_token.encode()
        ):
            return PlainTextResponse("Forbidden", status_code=403)
        return PlainTextResponse(query.get("hub.challenge", ""))

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def take(request: Request) -> Response:
        """One signed webhook body; anything not signed with the app secret is refused."""
        raw = await request.body()
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not signature or not webhook_updates_validator(app_secret, raw, signature):
            log.warning("a WhatsApp webhook with a missing or wrong signature refused")
            return JSONResponse({"error": "bad signature"}, status_code=401)
        try:
            body = json.loads(raw)
        except ValueError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "not a webhook body"}, status_code=400)
        channel = getattr(request.app.state, "whatsapp", None)
        if channel is None:  # still starting: Meta delivers again
            return JSONResponse({"error": "starting"}, status_code=503)
        try:
            await channel.process_body(body)
        except NotRecordedYet as early:
            log.info("WhatsApp's word on message %s came before its record; asked again", early)
            return JSONResponse({"error": "not recorded yet"}, status_code=503)
        except Exception:
            # Not stored: Meta delivers it again, and what was handled is not handled twice.
            log.exception("a WhatsApp webhook body not processed; it will come again")
            return JSONResponse({"error": "temporarily unavailable"}, status_code=503)
        return JSONResponse({"ok": True})

    return router
