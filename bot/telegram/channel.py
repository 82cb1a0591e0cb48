"""The Telegram channel: updates in, engine in the middle, answers queued out.

Shared by python-telegram-bot and aiogram (through TelegramClient), by polling
and by webhook. An update counts as processed only when the engine has
committed it, and its answer is committed with it: an outbox row that the
notifier sends, paced with the status messages under Telegram's limits and
retried until it goes, so a busy minute or a crash delays an answer but never
loses it. When the active notifier runs in this process, the row is claimed for it
in the same transaction and sent right after the commit (bot/notifier/bell.py).
A redelivered update changes nothing and calls Telegram for nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.citizens.service import identity_of_writer, set_chat_reachable
from backend.db import unit_of_work
from backend.observability.updates import observes_updates
from bot.notifier.bell import OutboxBell, nothing_more
from bot.telegram.client import TelegramClient
from bot.telegram.failures import FailureCounts, is_outage
from bot.telegram.files import fetch_file, worth_fetching
from bot.telegram.updates import chat_id_of, event_from_update, membership_change
from dialogs.context import global_payload
from dialogs.engine import DialogEngine
from dialogs.events import Button, Event, EventKind, Reply
from dialogs.i18n import DEFAULT_LANGUAGE, LANGUAGES, normalise_language, translate

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
# "typing…" is shown only for an update that takes longer than this (a file to fetch, a
# slow database): most answers are queued sooner, and the call would only cost budget.
TYPING_AFTER_SECONDS = 1.0  # TELEGRAM_TYPING_AFTER


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
        bell: OutboxBell | None = None,
        failures: FailureCounts | None = None,
        typing_after: float = TYPING_AFTER_SECONDS,
    ) -> None:
        self.client = client
        self.engine = engine
        self.sessions = sessions
        self.files_dir = files_dir
        # Takes the answers to the notifier of this process, or rings it when one was queued
        # (it also looks on its own, every poll).
        self.bell = bell or OutboxBell()
        self.failures = failures or FailureCounts()
        self.typing_after = typing_after
        # Updates of one chat are handled one after another even when they arrive side by
        # side; a lock lives only while someone holds or waits for it, so idle chats cost
        # no memory.
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def announce_commands(self) -> None:
        """setMyCommands in Bahasa Indonesia (the default) and each other language by its code."""
        for language in LANGUAGES:
            code = None if language == DEFAULT_LANGUAGE else language
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
    async def process_update(
        self, update: dict[str, Any], *, answer_press: bool = True
    ) -> str | None:
        """Processes one update; an exception means it was not stored and must come again.

        A pressed button is answered (its spinner stops) once the answer is on its way.
        With `answer_press` False that is left to the caller, handed the press's id: a
        webhook answers it in its response, a call saved.
        """
        self._in_flight += 1
        self._idle.clear()
        try:
            press = await self._process(update)
            if press is not None and answer_press:
                # Still in flight: a shutdown waits for it before closing the client.
                await self._quietly(self.client.answer_callback(press))
                press = None
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()
        await self.failures.forget(update.get("update_id"))
        return press

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
        if not isinstance(update_id, int) or not await self.failures.add(update_id):
            log.warning("update %s not processed; it will come again", update_id, exc_info=error)
            return False
        await self.failures.forget(update_id)
        # The kind, not the content: a message may hold an identity number.
        kind = next((key for key in update if key != "update_id"), "?")
        log.error("update %s (%s) given up after %d failures", update_id, kind,
                  self.failures.limit, exc_info=error)  # fmt: skip
        chat_id = _safe_chat_id(update)
        if chat_id:
            language = _language_of(update)
            text = translate(language, "update-not-processed")
            # A way on without typing a command: the menu, or the question still open.
            back = Button(translate(language, "button-back-to-menu"), global_payload("menu"))
            try:
                await self._queue(chat_id, language, [Reply(text, buttons=((back,),))])
            except Exception:
                log.exception("chat %s not told that update %s was given up", chat_id, update_id)
        return True

    async def _process(self, update: dict[str, Any]) -> str | None:
        """Handles the update; answers the id of a press still to be answered."""
        reachable = membership_change(update)
        if reachable is not None:
            await self._set_reachable(chat_id_of(update) or "", reachable)
            return None
        event = event_from_update(update)
        if event is None:
            return None
        lock = self._chat_locks.get(event.chat_id)
        if lock is None:
            lock = self._chat_locks[event.chat_id] = asyncio.Lock()
        async with lock:
            committed = await self._handle(event, update)
        if committed is None:
            return None  # seen before: answered then, nothing to call Telegram for
        committed()
        if event.kind == EventKind.BUTTON:
            return str(update["callback_query"]["id"])
        return None

    async def _handle(self, event: Event, update: dict[str, Any]) -> Callable[[], None] | None:
        """Runs the engine, its answer queued in its transaction; answers what to call now that
        it has committed (send or ring), None for an update seen before."""
        committed: Callable[[], None] | None = None
        pressed = _pressed_message(update) if event.kind == EventKind.BUTTON else None

        async def keep(session: AsyncSession, replies: list[Reply]) -> None:
            nonlocal committed
            committed = nothing_more
            if not replies and pressed is None:
                return
            identity = await identity_of_writer(
                session, Channel.TELEGRAM, event.chat_id,
                language=normalise_language(event.language_hint),
            )  # fmt: skip
            records = [reply.as_record() for reply in replies]
            committed = await self.bell.queue_answer(
                session, identity, records, clear_buttons_of=pressed
            )

        typing = asyncio.create_task(self._typing_later(event.chat_id))
        try:
            event = await self._with_file(event)
            await self.engine.handle(event, keep=keep)
        finally:
            typing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await typing
        return committed

    async def _typing_later(self, chat_id: str) -> None:
        await asyncio.sleep(self.typing_after)
        await self._quietly(self.client.send_typing(chat_id))

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

    async def _queue(self, chat_id: str, language: str, replies: list[Reply]) -> None:
        """Queues replies outside an update's transaction (an update given up)."""
        async with unit_of_work(self.sessions) as session:
            identity = await identity_of_writer(
                session, Channel.TELEGRAM, chat_id, language=language
            )
            committed = await self.bell.queue_answer(
                session, identity, [reply.as_record() for reply in replies]
            )
        committed()

    async def _set_reachable(self, chat_id: str, reachable: bool) -> None:
        async with unit_of_work(self.sessions) as session:
            await set_chat_reachable(session, Channel.TELEGRAM, chat_id, reachable)

    @staticmethod
    async def _quietly(call: Any) -> None:
        # Typing actions and callback answers are courtesies.
        try:
            await call
        except Exception as error:  # noqa: BLE001
            log.debug("ignored: %r", error)


def _pressed_message(update: dict[str, Any]) -> int | None:
    # The message whose buttons were pressed, if it still shows them: they are cleared,
    # so the answered question cannot be answered twice.
    message = update["callback_query"].get("message")
    if message and message.get("reply_markup"):
        return int(message["message_id"])
    return None


def _safe_chat_id(update: dict[str, Any]) -> str | None:
    try:
        return chat_id_of(update)
    except (KeyError, TypeError, AttributeError):  # a shape the parser does not know
        return None


def _chat_key(update: dict[str, Any]) -> str:
    return _safe_chat_id(update) or f"update:{update.get('update_id')}"
