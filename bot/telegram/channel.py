"""The Telegram channel: updates in, engine in the middle, messages out.

Shared by python-telegram-bot and aiogram (through TelegramClient), by polling
and by webhook. An update counts as processed only when the engine has
committed it; what is sent afterwards is retried on 429 and 5xx.
"""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from backend.citizens.models import Channel
from backend.citizens.service import set_chat_reachable
from backend.db import unit_of_work
from bot.telegram.client import Blocked, RetryAfter, TelegramClient, TelegramError, Unavailable
from bot.telegram.files import fetch_file, worth_fetching
from bot.telegram.render import render
from bot.telegram.updates import chat_id_of, event_from_update, membership_change
from dialogs.engine import DialogEngine
from dialogs.events import Event, EventKind, Reply
from dialogs.i18n import translate

log = logging.getLogger(__name__)

# Commands shown in Telegram's menu; descriptions come from the catalogs.
BOT_COMMANDS = (
    "lapor", "status", "jawab", "banding", "info", "bahasa", "batal", "kembali", "bantuan", "menu",
)
SEND_ATTEMPTS = 6
MAX_RETRY_AFTER = 60.0


def _wait(state: RetryCallState) -> float:
    # 429 says how long to wait; 5xx and time-outs back off exponentially with jitter.
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, RetryAfter):
        return min(error.seconds, MAX_RETRY_AFTER)
    return min(0.2 * 2 ** (state.attempt_number - 1), 5.0) * (0.5 + random.random())


class TelegramChannel:
    """Turns Telegram updates into engine events and the engine's replies into messages."""

    def __init__(
        self,
        client: TelegramClient,
        engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
        *,
        files_dir: Path,
    ) -> None:
        self.client = client
        self.engine = engine
        self.sessions = sessions
        self.files_dir = files_dir
        # Replies of one chat go out in order even when updates arrive side by side; a lock
        # lives only while someone holds or waits for it, so idle chats cost no memory.
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def announce_commands(self) -> None:
        """setMyCommands in Bahasa Indonesia (default) and English."""
        for language, code in (("id", None), ("en", "en")):
            commands = [(name, translate(language, f"command-{name}")) for name in BOT_COMMANDS]
            await self.client.set_commands(commands, code)

    async def process_batch(self, updates: list[dict[str, Any]]) -> None:
        """Processes updates, chats side by side, each chat's in order; raises if any failed."""
        by_chat: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for update in updates:
            by_chat[chat_id_of(update) or ""].append(update)

        async def one_chat(chat_updates: list[dict[str, Any]]) -> None:
            for update in chat_updates:
                await self.process_update(update)

        results = await asyncio.gather(*(one_chat(items) for items in by_chat.values()), return_exceptions=True)
        failures = [result for result in results if isinstance(result, BaseException)]
        if failures:
            raise failures[0]

    async def process_update(self, update: dict[str, Any]) -> None:
        """Processes one update; an exception means it was not stored and must come again."""
        reachable = membership_change(update)
        if reachable is not None:
            await self._set_reachable(chat_id_of(update) or "", reachable)
            return
        event = event_from_update(update)
        if event is None:
            return
        lock = self._chat_locks.get(event.chat_id)
        if lock is None:
            lock = self._chat_locks[event.chat_id] = asyncio.Lock()
        async with lock:
            # The press is answered and "typing" shown while the engine works, not before.
            courtesies = [self._quietly(self.client.send_typing(event.chat_id))]
            if event.kind == EventKind.BUTTON:
                courtesies.append(self._quietly(self.client.answer_callback(update["callback_query"]["id"])))
            shown = asyncio.gather(*courtesies)
            try:
                event = await self._with_file(event)
                replies = await self.engine.handle(event)
            finally:
                await shown
            if event.kind == EventKind.BUTTON:
                await self._remove_old_buttons(update)
            await self.send_replies(event.chat_id, replies)

    async def _with_file(self, event: Event) -> Event:
        if event.kind != EventKind.FILE or event.file is None:
            return event
        limit = self.engine.services.max_attachment_bytes
        if not worth_fetching(event.file, limit):
            return event
        return replace(event, file=await fetch_file(self.client, event.file, self.files_dir, limit))

    async def _remove_old_buttons(self, update: dict[str, Any]) -> None:
        # The answered question's buttons go away, so they cannot be pressed twice.
        message = update["callback_query"].get("message")
        if message and message.get("reply_markup"):
            await self._quietly(
                self.client.remove_inline_keyboard(message["chat"]["id"], message["message_id"])
            )

    async def send_replies(self, chat_id: str, replies: list[Reply]) -> None:
        """Sends replies in order; 429 and 5xx are retried, a blocked chat is marked."""
        for reply in replies:
            for message in render(reply):
                try:
                    async for attempt in AsyncRetrying(
                        retry=retry_if_exception_type((RetryAfter, Unavailable)),
                        wait=_wait, stop=stop_after_attempt(SEND_ATTEMPTS), reraise=True,
                    ):  # fmt: skip
                        with attempt:
                            await self.client.send_message(chat_id, message)
                except Blocked:
                    await self._set_reachable(chat_id, False)
                    return
                except TelegramError as error:
                    log.warning("message to chat %s not sent: %s", chat_id, error)

    async def _set_reachable(self, chat_id: str, reachable: bool) -> None:
        async with unit_of_work(self.sessions) as session:
            await set_chat_reachable(session, Channel.TELEGRAM, chat_id, reachable)

    @staticmethod
    async def _quietly(call: Any) -> None:
        # Typing actions, callback answers and keyboard clean-up are courtesies.
        try:
            await call
        except TelegramError as error:
            log.debug("ignored: %s", error)
