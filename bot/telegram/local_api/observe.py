"""Reading what the bot did: its messages, calls, button answers, chat actions, commands."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.telegram.local_api.state import (
    BotWorld,
    Call,
    CallbackAnswer,
    DeliveryAttempt,
    SentMessage,
    WebhookConfig,
)


class BotObservations:
    """Mixin for the server object: what tests assert on. Needs `self.world` (a BotWorld)."""

    world: BotWorld

    def messages(self, chat_id: int) -> list[SentMessage]:
        """Every message the bot sent to a chat, oldest first (deleted ones flagged)."""
        chat = self.world.chats.get(chat_id)
        return list(chat.bot_messages) if chat else []

    def last_message(self, chat_id: int) -> SentMessage | None:
        """The newest bot message the user can still see in the chat."""
        visible = [m for m in self.messages(chat_id) if not m.deleted]
        return visible[-1] if visible else None

    async def wait_for_message(
        self, chat_id: int, contains: str, timeout: float = 10.0, after: int | None = None
    ) -> SentMessage:
        """Waits for a visible bot message whose text contains `contains` (newest match wins).

        Messages already there count; pass `after` (a message_id) to look only at newer ones.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for message in reversed(self.messages(chat_id)):
                newer = after is None or message.message_id > after
                if newer and not message.deleted and contains in message.text:
                    return message
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [m.text[:80] for m in self.messages(chat_id)[-5:]]
                raise TimeoutError(
                    f"no bot message containing {contains!r} in chat {chat_id} within "
                    f"{timeout} s; latest messages: {seen}"
                )
            await self.world.output_changed.wait(remaining)

    async def wait_until_taken(self, update_id: int, timeout: float = 10.0) -> None:
        """Waits until the bot confirmed (polling) or accepted with 2xx (webhook) an update."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.world.updates.is_pending(update_id):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"update {update_id} still pending after {timeout} s")
            await self.world.updates.changed.wait(remaining)

    @property
    def calls(self) -> list[Call]:
        """Every Bot API call as (method, params), in order."""
        return self.world.calls

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of one method."""
        return [call.params for call in self.world.calls if call.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """Every answerCallbackQuery, in order."""
        return self.world.callback_answers

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        """Every sendChatAction as (chat_id, action)."""
        return self.world.chat_actions

    @property
    def commands(self) -> dict[str, list[dict[str, str]]]:
        """The last setMyCommands per language_code ("" for all languages)."""
        return self.world.commands

    @property
    def webhook(self) -> WebhookConfig | None:
        """The webhook the bot set, or None while it polls."""
        return self.world.webhook

    @property
    def delivery_attempts(self) -> list[DeliveryAttempt]:
        """Every webhook POST with its status code (None when no connection was made)."""
        return self.world.delivery_attempts

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not yet confirmed or accepted."""
        return [entry.payload for entry in self.world.updates.pending]

    @property
    def rate_limited_count(self) -> int:
        """How many 429 answers were given."""
        return self.world.rate_limited_count
