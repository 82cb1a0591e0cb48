"""Queues outbox messages inside the caller's transaction; the notifier sends them after it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend import listen
from backend.citizens.models import ChannelIdentity
from backend.notifications.models import OutboxMessage, Recipient

# The dialog's own answer to what a person sent: replies kept as written, sent in order.
DIALOG_REPLY = "dialog.reply"
# The NOTIFY channel that wakes the notifier of another process (no payload).
QUEUED_CHANNEL = "slrt_outbox"


def queue_message(
    session: AsyncSession,
    identity: ChannelIdentity,
    recipient: Recipient,
    template: str,
    params: dict[str, Any],
    *,
    complaint_id: int | None = None,
    status_event_id: int | None = None,
    complaint_message_id: int | None = None,
    relay_of_id: int | None = None,
) -> OutboxMessage:
    """Adds a message for one chat; the notifier sends it after the commit."""
    message = OutboxMessage(
        identity_id=identity.id,
        recipient=recipient,
        template=template,
        params=params,
        language=identity.language,
        complaint_id=complaint_id,
        status_event_id=status_event_id,
        complaint_message_id=complaint_message_id,
        relay_of_id=relay_of_id,
    )
    session.add(message)
    return message


def queue_dialog_reply(
    session: AsyncSession,
    identity: ChannelIdentity,
    replies: list[dict[str, Any]],
    *,
    clear_buttons_of: int | None = None,
) -> OutboxMessage:
    """Adds the dialog's answer to one update (`Reply.as_record()`s), in the update's transaction.

    Kept like any other message, it is paced with them and sent late rather than
    never; `clear_buttons_of` names the message whose buttons were just pressed,
    cleared before the answer goes. `sent` counts the pieces already delivered.
    """
    params = dialog_reply_params(replies, clear_buttons_of)
    return queue_message(session, identity, Recipient.CITIZEN, DIALOG_REPLY, params)


def dialog_reply_params(
    replies: list[dict[str, Any]], clear_buttons_of: int | None = None
) -> dict[str, Any]:
    """What a dialog's answer keeps: its replies, how many went, the buttons to clear first."""
    params: dict[str, Any] = {"replies": replies, "sent": 0}
    if clear_buttons_of is not None:
        params["clear_buttons_of"] = clear_buttons_of
    return params


async def announce_queued(session: AsyncSession) -> None:
    """Inside the queueing transaction: wakes the active notifier, in whatever process, on commit.

    For messages a person waits for (the dialog's answers); the rest wait for the
    notifier's next look, at most its poll interval.
    """
    await listen.notify(session, QUEUED_CHANNEL)
