"""How the notifier reaches a WhatsApp chat: rendered to what WhatsApp takes, paced, outcomes mapped."""

from __future__ import annotations

import logging

from bot.notifier.delivery import DeliveryError, RateLimited, Refused, TryLater
from bot.notifier.pacing import Pacer
from bot.whatsapp.client import WhatsAppClient, WhatsAppSendError
from bot.whatsapp.render import WhatsAppMessage, render
from dialogs.events import Reply
from dialogs.i18n import translate

log = logging.getLogger(__name__)

# Seconds a chat is left alone after WhatsApp said "too many" (it gives no figure).
THROTTLE_SECONDS = 6.0


class WhatsAppDeliverer:
    """Delivers through the Cloud API, paced to its throughput."""

    def __init__(self, client: WhatsAppClient, pacer: Pacer) -> None:
        self.client = client
        self.pacer = pacer

    async def deliver(self, chat_id: str, reply: Reply, *, language: str = "id") -> str | None:
        """Sends a status message (or another message of ours), piece by piece."""
        message_id: str | None = None
        for done, piece in enumerate(self._rendered(chat_id, reply, language)):
            await self.pacer.wait_turn(chat_id)
            message_id = await self._send(chat_id, piece, done)
        return message_id

    async def deliver_replies(
        self,
        chat_id: str,
        replies: list[Reply],
        *,
        skip: int = 0,
        clear_buttons_of: int | None = None,
        language: str = "id",
    ) -> str | None:
        """Sends the dialog's answer to one message, its pieces together; `skip` went before.

        WhatsApp cannot take buttons off a sent message (`clear_buttons_of`): an old
        button pressed is answered by the dialogs as out of date instead.
        """
        pieces = [p for reply in replies for p in self._rendered(chat_id, reply, language)][skip:]
        message_id: str | None = None
        for done, piece in enumerate(pieces):
            await (self.pacer.wait_overall() if done else self.pacer.wait_answer_turn(chat_id))
            try:
                message_id = await self._send(chat_id, piece, done)
            except Refused as refusal:
                # One piece WhatsApp will never take (a bug of ours): logged, the rest goes.
                log.warning("a piece of the answer to chat %s refused: %s", chat_id, refusal)
        return message_id

    async def _send(self, chat_id: str, piece: WhatsAppMessage, delivered: int) -> str:
        try:
            return await self.client.send(chat_id, piece)
        except WhatsAppSendError as error:
            failure: DeliveryError
            if error.throttled:
                self.pacer.hold_chat(chat_id, THROTTLE_SECONDS)
                failure = RateLimited(THROTTLE_SECONDS)
            elif error.passing:
                failure = TryLater(str(error))
            else:
                failure = Refused(str(error))
            failure.delivered = delivered
            raise failure from error

    @staticmethod
    def _rendered(chat_id: str, reply: Reply, language: str) -> list[WhatsAppMessage]:
        try:
            return render(reply, translate(language, "whatsapp-list-button"))
        except ValueError:
            log.exception("a reply to chat %s cannot be rendered; left out", chat_id)
            return []
