"""The Telegram channel: updates in, engine in the middle, messages out.

Shared by python-telegram-bot and aiogram (through TelegramClient), by polling
and by webhook. An update counts as processed only when the engine has
committed it; what is sent afterwards is retried on 429, 5xx and connections
never made, never on a time-out (the message may have gone out already).
"""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type

from backend.citizens.models import Channel
from backend.citizens.service import set_chat_reachable
from backend.db import unit_of_work
from backend.observability.updates import observes_updates
from bot.telegram.client import Blocked, RetryAfter, TelegramClient, TelegramError, Unavailable
from bot.telegram.failures import FailureCounts, is_outage
from bot.telegram.files import fetch_file, worth_fetching
from bot.telegram.render import render
from bot.telegram.updates import chat_id_of, event_from_update, membership_change
from dialogs.engine import DialogEngine
from dialogs.events import Event, EventKind, Reply
from dialogs.i18n import normalise_language, translate

log = logging.getLogger(__name__)

# Commands shown in Telegram's menu; descriptions come from the catalogs.
BOT_COMMANDS = (
    "lapor",
    "status",
    "jawab",
    "banding",
    "dataku",
    "info",
    "bahasa",
    "batal",
    "kembali",
    "bantuan",
    "menu",
)
SEND_ATTEMPTS = 6
MAX_RETRY_AFTER = 60.0


def _wait(state: RetryCallState) -> float:
    # 429 says how long to wait; 5xx and refused connections back off exponentially with jitter.
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, RetryAfter):
        return min(error.seconds, MAX_RETRY_AFTER)
    return min(0.2 * 2 ** (state.attempt_number - 1), 5.0) * (0.5 + random.random())


def _stop_sending(deadline: float | None) -> Callable[[RetryCallState], bool]:
    # Out of attempts, or the next wait would run past the deadline of this update.
    def stop(state: RetryCallState) -> bool:
        if state.attempt_number >= SEND_ATTEMPTS:
            return True
        if deadline is None:
            return False
        return asyncio.get_running_loop().time() + state.upcoming_sleep > deadline

    return stop


def _language_of(update: dict[str, Any]) -> str:
    body = next((value for key, value in update.items() if key != "update_id"), None)
    sender = body.get("from") if isinstance(body, dict) else None
    return normalise_language(sender.get("language_code") if isinstance(sender, dict) else None)


class TelegramChannel:
    """Turns Telegram updates into engine events and the engine's replies into messages."""

    def __init__(
        self,
        client: TelegramClient,
        engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
        *,
        files_dir: Path,
        retry_budget: float | None = None,
    ) -> None:
        self.client = client
        self.engine = engine
        self.sessions = sessions
        self.files_dir = files_dir
        # Seconds one update may spend waiting to resend (webhook: Telegram waits for us).
        self.retry_budget = retry_budget
        self.failures = FailureCounts()
        # Replies of one chat go out in order even when updates arrive side by side; a lock
        # lives only while someone holds or waits for it, so idle chats cost no memory.
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def announce_commands(self) -> None:
        """setMyCommands in Bahasa Indonesia (default) and English."""
        for language, code in (("id", None), ("en", "en")):
            commands = [(name, translate(language, f"command-{name}")) for name in BOT_COMMANDS]
            await self.client.set_commands(commands, code)

    async def process_batch(
        self, updates: list[dict[str, Any]]
    ) -> list[tuple[dict[str, Any], Exception]]:
        """Processes updates, chats side by side, each chat's in order; answers the failures.

        A chat's updates after one that failed are left for the next try, to keep its order.
        """
        by_chat: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for update in updates:
            by_chat[_chat_key(update)].append(update)

        async def one_chat(items: list[dict[str, Any]]) -> tuple[dict[str, Any], Exception] | None:
            for update in items:
                try:
                    await self.process_update(update)
                except Exception as error:  # noqa: BLE001  (handed back to the caller)
                    return update, error
            return None

        results = await asyncio.gather(*(one_chat(items) for items in by_chat.values()))
        return [result for result in results if result is not None]

    @observes_updates("telegram", lambda update: update.get("update_id"))
    async def process_update(self, update: dict[str, Any]) -> None:
        """Processes one update; an exception means it was not stored and must come again."""
        self._in_flight += 1
        self._idle.clear()
        try:
            await self._process(update)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()
        self.failures.forget(update.get("update_id"))

    async def wait_idle(self, timeout: float) -> bool:
        """Waits until no update is being processed; False when `timeout` seconds passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def note_failure(self, update: dict[str, Any], error: Exception) -> bool:
        """Counts a failed update; True when it is given up now (logged, the chat told).

        A database outage never counts: such an update waits for the database however long.
        """
        update_id = update.get("update_id")
        if is_outage(error):
            log.warning("update %s not processed, the database is away: %r", update_id, error)
            return False
        if not isinstance(update_id, int) or not self.failures.add(update_id):
            log.warning("update %s not processed; it will come again", update_id, exc_info=error)
            return False
        self.failures.forget(update_id)
        # The kind, not the content: a message may hold an identity number.
        kind = next((key for key in update if key != "update_id"), "?")
        log.error("update %s (%s) given up after %d failures", update_id, kind,
                  self.failures.limit, exc_info=error)  # fmt: skip
        chat_id = _safe_chat_id(update)
        if chat_id:
            text = translate(_language_of(update), "update-not-processed")
            try:
                await self.send_replies(chat_id, [Reply(text)])
            except Exception:
                log.exception("chat %s not told that update %s was given up", chat_id, update_id)
        return True

    async def _process(self, update: dict[str, Any]) -> None:
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
                courtesies.append(
                    self._quietly(self.client.answer_callback(update["callback_query"]["id"]))
                )
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
        fetched = await fetch_file(
            self.client, event.file, self.files_dir, limit, self.engine.services.vault
        )
        return replace(event, file=fetched)

    async def _remove_old_buttons(self, update: dict[str, Any]) -> None:
        # The answered question's buttons go away, so they cannot be pressed twice.
        message = update["callback_query"].get("message")
        if message and message.get("reply_markup"):
            await self._quietly(
                self.client.remove_inline_keyboard(message["chat"]["id"], message["message_id"])
            )

    async def send_replies(self, chat_id: str, replies: list[Reply]) -> None:
        """Sends replies in order; 429 and 5xx are retried, a blocked chat is marked.

        A message that still fails is logged and the next ones go all the same.
        """
        loop = asyncio.get_running_loop()
        deadline = None if self.retry_budget is None else loop.time() + self.retry_budget
        for reply in replies:
            try:
                messages = render(reply)
            except Exception:
                log.exception("reply to chat %s cannot be rendered", chat_id)
                continue
            for message in messages:
                try:
                    await self._send(chat_id, message, deadline)
                except Blocked:
                    await self._set_reachable(chat_id, False)
                    return
                except TelegramError as error:
                    log.warning("message to chat %s not sent: %r", chat_id, error)
                except Exception:
                    log.exception("message to chat %s not sent", chat_id)

    async def _send(self, chat_id: str, message: Any, deadline: float | None) -> None:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type((RetryAfter, Unavailable)),
            wait=_wait, stop=_stop_sending(deadline), reraise=True,
        ):  # fmt: skip
            with attempt:
                await self.client.send_message(chat_id, message)

    async def _set_reachable(self, chat_id: str, reachable: bool) -> None:
        async with unit_of_work(self.sessions) as session:
            await set_chat_reachable(session, Channel.TELEGRAM, chat_id, reachable)

    @staticmethod
    async def _quietly(call: Any) -> None:
        # Typing actions, callback answers and keyboard clean-up are courtesies.
        try:
            await call
        except Exception as error:  # noqa: BLE001
            log.debug("ignored: %r", error)


def _safe_chat_id(update: dict[str, Any]) -> str | None:
    try:
        return chat_id_of(update)
    except (KeyError, TypeError, AttributeError):  # a shape the parser does not know
        return None


def _chat_key(update: dict[str, Any]) -> str:
    return _safe_chat_id(update) or f"update:{update.get('update_id')}"
