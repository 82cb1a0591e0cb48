"""The bot's update queue: increasing ids, confirmation by offset, allowed update kinds."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass
from typing import Any

# Telegram leaves these out unless a bot names them in allowed_updates.
OPT_IN_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Signal:
    """Wakes every coroutine waiting for "something changed"."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wakes the current waiters; later waiters wait for the next notify."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float | None = None) -> bool:
        """Waits for the next notify; False when `timeout` seconds passed first."""
        event = self._event  # taken before yielding, so no notify can slip past
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True


@dataclass(eq=False)  # entries compare by identity: a duplicate is a separate entry
class QueuedUpdate:
    """One update waiting to be fetched or delivered."""

    update_id: int
    payload: dict[str, Any]
    kind: str
    chat_key: str
    redelivery: bool = False  # a deliberate duplicate: handed out once whatever the offset


def update_kind(payload: dict[str, Any]) -> str:
    """The kind of an update: the name of its one field besides update_id."""
    return next((key for key in payload if key != "update_id"), "unknown")


def chat_key(payload: dict[str, Any]) -> str:
    """What Telegram keeps in order: updates of one chat are delivered one after another."""
    body = payload.get(update_kind(payload))
    if isinstance(body, dict):
        chat = body.get("chat") or (body.get("message") or {}).get("chat") or body.get("from")
        if isinstance(chat, dict) and "id" in chat:
            return f"chat:{chat['id']}"
    return f"update:{payload.get('update_id')}"


class UpdateQueue:
    """Pending updates in order, and every update ever queued (for redelivery)."""

    def __init__(self, first_update_id: int = 1) -> None:
        self.pending: list[QueuedUpdate] = []
        self.history: dict[int, dict[str, Any]] = {}
        self.allowed: frozenset[str] | None = None  # None: all but the opt-in kinds
        self.changed = Signal()
        self._next_id = first_update_id

    def is_allowed(self, kind: str) -> bool:
        """Whether the bot asked for updates of this kind."""
        if self.allowed is None:
            return kind not in OPT_IN_KINDS
        return kind in self.allowed

    def set_allowed(self, kinds: list[str] | None) -> None:
        """Stores allowed_updates; an empty list means the default set."""
        if kinds is not None:
            self.allowed = frozenset(kinds) or None

    def push(self, payload: dict[str, Any]) -> int:
        """Queues an update (numbering it when it has no id) and returns its update_id."""
        update_id = int(payload.get("update_id", self._next_id))
        # update_id first, as Telegram writes it, and always a number.
        fields = {key: value for key, value in payload.items() if key != "update_id"}
        payload = {"update_id": update_id, **fields}
        self._next_id = max(self._next_id, update_id + 1)
        self.history[update_id] = copy.deepcopy(payload)
        kind = update_kind(payload)
        # Telegram never creates updates of kinds the bot did not ask for.
        if self.is_allowed(kind):
            self.pending.append(QueuedUpdate(update_id, payload, kind, chat_key(payload)))
            self.changed.notify()
        return update_id

    def redeliver(self, update_id: int) -> int:
        """Queues an already sent update again with the same id, as a duplicate delivery."""
        if update_id not in self.history:
            raise KeyError(f"no update {update_id} was ever queued")
        payload = copy.deepcopy(self.history[update_id])
        entry = QueuedUpdate(update_id, payload, update_kind(payload), chat_key(payload), True)
        self.pending.append(entry)
        self.changed.notify()
        return update_id

    def confirm(self, offset: int) -> None:
        """Applies getUpdates' offset: drops what it confirms, or keeps only the last -offset."""
        if offset > 0:
            self.pending = [u for u in self.pending if u.redelivery or u.update_id >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def take_for_polling(self, limit: int) -> list[QueuedUpdate]:
        """The first `limit` pending updates; duplicates leave the queue once handed out."""
        batch = self.pending[:limit]
        self.pending = [u for u in self.pending if not (u.redelivery and u in batch)]
        return batch

    def remove(self, entry: QueuedUpdate) -> None:
        """Drops one delivered update."""
        if entry in self.pending:
            self.pending.remove(entry)
            self.changed.notify()

    def drop_pending(self) -> None:
        """Forgets every pending update (drop_pending_updates)."""
        self.pending.clear()
        self.changed.notify()

    def is_pending(self, update_id: int) -> bool:
        """Whether an update with this id still waits to be fetched or delivered."""
        return any(u.update_id == update_id for u in self.pending)
