"""Telegram's flood limits, kept on our side: thirty messages a second, one a second per chat."""

from __future__ import annotations

import asyncio
import time

from aiolimiter import AsyncLimiter


class Pacer:
    """Spaces sends evenly over the whole bot and per chat.

    The overall limiter holds one token at a time, so sends are spread evenly
    instead of leaving in bursts that Telegram's own window could count twice.
    """

    def __init__(self, overall_rate: float, chat_interval: float) -> None:
        self._overall = AsyncLimiter(1, 1 / overall_rate)
        self._chat_interval = chat_interval
        # When each chat may get its next message (monotonic seconds), and until when
        # Telegram told us to leave it alone.
        self._chat_ready: dict[str, float] = {}
        self._held_until: dict[str, float] = {}

    async def wait_turn(self, chat_id: str) -> None:
        """Returns when a message may go to `chat_id` without breaking either limit."""
        await self._wait_for_chat(chat_id)
        await self._overall.acquire()

    async def wait_overall(self) -> None:
        """Returns when the bot may send its next message: for the rest of one answer,
        whose pieces go to the chat together as a person's typed answer would."""
        await self._overall.acquire()

    async def wait_answer_turn(self, chat_id: str) -> None:
        """For the dialog's answer to what the person has just sent: it goes at once (a chat
        Telegram told to wait still waits), and the chat's next message keeps its distance."""
        now = time.monotonic()
        held = self._held_until.get(chat_id, 0.0)
        if held > now:
            await asyncio.sleep(held - now)
            now = time.monotonic()
        self._chat_ready[chat_id] = max(
            self._chat_ready.get(chat_id, 0.0), now + self._chat_interval
        )
        await self._overall.acquire()

    def hold_chat(self, chat_id: str, seconds: float) -> None:
        """Keeps a chat quiet for a while (Telegram asked us to, with a 429)."""
        ready = time.monotonic() + seconds
        self._chat_ready[chat_id] = max(ready, self._chat_ready.get(chat_id, 0.0))
        self._held_until[chat_id] = max(ready, self._held_until.get(chat_id, 0.0))

    async def _wait_for_chat(self, chat_id: str) -> None:
        now = time.monotonic()
        ready = self._chat_ready.get(chat_id, 0.0)
        if ready > now:
            await asyncio.sleep(ready - now)
            now = time.monotonic()
        self._chat_ready[chat_id] = now + self._chat_interval
        self._forget_idle_chats(now)

    def _forget_idle_chats(self, now: float) -> None:
        # Chats whose turn has come need no entry; dropping them keeps memory flat.
        if len(self._chat_ready) > 1024:
            for chat_id in [chat for chat, ready in self._chat_ready.items() if ready <= now]:
                del self._chat_ready[chat_id]
            for chat_id in [chat for chat, held in self._held_until.items() if held <= now]:
                del self._held_until[chat_id]
