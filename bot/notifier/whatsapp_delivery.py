"""How the notifier reaches a WhatsApp chat: rendered to what WhatsApp takes, paced, outcomes mapped."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from backend.clock import utcnow
from backend.notifications.repository import ClaimedMessage
from bot.notifier.delivery import DeliveryError, RateLimited, RecipientGone, Refused, TryLater
from bot.notifier.pacing import Pacer
from bot.whatsapp.client import WhatsAppClient, WhatsAppSendError
from bot.whatsapp.render import ListWords, WhatsAppMessage, render
from dialogs.events import Reply
from dialogs.i18n import format_day, translate

log = logging.getLogger(__name__)

# Seconds a chat is left alone after WhatsApp said "too many" (it gives no figure).
THROTTLE_SECONDS = 6.0
# Free-form messages may go this long after the person's last message: WhatsApp's 24 hours,
# less a margin for a message that waits in the queue or for a retry.
WINDOW = timedelta(hours=23, minutes=45)
# Our languages in WhatsApp's template language codes; others read the Indonesian one.
TEMPLATE_LANGUAGES = {"id": "id", "en": "en"}


def template_language(language: str) -> str:
    """The language of the approved template a chat in `language` gets."""
    return TEMPLATE_LANGUAGES.get(language, "id")


def window_open(last_inbound_at: datetime | None, now: datetime) -> bool:
    """Whether a free-form message may reach the chat now."""
    return last_inbound_at is not None and now - last_inbound_at < WINDOW


def status_template(
    message: ClaimedMessage, prefix: str, parameters: tuple[str, ...] = ("ticket",)
) -> tuple[str, list[str]]:
    """The template for a message outside the window, and its body's parameters in the order
    WHATSAPP_TEMPLATE_PARAMETERS names them: ticket, status (its name in the template's
    language) and due (the expected date, or "-")."""
    status = str(message.params.get("status") or "")
    kind = status if status and message.template.startswith("complaint.") else "update"
    # Said in the template's language: a Sunda reader's Indonesian template reads whole.
    language = template_language(message.language)
    due_on = message.params.get("due_on")
    values = {
        "ticket": str(message.params.get("ticket") or "-"),
        "status": translate(language, f"status-{status}") if status else "-",
        "due": format_day(language, date.fromisoformat(str(due_on))) if due_on else "-",
    }
    return f"{prefix}{kind}", [values[name] for name in parameters]


class WhatsAppDeliverer:
    """Delivers through the Cloud API, paced to its throughput, templates outside the window."""

    def __init__(
        self,
        client: WhatsAppClient,
        pacer: Pacer,
        template_prefix: str,
        template_parameters: tuple[str, ...] = ("ticket",),
    ) -> None:
        self.client = client
        self.pacer = pacer
        self.template_prefix = template_prefix
        self.template_parameters = template_parameters

    async def deliver_news(self, message: ClaimedMessage, reply: Reply) -> str | None:
        """Our news as text within the chat's 24-hour window, else as its approved template.

        A template WhatsApp refuses (missing, not approved) leaves the person unreachable
        here: RecipientGone, so the news goes through a facilitator as for a blocked chat.
        """
        if window_open(message.last_inbound_at, utcnow()):
            return await self.deliver(message.chat_id, reply, language=message.language)
        name, parameters = status_template(message, self.template_prefix, self.template_parameters)
        language = template_language(message.language)
        await self.pacer.wait_turn(message.chat_id)
        try:
            return await self.client.send_template(message.chat_id, name, language, parameters)
        except WhatsAppSendError as error:
            if error.recipient_gone:
                raise RecipientGone(f"template {name} ({language}): {error}") from error
            raise self._failure(message.chat_id, error, 0) from error

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
            raise self._failure(chat_id, error, delivered) from error

    def _failure(self, chat_id: str, error: WhatsAppSendError, delivered: int) -> DeliveryError:
        failure: DeliveryError
        if error.throttled:
            self.pacer.hold_chat(chat_id, THROTTLE_SECONDS)
            failure = RateLimited(THROTTLE_SECONDS)
        elif error.passing:
            failure = TryLater(str(error))
        else:
            failure = Refused(str(error))
        failure.delivered = delivered
        return failure

    @staticmethod
    def _rendered(chat_id: str, reply: Reply, language: str) -> list[WhatsAppMessage]:
        try:
            words = ListWords(
                translate(language, "whatsapp-list-button"),
                translate(language, "whatsapp-more-choices"),
            )
            return render(reply, words)
        except ValueError:
            log.exception("a reply to chat %s cannot be rendered; left out", chat_id)
            return []
