"""The WhatsApp channel: webhook bodies in, engine in the middle, answers queued out.

Like Telegram's: a message counts as handled once the engine has committed it with
its answer (an outbox row the notifier sends, paced and retried; sent right after the
commit when the active notifier runs here), so a crash delays an answer but never
loses it, and a message WhatsApp delivers again changes nothing. One chat's messages
are handled one at a time, in order.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.citizens.service import identity_of_writer
from backend.clock import utcnow
from backend.complaints.news import mark_bounced_after_sending
from backend.db import unit_of_work
from backend.observability.updates import observes_updates
from bot.fetched import keep_fetched, worth_fetching
from bot.notifier.bell import OutboxBell, nothing_more
from bot.telegram.failures import FailureCounts, is_outage
from bot.whatsapp.client import WhatsAppClient, WhatsAppSendError
from bot.whatsapp.updates import DeliveryStatus, Inbound, delivery_statuses, inbound_messages
from dialogs.context import global_payload
from dialogs.engine import DialogEngine
from dialogs.events import Button, Event, EventKind, Reply
from dialogs.i18n import normalise_language, translate

log = logging.getLogger(__name__)

# Seconds during which a failure naming a message we do not know yet is asked again: the
# word can outrun the notifier's record that it sent the message.
UNKNOWN_FAILURE_PATIENCE = 120.0


class NotRecordedYet(Exception):
    """A delivery failure about a message not (yet) recorded sent; to be delivered again."""


class WhatsAppChannel:
    """Turns WhatsApp messages into engine events and the engine's replies into outbox rows."""

    def __init__(
        self,
        client: WhatsAppClient,
        engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
        *,
        files_dir: Path,
        bell: OutboxBell | None = None,
        failures: FailureCounts | None = None,
    ) -> None:
        self.client = client
        self.engine = engine
        self.sessions = sessions
        self.files_dir = files_dir
        # Takes the answers to the notifier of this process, or rings it when one was queued
        # (it also looks on its own, every poll).
        self.bell = bell or OutboxBell()
        self.failures = failures or FailureCounts()
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def process_body(self, body: dict[str, Any]) -> None:
        """Handles every message and status of one webhook body; an exception means: again."""
        for inbound in inbound_messages(body):
            await self.process_message(inbound)
        for status in delivery_statuses(body):
            if status.status == "failed":
                await self._bounced(status)

    async def _bounced(self, status: DeliveryStatus) -> None:
        # Sent, then not delivered: the person is not on WhatsApp, or the window had closed.
        # As on Telegram when a person blocks the bot, the news goes through a facilitator
        # (or the complaint is flagged for a phone call).
        error = f"WhatsApp could not deliver it ({status.error_code})"
        async with unit_of_work(self.sessions) as session:
            relays = await mark_bounced_after_sending(
                session, Channel.WHATSAPP, status.message_id, error, utcnow()
            )
        if relays is None:
            if time.time() - status.at < UNKNOWN_FAILURE_PATIENCE:
                # Likely ours, not recorded sent yet: a 503 has Meta deliver the word again.
                raise NotRecordedYet(status.message_id)
            return  # not a message of ours (or one long gone): nothing to do
        log.info("chat %s unreachable on WhatsApp (%s)", status.chat_id, status.error_code)
        self.bell.ring()

    @observes_updates("whatsapp", lambda inbound: inbound.message_id)
    async def process_message(self, inbound: Inbound) -> None:
        """Handles one message under its chat's lock, then marks it read.

        A message that keeps failing for its own reasons (not a database outage) is given
        up after a few deliveries, and the person told, so the chat is not stuck on it.
        """
        chat_id = inbound.event.chat_id
        lock = self._chat_locks.get(chat_id)
        if lock is None:
            lock = self._chat_locks[chat_id] = asyncio.Lock()
        try:
            async with lock:
                committed = await self._handle(inbound.event)
        except Exception as error:
            if is_outage(error) or not await self.failures.add(inbound.message_id):
                raise
            await self._give_up(inbound, error)
            return
        if committed is not None:
            committed()  # first: an answer handed over must not wait on anything else
        await self.failures.forget(inbound.message_id)
        if committed is not None:
            await self.client.mark_read(inbound.message_id)

    async def _give_up(self, inbound: Inbound, error: Exception) -> None:
        # The kind, not the content: a message may hold an identity number.
        log.error("WhatsApp message %s (%s) given up after %d failures", inbound.message_id,
                  inbound.event.kind, self.failures.limit, exc_info=error)  # fmt: skip
        await self.failures.forget(inbound.message_id)
        async with unit_of_work(self.sessions) as session:
            identity = await identity_of_writer(
                session, Channel.WHATSAPP, inbound.event.chat_id,
                language=normalise_language(None), wrote_at=utcnow(),
            )  # fmt: skip
            language = identity.language
            back = Button(translate(language, "button-back-to-menu"), global_payload("menu"))
            told = Reply(translate(language, "update-not-processed"), buttons=((back,),))
            committed = await self.bell.queue_answer(session, identity, [told.as_record()])
        committed()

    async def _handle(self, event: Event) -> Callable[[], None] | None:
        # What to call once the answer is committed (its send, or the ring); None for a
        # message seen before.
        committed: Callable[[], None] | None = None

        async def keep(session: AsyncSession, replies: list[Reply]) -> None:
            nonlocal committed
            committed = nothing_more
            identity = await identity_of_writer(
                session, Channel.WHATSAPP, event.chat_id,
                language=normalise_language(None), wrote_at=utcnow(),
            )  # fmt: skip
            if replies:
                committed = await self.bell.queue_answer(
                    session, identity, [reply.as_record() for reply in replies]
                )

        await self.engine.handle(await self._with_file(event), keep=keep)
        return committed

    async def _with_file(self, event: Event) -> Event:
        if event.kind != EventKind.FILE or event.file is None:
            return event
        limit = self.engine.services.max_attachment_bytes
        if not worth_fetching(event.file, limit):
            return event
        try:
            data = await self.client.download(event.file.file_id)
        except WhatsAppSendError as error:
            if error.passing:
                raise  # delivered again by WhatsApp, fetched then
            log.info("could not fetch %s: %s", event.file.file_id, error)
            return replace(event, file=replace(event.file, missing=True))
        vault = self.engine.services.vault
        kept = await keep_fetched(event.file, data, self.files_dir, limit, vault, "whatsapp")
        return replace(event, file=kept)
