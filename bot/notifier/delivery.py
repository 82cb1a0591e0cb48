"""How the notifier reaches a chat: one deliverer per channel, one set of outcomes."""

from __future__ import annotations

import asyncio
from typing import Protocol

from bot.notifier.pacing import Pacer
from bot.telegram.client import (
    BadRequest,
    Blocked,
    RetryAfter,
    TelegramClient,
    TelegramError,
    Unavailable,
)
from bot.telegram.render import render
from dialogs.events import Reply


class DeliveryError(Exception):
    """A message did not reach the chat."""


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

    async def deliver(self, chat_id: str, reply: Reply) -> str | None: ...


class TelegramDeliverer:
    """Delivers through the Bot API, paced to Telegram's limits."""

    def __init__(self, client: TelegramClient, pacer: Pacer, *, started: bool = True) -> None:
        self.client = client
        self.pacer = pacer
        # A client not started yet is started at the first message, so a Telegram that
        # cannot be reached at start-up delays only Telegram's messages.
        self._started = started
        self._starting = asyncio.Lock()

    async def deliver(self, chat_id: str, reply: Reply) -> str | None:
        """Sends each piece of the reply in turn; errors come back as DeliveryError."""
        await self._start()
        message_id: int | None = None
        for piece in render(reply):
            await self.pacer.wait_turn(chat_id)
            try:
                message_id = await self.client.send_message(chat_id, piece)
            except RetryAfter as error:
                self.pacer.hold_chat(chat_id, error.seconds)
                raise RateLimited(error.seconds) from error
            except Blocked as error:
                raise RecipientGone(str(error)) from error
            except BadRequest as error:
                raise Refused(str(error)) from error
            except Unavailable as error:
                raise TryLater(str(error)) from error
            except TelegramError as error:
                raise TryLater(str(error)) from error
        return str(message_id) if message_id is not None else None

    async def _start(self) -> None:
        async with self._starting:
            if self._started:
                return
            try:
                await self.client.start()
            except Exception as error:  # any library error: Telegram is not there yet
                raise TryLater(f"cannot reach Telegram: {error}") from error
            self._started = True
