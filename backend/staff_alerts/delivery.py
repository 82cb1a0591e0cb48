"""Sending one alert to one staff member by the channel they chose.

Telegram goes through the outbox (the notifier sends it after the commit, paced like
every other message); email through the mail queue (backend/mail/outbox.py). A
Telegram choice without a reachable bound chat falls back to email, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import ChannelIdentity
from backend.mail.models import OutgoingEmail
from backend.mail.outbox import enqueue_email
from backend.notifications.models import OutboxMessage, Recipient
from backend.notifications.outbox import queue_message
from backend.staff.models import StaffUser
from backend.staff_alerts.models import AlertChannel, StaffAlertPreference
from backend.staff_alerts.service import telegram_chat_of
from backend.staff_alerts.texts import both_languages, language_of

# The outbox template of a staff alert: its text is written when queued, sent as it is.
STAFF_ALERT_TEMPLATE = "staff.alert"
# Writes a text in one language ("id", "en").
Writer = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class SentAlert:
    """Where an alert went: the outbox row or the email row."""

    channel: AlertChannel
    message: OutboxMessage | None = None
    email: OutgoingEmail | None = None


async def telegram_target(session: AsyncSession, user: StaffUser) -> ChannelIdentity | None:
    """The chat an alert goes to now, or None when it goes by email (reads, writes nothing)."""
    preference = await session.get(StaffAlertPreference, user.id)
    if preference is None or preference.channel != AlertChannel.TELEGRAM:
        return None
    return await telegram_chat_of(session, user.id)


async def send_alert(
    session: AsyncSession, user: StaffUser, *, kind: str, subject: Writer, body: Writer
) -> SentAlert:
    """Queues the alert in the caller's transaction, by Telegram or email."""
    chat = await telegram_target(session, user)
    if chat is not None:
        text = body(language_of(user.language))
        message = queue_message(
            session, chat, Recipient.STAFF, STAFF_ALERT_TEMPLATE, {"kind": kind, "text": text}
        )
        await session.flush()
        return SentAlert(AlertChannel.TELEGRAM, message=message)
    email = await enqueue_email(
        session,
        kind=kind,
        to_address=user.email,
        subject=f"{subject('id')} / {subject('en')}",
        body=both_languages(body),
        staff_user_id=user.id,
    )
    return SentAlert(AlertChannel.EMAIL, email=email)
