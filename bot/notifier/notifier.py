"""Drains the outbox: claims due messages, sends them, and writes down what happened.

Each message is marked in a short transaction right after its send (the dialog's
answers that went side by side share one: bot/notifier/sent_answers.py), so a
crash can repeat only the messages that were in flight (those it claimed, and the
dialog's answers handed to it straight from their update's transaction).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.complaints import news
from backend.db import unit_of_work, write_once_more_if_cut
from backend.notifications import outcomes
from backend.notifications.models import AttemptResult
from backend.notifications.outbox import DIALOG_REPLY, announce_queued
from backend.notifications.repository import (
    ClaimedMessage,
    claim_due,
    count_due,
    release_claim,
    release_claims,
    release_stale_claims,
)
from backend.observability.metrics import count_send
from bot.notifier.compose import compose
from bot.notifier.delivery import (
    Deliverer,
    NewsDeliverer,
    RateLimited,
    RecipientGone,
    Refused,
    ReplyDeliverer,
    TryLater,
)
from bot.notifier.sent_answers import SentAnswers
from dialogs.events import Reply

log = logging.getLogger(__name__)

# The longest wait between tries of a dialog's answer that Telegram did not take (5xx).
REPLY_BACKOFF_CAP = 60.0

_Mark = Callable[[AsyncSession, int, str | None, datetime], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class NotifierConfig:
    """How fast, how wide and how stubbornly the notifier sends."""

    concurrency: int = 8
    max_attempts: int = 8
    poll_interval: float = 0.5
    appeal_window_days: int = 14
    # Back-off for 5xx and time-outs: base seconds, doubled per try, capped.
    backoff_base: float = 5.0
    backoff_cap: float = 1800.0
    shutdown_grace: float = 10.0
    # A claim not marked after this many seconds is put back in line by the active
    # notifier: its sender died, or stopped after another notifier had started. Far
    # longer than any send takes, so a message on its way is not sent twice.
    claim_lease: float = 600.0


class Notifier:
    """Sends outbox messages through the deliverer of each chat's channel."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        deliverers: Mapping[Channel, Deliverer],
        config: NotifierConfig | None = None,
    ) -> None:
        self.sessions = sessions
        self.deliverers = dict(deliverers)
        self.config = config or NotifierConfig()
        self.sent_count = 0
        self._wake = asyncio.Event()
        self._rings = 0
        self._next_sweep = 0.0  # when to look for stale claims next (monotonic seconds)
        # True while this notifier is the active one, after it put back what a stopped one
        # had claimed: only then may answers be claimed for it (`takes_answer`).
        self.running = False
        # The answers claimed in their update's transaction, being sent.
        self._taken: set[asyncio.Task[None]] = set()
        self.sent_answers = SentAnswers(sessions)

    def wake(self) -> None:
        """Looks at the outbox now instead of at the next poll."""
        self._rings += 1
        self._wake.set()

    @property
    def rings(self) -> int:
        """How many times it was woken so far."""
        return self._rings

    def takes_answer(self, channel: Channel) -> bool:
        """Whether the dialog's answer to an update of `channel`, being written in this
        process now, may be claimed for `send_claimed`: this notifier is the active one
        (so one pacer keeps Telegram's limits) and fewer than `concurrency` answers handed
        to it are on their way (updates side by side may pass this check together)."""
        return (
            self.running
            and channel in self.deliverers
            and len(self._taken) < self.config.concurrency
        )

    def went_to(self, identity_id: int) -> frozenset[int]:
        """The dialog's answers this chat has received whose rows are not deleted yet: they
        no longer hold back its next answer."""
        return self.sent_answers.went_to(identity_id)

    def send_claimed(self, message: ClaimedMessage, *, rings_before: int) -> None:
        """Sends an answer claimed in the transaction that wrote it, once that has committed.

        It saves the answer a NOTIFY, a claim and a look at the outbox. Should this
        notifier have stopped in between, the answer goes back to the queue instead.
        `rings_before` is `rings` when the answer was claimed: a ring since then may have
        been the chat's next message, which waits for this one, so a look follows the send.
        """
        if self.running:
            work = self._send_taken(message, rings_before=rings_before)
        else:
            work = self._hand_back(message)
        task = asyncio.create_task(work)
        self._taken.add(task)
        task.add_done_callback(self._taken.discard)

    async def _send_taken(self, message: ClaimedMessage, *, rings_before: int) -> None:
        await self._send(message)
        if self._rings != rings_before:
            # Something was queued meanwhile; it may be this chat's next message, which
            # waited for this one to go.
            self.wake()

    async def _hand_back(self, message: ClaimedMessage) -> None:
        try:
            async with unit_of_work(self.sessions) as session:
                await release_claim(session, message.id)
                await announce_queued(session)
        except Exception:  # the active notifier puts it back when its claim is stale
            log.exception("notifier: answer %d left claimed", message.id)

    async def run(self, *stops: asyncio.Event) -> None:
        """Sends until one of `stops` is set, then lets the sends in flight finish."""
        released = await self._release_claims(stops)
        if released:
            log.info(
                "notifier: %d messages claimed by a stopped notifier are queued again", released
            )
        in_flight: set[asyncio.Task[None]] = set()
        self.running = not any(event.is_set() for event in stops)
        try:
            while not any(event.is_set() for event in stops):
                free = self.config.concurrency - len(in_flight)
                claimed = await self._claim(free) if free > 0 else []
                for message in claimed:
                    in_flight.add(asyncio.create_task(self._send(message)))
                if claimed and len(claimed) == free:
                    await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                else:
                    # Fewer than asked for: everything sendable now was taken, so looking
                    # again at once would find nothing. What frees more is a ring, a send
                    # that ends (its chat's next message), or the next poll.
                    await self._idle(stops, in_flight)
                in_flight = {task for task in in_flight if not task.done()}
        finally:
            self.running = False
            await self._finish(in_flight | self._taken)

    async def _release_claims(self, stops: tuple[asyncio.Event, ...]) -> int:
        # A database briefly away at the start must not end the notifier: try until it answers.
        while not any(event.is_set() for event in stops):
            try:
                async with unit_of_work(self.sessions) as session:
                    return await release_claims(session)
            except Exception:
                log.exception("notifier: could not put claimed messages back in the queue")
                await asyncio.sleep(self.config.poll_interval)
        return 0

    async def drain(self) -> None:
        """Sends everything that is due now and returns (for tools and tests)."""
        stop = asyncio.Event()
        task = asyncio.create_task(self.run(stop))
        try:
            while await self._due_count() > 0:  # noqa: ASYNC110  (the rows live in the database)
                await asyncio.sleep(self.config.poll_interval)
        finally:
            stop.set()
            await task

    async def _claim(self, limit: int) -> list[ClaimedMessage]:
        try:
            async with unit_of_work(self.sessions) as session:
                now = utcnow()
                await self._sweep_stale_claims(session, now)
                return await claim_due(session, self.deliverers.keys(), limit, now)
        except Exception:  # a database that is briefly down: try again at the next poll
            log.exception("notifier: could not claim outbox messages")
            return []

    async def _sweep_stale_claims(self, session: AsyncSession, now: datetime) -> None:
        # A few times a lease, in the claim's own transaction.
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + self.config.claim_lease / 4
        stale = now - timedelta(seconds=self.config.claim_lease)
        if released := await release_stale_claims(session, stale):
            log.warning("notifier: %d messages claimed and never marked are queued again",
                        released)  # fmt: skip

    async def _idle(
        self, stops: tuple[asyncio.Event, ...], in_flight: set[asyncio.Task[None]]
    ) -> None:
        # Until the poll interval ends, something is queued (wake), a send ends, or a stop.
        signals = [asyncio.create_task(event.wait()) for event in (*stops, self._wake)]
        try:
            await asyncio.wait(
                [*signals, *in_flight],
                timeout=self.config.poll_interval,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            for signal in signals:
                signal.cancel()
            self._wake.clear()

    async def _finish(self, in_flight: set[asyncio.Task[None]]) -> None:
        # A send that has started is let finish, so it is marked and not repeated.
        if not in_flight:
            return
        done, pending = await asyncio.wait(in_flight, timeout=self.config.shutdown_grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*done, *pending, return_exceptions=True)

    async def _due_count(self) -> int:
        async with self.sessions() as session:
            return await count_due(session, self.deliverers.keys(), utcnow())

    async def _send(self, message: ClaimedMessage) -> None:
        try:
            await self._deliver_and_record(message)
        except Exception as error:
            count_send(message.channel.value, AttemptResult.ERROR)
            log.exception("notifier: message %d could not be sent or recorded", message.id)
            # Back in the queue after a while, so one chat never stays silent; if even that
            # cannot be written, it goes back when a notifier starts.
            delay = outcomes.backoff(message.attempts + 1, base=self.config.backoff_base,
                                     cap=REPLY_BACKOFF_CAP).total_seconds()  # fmt: skip
            try:
                await self._record_retry(message, AttemptResult.ERROR, repr(error), delay)
            except Exception:
                log.exception("notifier: message %d left claimed", message.id)

    async def _deliver_and_record(self, message: ClaimedMessage) -> None:
        if not message.reachable:
            await self._record_gone(message, "the chat is marked unreachable", attempted=False)
            return
        dialog_reply = message.template == DIALOG_REPLY
        try:
            send = self._dialog_reply(message) if dialog_reply else self._composed(message)
        except (KeyError, ValueError, TypeError) as error:
            count_send(message.channel.value, AttemptResult.REJECTED)
            await self._record(outcomes.mark_failed, message.id, f"cannot compose: {error}")
            return
        try:
            provider_id = await send
        except RateLimited as error:
            count_send(message.channel.value, AttemptResult.RATE_LIMITED)
            await self._record_retry(message, AttemptResult.RATE_LIMITED, str(error), error.seconds,
                                     delivered=error.delivered)  # fmt: skip
        except TryLater as error:
            count_send(message.channel.value, AttemptResult.UNAVAILABLE)
            # A person waits for the dialog's answer: it is tried again soon, and never parked.
            cap = REPLY_BACKOFF_CAP if dialog_reply else self.config.backoff_cap
            delay = outcomes.backoff(
                message.attempts + 1, base=self.config.backoff_base, cap=cap
            ).total_seconds()
            await self._record_retry(message, AttemptResult.UNAVAILABLE, str(error), delay,
                                     delivered=error.delivered)  # fmt: skip
        except RecipientGone as error:
            count_send(message.channel.value, AttemptResult.BLOCKED)
            await self._record_gone(message, str(error), attempted=True)
        except Refused as error:
            count_send(message.channel.value, AttemptResult.REJECTED)
            await self._record(outcomes.mark_failed, message.id, str(error))
        else:
            count_send(message.channel.value, AttemptResult.SENT)
            self.sent_count += 1
            if dialog_reply:
                await self.sent_answers.forget(
                    message.id, identity_id=message.identity_id, tried_before=not message.fresh
                )
            else:
                await self._record(outcomes.mark_sent, message.id, provider_id)

    def _composed(self, message: ClaimedMessage) -> Awaitable[str | None]:
        reply = compose(message, appeal_window_days=self.config.appeal_window_days)
        deliverer = self.deliverers[message.channel]
        if isinstance(deliverer, NewsDeliverer):
            return deliverer.deliver_news(message, reply)
        return deliverer.deliver(message.chat_id, reply, language=message.language)

    def _dialog_reply(self, message: ClaimedMessage) -> Awaitable[str | None]:
        deliverer = self.deliverers[message.channel]
        if not isinstance(deliverer, ReplyDeliverer):
            raise TypeError(f"{message.channel} chats get the dialog's answers directly")
        replies = [Reply.from_record(record) for record in message.params["replies"]]
        return deliverer.deliver_replies(
            message.chat_id, replies, skip=int(message.params.get("sent") or 0),
            clear_buttons_of=message.params.get("clear_buttons_of"), language=message.language,
        )  # fmt: skip

    async def _record(self, mark: _Mark, message_id: int, detail: str | None) -> None:
        # A mark that failed would send the message again: a connection found cut (the
        # database restarted) is not reason enough.
        now = utcnow()
        await write_once_more_if_cut(
            self.sessions, lambda session: mark(session, message_id, detail, now)
        )

    async def _record_retry(
        self, message: ClaimedMessage, result: AttemptResult, error: str, delay: float,
        *, delivered: int = 0,
    ) -> None:  # fmt: skip
        now = utcnow()
        dialog_reply = message.template == DIALOG_REPLY
        params = None
        if dialog_reply and delivered:
            # The next try starts after the pieces that went.
            params = {**message.params, "sent": int(message.params.get("sent") or 0) + delivered}
        async with unit_of_work(self.sessions) as session:
            status = await outcomes.mark_retry(
                session, message.id, result, error, now + timedelta(seconds=delay), now,
                max_attempts=None if dialog_reply else self.config.max_attempts, params=params,
            )  # fmt: skip
        log.warning(
            "notifier: message %d to chat %s: %s (now %s)",
            message.id,
            message.chat_id,
            error,
            status.value,
        )

    async def _record_gone(self, message: ClaimedMessage, error: str, *, attempted: bool) -> None:
        async with unit_of_work(self.sessions) as session:
            relays = await news.mark_undeliverable(
                session, message.id, error, utcnow(), attempted=attempted
            )
        log.info("notifier: chat %s unreachable; %d relays queued", message.chat_id, len(relays))
        if relays:
            self.wake()
