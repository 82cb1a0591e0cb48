"""How the notifier reaches a chat: one deliverer per channel, one set of outcomes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol, runtime_checkable

from backend.notifications.repository import ClaimedMessage
from bot.notifier.pacing import Pacer
from bot.telegram.client import (
    BadRequest,
    Blocked,
    RenderedMessage,
    RetryAfter,
    TelegramClient,
    TelegramError,
    TimedOut,
    Unavailable,
)
from bot.telegram.render import render
from dialogs.events import Reply

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A message did not reach the chat.

    `delivered` counts the pieces of it that did, before the one that failed.
    """

    delivered: int = 0


class RateLimited(DeliveryError):
    """The channel asks us to wait `seconds` before trying again (HTTP 429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited: retry after {seconds} s")
        self.seconds = seconds


class TryLater(DeliveryError):
    """5xx, a time-out or no connection: the same message may go through later."""


class RecipientGone(DeliveryError):
    """The person blocked the bot or deleted the account (HTTP 403)."""


class Refused(DeliveryError):
    """The channel refused this message for good (HTTP 400)."""


class Deliverer(Protocol):
    """Sends one reply to one chat of its channel; answers the channel's message id."""

    async def deliver(self, chat_id: str, reply: Reply, *, language: str) -> str | None: ...


@runtime_checkable
class NewsDeliverer(Protocol):
    """A channel that words our news by the message itself, not only its text (WhatsApp:
    an approved template once the chat has been quiet for a day)."""

    async def deliver_news(self, message: ClaimedMessage, reply: Reply) -> str | None: ...


@runtime_checkable
class ReplyDeliverer(Protocol):
    """A channel whose dialog answers go through the outbox (Telegram, WhatsApp)."""

    async def deliver_replies(
        self,
        chat_id: str,
        replies: list[Reply],
        *,
        skip: int = 0,
        clear_buttons_of: int | None = None,
        language: str,
    ) -> str | None: ...


class TelegramDeliverer:
    """Delivers through the Bot API, paced to Telegram's limits."""

    def __init__(self, client: TelegramClient, pacer: Pacer, *, started: bool = True) -> None:
        self.client = client
        self.pacer = pacer
        # A client not started yet is started at the first message, so a Telegram that
        # cannot be reached at start-up delays only Telegram's messages.
        self._started = started
        self._starting = asyncio.Lock()

    async def deliver(self, chat_id: str, reply: Reply, *, language: str = "id") -> str | None:
        """Sends each piece of the reply in turn; errors come back as DeliveryError."""
        await self._start()
        message_id: int | None = None
        for piece in render(reply):
            await self.pacer.wait_turn(chat_id)
            message_id = await self._send(chat_id, piece, 0)
        return str(message_id) if message_id is not None else None

    async def deliver_replies(
        self,
        chat_id: str,
        replies: list[Reply],
        *,
        skip: int = 0,
        clear_buttons_of: int | None = None,
        language: str = "id",
    ) -> str | None:
        """Sends the dialog's answer to one update at once, its pieces together.

        The pieces already delivered (`skip`) are not sent again; a failure says how
        many more went (DeliveryError.delivered). The pressed message's buttons are
        cleared first, once, as a courtesy that may fail.
        """
        await self._start()
        pieces = [piece for reply in replies for piece in _rendered(chat_id, reply)][skip:]
        if clear_buttons_of is not None and skip == 0:
            await self.pacer.wait_answer_turn(chat_id)
            with contextlib.suppress(TelegramError):
                await self.client.remove_inline_keyboard(chat_id, clear_buttons_of)
        message_id: int | None = None
        for done, piece in enumerate(pieces):
            await (self.pacer.wait_overall() if done else self.pacer.wait_answer_turn(chat_id))
            try:
                message_id = await self._send(chat_id, piece, done, as_answer=True)
            except Refused as refusal:
                # One piece Telegram will never take (a bug of ours, a chat that moved):
                # said in the log, and the rest of the answer still goes.
                log.warning("a piece of the answer to chat %s refused: %s", chat_id, refusal)
        return str(message_id) if message_id is not None else None

    async def _send(
        self,
        chat_id: str,
        piece: RenderedMessage,
        delivered: int,
        *,
        as_answer: bool = False,
    ) -> int | None:
        # A piece of the dialog's answer (`as_answer`) is sent at most once: a time-out
        # counts as sent, and any refusal but a 429, a 403 or a 5xx skips the piece.
        try:
            return await self.client.send_message(chat_id, piece)
        except TimedOut as error:
            if not as_answer:
                raise _after(TryLater(str(error)), delivered) from error
            # The answer may well have arrived: a person reads it once, not twice.
            log.warning(
                "a piece of the answer to chat %s timed out (%s); not sent again", chat_id, error
            )
            return None
        except RetryAfter as error:
            self.pacer.hold_chat(chat_id, error.seconds)
            raise _after(RateLimited(error.seconds), delivered) from error
        except Blocked as error:
            raise _after(RecipientGone(str(error)), delivered) from error
        except BadRequest as error:
            raise _after(Refused(str(error)), delivered) from error
        except Unavailable as error:
            raise _after(TryLater(str(error)), delivered) from error
        except TelegramError as error:  # anything else of Telegram's (404, a moved chat)
            if as_answer:
                raise _after(Refused(str(error)), delivered) from error
            raise _after(TryLater(str(error)), delivered) from error

    async def _start(self) -> None:
        async with self._starting:
            if self._started:
                return
            try:
                await self.client.start()
            except Exception as error:  # any library error: Telegram is not there yet
                raise TryLater(f"cannot reach Telegram: {error}") from error
            self._started = True


def _after(failure: DeliveryError, delivered: int) -> DeliveryError:
    failure.delivered = delivered
    return failure


def _rendered(chat_id: str, reply: Reply) -> list[RenderedMessage]:
    # A reply Telegram could never take (a bug of ours: too many buttons, callback data too
    # long) is left out with a log line, so the rest of the answer and the chat go on.
    try:
        return render(reply)
    except ValueError:
        log.exception("a reply to chat %s cannot be rendered; left out", chat_id)
        return []
