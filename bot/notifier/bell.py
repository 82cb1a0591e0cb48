"""The notifier's bell: whoever queues a message in this process rings it, so it goes now.

A channel queues the dialog's answers here too (`queue_answer`): when this process's
notifier is the active one, the answer is claimed for it in the update's own
transaction and sent right after the commit, without a trip through the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.notifications.outbox import announce_queued, queue_dialog_reply
from backend.notifications.repository import ClaimedMessage, write_answer_claimed


def nothing_more() -> None:
    """What follows the commit of an update that queued no answer."""


class AnswerSender(Protocol):
    """The notifier, as the bell sees it."""

    def takes_answer(self, channel: Channel) -> bool: ...

    @property
    def rings(self) -> int: ...

    def went_to(self, identity_id: int) -> frozenset[int]: ...

    def send_claimed(self, message: ClaimedMessage, *, rings_before: int) -> None: ...


class OutboxBell:
    """Wakes the notifier of this process; with none attached, ringing does nothing.

    A notifier in another process does not hear it and finds the message at its
    next look at the outbox (at once on PostgreSQL, where the commit's NOTIFY wakes it).
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []
        self._sender: AnswerSender | None = None

    def attach(self, listener: Callable[[], None]) -> None:
        """`listener` is called at each ring (the notifier's wake)."""
        self._listeners.append(listener)

    def detach(self, listener: Callable[[], None]) -> None:
        """Stops calling `listener`."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def ring(self) -> None:
        """Something was queued."""
        for listener in list(self._listeners):
            listener()

    def offer(self, sender: AnswerSender | None) -> None:
        """The notifier of this process, which takes answers while it is the active one;
        None when it is gone."""
        self._sender = sender

    async def queue_answer(
        self,
        session: AsyncSession,
        identity: ChannelIdentity,
        records: Sequence[dict[str, Any]],
        *,
        clear_buttons_of: int | None = None,
    ) -> Callable[[], None]:
        """Queues the dialog's answer in the update's transaction; answers what to call once
        that has committed: the send of the claimed answer, or the ring.

        Either way the answer is an outbox row when the transaction commits, so a crash
        after the commit delays it and loses nothing.
        """
        sender = self._sender
        if sender is not None and sender.takes_answer(identity.channel):
            rings = sender.rings
            claimed = await write_answer_claimed(
                session, identity, list(records), utcnow(),
                clear_buttons_of=clear_buttons_of, went=sender.went_to(identity.id),
            )  # fmt: skip
            if claimed is not None:
                return lambda: sender.send_claimed(claimed, rings_before=rings)
        else:
            queue_dialog_reply(session, identity, list(records), clear_buttons_of=clear_buttons_of)
        await announce_queued(session)
        return self.ring
