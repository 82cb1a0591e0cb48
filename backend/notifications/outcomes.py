"""What the notifier writes after a try: sent, retry later, or parked.

A chat that blocked the bot is handled by backend/complaints/news.py, which relays
the complaint's news through a facilitator.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, any_, bindparam, delete, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from backend.driver import execute
from backend.notifications.models import (
    AttemptResult,
    DeliveryAttempt,
    OutboxMessage,
    OutboxStatus,
)
from backend.notifications.outbox import DIALOG_REPLY
from backend.notifications.repository import record_attempt


async def mark_sent(
    session: AsyncSession, message_id: int, provider_message_id: str | None, now: datetime
) -> None:
    """The chat has the message."""
    message = await session.get_one(OutboxMessage, message_id)
    record_attempt(session, message, AttemptResult.SENT, None, now)
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.provider_message_id = provider_message_id
    message.last_error = None


async def forget_sent_answers(
    session: AsyncSession, sent: Collection[int], tried_before: Collection[int]
) -> None:
    """The chats have the dialog's answers `sent`: their rows and tries go (those in
    `tried_before` have tries; one sent at its first try has none). The words were a copy
    of what the chat shows (a summary holds a name and an address), and a chat's rows are
    what the notifier reads to keep its order, so they must not pile up."""
    if tried_before:
        await session.execute(_DELETE_TRIES, {"ids": list(tried_before)})
    await session.execute(_DELETE_MESSAGES, {"ids": list(sent)})


async def forget_sent_answers_on_driver(
    driver: Any, sent: Collection[int], tried_before: Collection[int]
) -> None:
    """`forget_sent_answers` in a transaction on asyncpg's connection (backend/driver.py):
    on PostgreSQL the notifier writes answers off after nearly every send."""
    if tried_before:
        await execute(driver, _DELETE_TRIES_BY_ARRAY, ids=list(tried_before))
    await execute(driver, _DELETE_MESSAGES_BY_ARRAY, ids=list(sent))


# Built once, on the tables: the notifier writes answers off after nearly every send, and an
# ORM delete built each time cost more Python than the statement.
_DELETE_TRIES = delete(DeliveryAttempt.__table__).where(
    DeliveryAttempt.__table__.c.outbox_message_id.in_(bindparam("ids", expanding=True))
)
_DELETE_MESSAGES = delete(OutboxMessage.__table__).where(
    OutboxMessage.__table__.c.id.in_(bindparam("ids", expanding=True))
)
# The same on the driver, the ids as one array: one prepared statement whatever their number.
_IDS = bindparam("ids", type_=ARRAY(Integer))
_DELETE_TRIES_BY_ARRAY = delete(DeliveryAttempt.__table__).where(
    DeliveryAttempt.__table__.c.outbox_message_id == any_(_IDS)
)
_DELETE_MESSAGES_BY_ARRAY = delete(OutboxMessage.__table__).where(
    OutboxMessage.__table__.c.id == any_(_IDS)
)


def forget_answer_words(message: OutboxMessage) -> None:
    """An answer parked or undeliverable keeps that it was written, not what it said."""
    if message.template == DIALOG_REPLY and message.status in (
        OutboxStatus.FAILED,
        OutboxStatus.UNDELIVERABLE,
    ):
        message.params = {"replies": [], "sent": message.params.get("sent", 0)}


async def mark_retry(
    session: AsyncSession,
    message_id: int,
    result: AttemptResult,
    error: str,
    retry_at: datetime,
    now: datetime,
    *,
    max_attempts: int | None,
    params: dict[str, Any] | None = None,
) -> OutboxStatus:
    """Schedules another try, or parks the message as failed after `max_attempts` (None: never).

    `params` replaces the message's own, to keep what part of it was delivered.
    """
    message = await session.get_one(OutboxMessage, message_id)
    record_attempt(session, message, result, error, now)
    message.last_error = error
    if params is not None:
        message.params = params
    if max_attempts is not None and message.attempts >= max_attempts:
        message.status = OutboxStatus.FAILED
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = retry_at
    return message.status


async def mark_failed(
    session: AsyncSession, message_id: int, error: str | None, now: datetime
) -> None:
    """Telegram refused the message for good (bad request): parked for staff."""
    message = await session.get_one(OutboxMessage, message_id)
    record_attempt(session, message, AttemptResult.REJECTED, error, now)
    message.status = OutboxStatus.FAILED
    message.last_error = error
    forget_answer_words(message)


async def requeue(session: AsyncSession, message_ids: list[int], now: datetime) -> int:
    """Staff send parked messages again; answers how many were requeued."""
    statement = select(OutboxMessage).where(
        OutboxMessage.id.in_(message_ids), OutboxMessage.status == OutboxStatus.FAILED
    )
    messages = list((await session.execute(statement)).scalars())
    for message in messages:
        message.status = OutboxStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = now
    return len(messages)


def backoff(
    attempt: int, *, base: float = 5.0, cap: float = 1800.0, jitter: float = 0.5
) -> timedelta:
    """Exponential back-off with equal jitter: half fixed, half random, capped."""
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return timedelta(seconds=delay * (1 - jitter) + random.uniform(0, delay * jitter))
