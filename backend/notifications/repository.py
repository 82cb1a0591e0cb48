"""Outbox queries: claiming due messages, recording attempts, reading what was sent."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.dml import ReturningInsert

from backend.citizens.models import Channel, ChannelIdentity
from backend.db import flush_pending, rows_matched
from backend.driver import driver_of, fetch
from backend.notifications.models import (
    AttemptResult,
    DeliveryAttempt,
    OutboxMessage,
    OutboxStatus,
    Recipient,
)
from backend.notifications.outbox import DIALOG_REPLY, dialog_reply_params

# Statuses of a message that still has to go out before the next one of its chat.
_UNFINISHED = (OutboxStatus.PENDING, OutboxStatus.SENDING)
# Every status but sent: sent rows only grow, and a count of them would read the whole table.
_NOT_SENT = tuple(status for status in OutboxStatus if status != OutboxStatus.SENT)


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """An outbox message taken by the notifier, with the chat it goes to."""

    id: int
    channel: Channel
    chat_id: str
    identity_id: int
    recipient: Recipient
    template: str
    params: dict[str, Any]
    language: str
    complaint_id: int | None
    attempts: int
    reachable: bool
    # When the chat last wrote (WhatsApp's 24-hour window); None if never recorded.
    last_inbound_at: datetime | None = None
    # Claimed in the transaction that wrote it (`write_answer_claimed`): never tried yet.
    fresh: bool = False


def _claimed(message: OutboxMessage, identity: ChannelIdentity) -> ClaimedMessage:
    return ClaimedMessage(
        id=message.id, channel=identity.channel, chat_id=identity.chat_id,
        identity_id=identity.id, recipient=message.recipient, template=message.template,
        params=dict(message.params or {}), language=message.language,
        complaint_id=message.complaint_id, attempts=message.attempts or 0,
        reachable=identity.is_reachable, last_inbound_at=identity.last_inbound_at,
    )  # fmt: skip


async def claim_due(
    session: AsyncSession, channels: Collection[Channel], limit: int, now: datetime
) -> list[ClaimedMessage]:
    """Marks up to `limit` due messages as sending and answers them.

    Only the oldest unfinished message of each chat is due, so a chat's messages
    leave in the order they were written even when one of them waits for a retry.
    PostgreSQL skips rows another transaction holds (FOR UPDATE SKIP LOCKED).
    """
    statement = _claim_statement(tuple(sorted(channels)), limit)
    claimed: list[ClaimedMessage] = []
    for message, identity in (await session.execute(statement, {"now": now})).all():
        message.status, message.claimed_at = OutboxStatus.SENDING, now
        claimed.append(_claimed(message, identity))
    return claimed


async def write_answer_claimed(
    session: AsyncSession,
    identity: ChannelIdentity,
    replies: list[dict[str, Any]],
    now: datetime,
    *,
    clear_buttons_of: int | None = None,
    went: Collection[int] = (),
) -> ClaimedMessage | None:
    """In an update's transaction: writes the dialog's answer already claimed for the sender
    of this process, which sends it right after the commit. One statement.

    While an earlier message of the chat is still to go, the answer is written queued
    instead and None is answered: the notifier keeps the chat's order, as for any message.
    `went`: the chat's earlier answers that the sender has delivered and not yet deleted;
    they are not waited for.
    """
    params = dialog_reply_params(replies, clear_buttons_of)
    values: dict[str, Any] = {
        "identity_id": identity.id, "params": params, "language": identity.language, "now": now,
    }  # fmt: skip
    if went:
        values["went"] = list(went)
    # What the transaction has queued before is written first: it may hold the answer back,
    # and the answer goes after it.
    await flush_pending(session)
    driver = driver_of(session)
    if driver is not None:
        [(answer_id, status)] = await fetch(driver, _answer_insert(bool(went), True), **values)
    else:
        answer_id, status = (await session.execute(_answer_insert(bool(went)), values)).one()
    if status != OutboxStatus.SENDING:
        return None
    return ClaimedMessage(
        id=answer_id, channel=identity.channel, chat_id=identity.chat_id,
        identity_id=identity.id, recipient=Recipient.CITIZEN, template=DIALOG_REPLY,
        params=params, language=identity.language, complaint_id=None, attempts=0,
        reachable=identity.is_reachable, last_inbound_at=identity.last_inbound_at, fresh=True,
    )  # fmt: skip


# Built once for each set of channels and size of claim: the statement, with its alias and
# subquery, costs milliseconds of Python to build, and the notifier claims after every send.
@lru_cache(maxsize=64)
def _claim_statement(
    channels: tuple[Channel, ...], limit: int
) -> Select[OutboxMessage, ChannelIdentity]:
    now = _now()
    earlier = aliased(OutboxMessage)
    is_head = ~exists().where(
        earlier.identity_id == OutboxMessage.identity_id,
        earlier.id < OutboxMessage.id,
        _holds_back(earlier, OutboxMessage.template == DIALOG_REPLY, now),
    )
    statement = (
        select(OutboxMessage, ChannelIdentity)
        .join(ChannelIdentity, ChannelIdentity.id == OutboxMessage.identity_id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            ChannelIdentity.channel.in_(channels),
            is_head,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxMessage)
    )
    return statement


@lru_cache(maxsize=4)
def _answer_insert(
    besides_went: bool, on_driver: bool = False
) -> ReturningInsert[int, OutboxStatus]:
    # The answer's row, "sending" and claimed now unless one of the chat's messages holds it
    # back (then "pending"); `besides_went`: other than the answers in the "went" list, one
    # array on the driver (`on_driver`, backend/driver.py).
    # Core, on the table: an ORM insert would work out its cache key anew at every run.
    table = OutboxMessage.__table__
    earlier = table.alias("earlier").c
    held_back = exists().where(
        earlier.identity_id == bindparam("identity_id"),
        _holds_back(earlier, true(), _now()),
    )
    if besides_went:
        # Only as what such a row is, a dialog's answer being sent: on SQLite a deleted row's
        # id may be given again to a new row before the list forgets it.
        listed = (
            earlier.id == any_(bindparam("went", type_=ARRAY(Integer)))
            if on_driver
            else earlier.id.in_(bindparam("went", expanding=True))
        )
        went = and_(
            listed,
            earlier.template == DIALOG_REPLY,
            earlier.status == OutboxStatus.SENDING,
        )
        held_back = held_back.where(~went)
    status = table.c.status.type
    return (
        insert(table)
        .values(
            identity_id=bindparam("identity_id"),
            recipient=Recipient.CITIZEN,
            template=DIALOG_REPLY,
            params=bindparam("params", type_=table.c.params.type),
            language=bindparam("language"),
            status=case(
                (held_back, literal(OutboxStatus.PENDING, status)),
                else_=literal(OutboxStatus.SENDING, status),
            ),
            claimed_at=case((held_back, null()), else_=_now()),
        )
        .returning(table.c.id, table.c.status)
    )


def _now() -> Any:
    return bindparam("now", type_=OutboxMessage.next_attempt_at.type)


def _holds_back(earlier: Any, is_answer: Any, now: Any) -> Any:
    """`earlier`, a message of the same chat, must go before a message written after it
    (`is_answer`: that message is the dialog's answer). The rule of the chat's order."""
    # The status is compared as an expression so the planner looks up a chat's earlier
    # messages by identity only: in a burst the status index matches every queued row,
    # and PostgreSQL, with no fresh statistics, would scan all of them for each candidate.
    earlier_status = type_coerce(earlier.status, String) + literal("")
    # A person waiting for the dialog's answer is not kept waiting behind a status message
    # that backs off after a failure (up to half an hour): the answer goes past it.
    answer_goes_past = and_(
        is_answer,
        earlier.template != DIALOG_REPLY,
        earlier_status == OutboxStatus.PENDING.value,
        earlier.next_attempt_at > now,
    )
    # Each status its own parameter, not one list expanded at every run: the statement is
    # then the same text each time, as the driver's prepared statements need.
    unfinished = [literal(status.value) for status in _UNFINISHED]
    return and_(earlier_status.in_(unfinished), ~answer_goes_past)


async def count_due(session: AsyncSession, channels: Collection[Channel], now: datetime) -> int:
    """How many messages for these channels are waiting or being sent now."""
    statement = (
        select(func.count())
        .select_from(OutboxMessage)
        .join(ChannelIdentity, ChannelIdentity.id == OutboxMessage.identity_id)
        .where(
            OutboxMessage.status.in_(_UNFINISHED),
            OutboxMessage.next_attempt_at <= now,
            ChannelIdentity.channel.in_(list(channels)),
        )
    )
    return int((await session.execute(statement)).scalar_one())


async def release_claim(session: AsyncSession, message_id: int) -> None:
    """Puts one claimed message back in the queue (its sender stopped before sending it)."""
    await _put_back(session, OutboxMessage.id == message_id)


async def release_stale_claims(session: AsyncSession, claimed_before: datetime) -> int:
    """Puts back in the queue the messages claimed before `claimed_before` and still not
    marked: their sender died or stopped while another notifier was already the active
    one, so no start of a notifier will put them back. Answers how many."""
    return await _put_back(
        session,
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < claimed_before),
    )


async def release_claims(session: AsyncSession) -> int:
    """Puts messages a dead notifier had claimed back in the queue; answers how many."""
    return await _put_back(session)


async def _put_back(session: AsyncSession, *which: ColumnElement[bool]) -> int:
    # Claimed ("sending") messages, of those `which` picks, queued again.
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, *which)
        .values(status=OutboxStatus.PENDING, claimed_at=None)
    )
    return rows_matched(result)


def record_attempt(
    session: AsyncSession, message: OutboxMessage, result: str, error: str | None, now: datetime
) -> DeliveryAttempt:
    """Adds one try to the message's history and counts it.

    A 429 is not counted: Telegram said when to come back, and a busy minute must
    not use up the tries that are meant for failures.
    """
    if result != AttemptResult.RATE_LIMITED:
        message.attempts += 1
    attempt = DeliveryAttempt(
        outbox_message_id=message.id, attempted_at=now, result=result, error=error
    )
    session.add(attempt)
    return attempt


async def messages_of_complaint(session: AsyncSession, complaint_id: int) -> list[OutboxMessage]:
    """Every message written about a complaint, oldest first."""
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.complaint_id == complaint_id)
        .order_by(OutboxMessage.id)
    )
    return list((await session.execute(statement)).scalars())


async def attempts_of(session: AsyncSession, message_ids: Collection[int]) -> list[DeliveryAttempt]:
    """The tries of some messages, oldest first."""
    if not message_ids:
        return []
    statement = (
        select(DeliveryAttempt)
        .where(DeliveryAttempt.outbox_message_id.in_(list(message_ids)))
        .order_by(DeliveryAttempt.id)
    )
    return list((await session.execute(statement)).scalars())


async def failed_messages(session: AsyncSession, limit: int = 200) -> list[OutboxMessage]:
    """Messages parked after their last try, newest first, for staff to look at."""
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


@dataclass(frozen=True, slots=True)
class OutboxBacklog:
    """The messages not sent, by status, and when the oldest one still waiting was written.

    The metrics (backend/observability) and the panel's dashboard both read this.
    """

    counts: dict[OutboxStatus, int]
    oldest_waiting_at: datetime | None

    @property
    def waiting(self) -> int:
        """Messages queued or being sent now."""
        return sum(self.counts.get(status, 0) for status in _UNFINISHED)

    @property
    def parked(self) -> int:
        """Messages given up after their last try, waiting for staff (status failed)."""
        return self.counts.get(OutboxStatus.FAILED, 0)

    @property
    def undeliverable(self) -> int:
        """Messages whose chat blocked the bot (relayed through a facilitator, or a call)."""
        return self.counts.get(OutboxStatus.UNDELIVERABLE, 0)

    def oldest_waiting_seconds(self, now: datetime) -> float:
        """How long the oldest message still waiting has waited; 0 when none waits."""
        if self.oldest_waiting_at is None:
            return 0.0
        return max(0.0, (now - self.oldest_waiting_at).total_seconds())


async def outbox_backlog(session: AsyncSession) -> OutboxBacklog:
    """Counts the messages not sent by status (one grouped query on the status index)."""
    statement = (
        select(OutboxMessage.status, func.count(), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status.in_(_NOT_SENT))
        .group_by(OutboxMessage.status)
    )
    counts: dict[OutboxStatus, int] = dict.fromkeys(_NOT_SENT, 0)
    oldest: datetime | None = None
    for status, count, first in (await session.execute(statement)).all():
        counts[OutboxStatus(status)] = int(count)
        if status in _UNFINISHED and first is not None:
            oldest = first if oldest is None else min(oldest, first)
    return OutboxBacklog(counts, oldest)


async def sent_since(session: AsyncSession, since: datetime) -> int:
    """How many messages reached their chat since `since`."""
    statement = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at >= since)
    )
    return int((await session.execute(statement)).scalar_one())
