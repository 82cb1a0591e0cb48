"""The notifier's bell: whoever queues a message in this process rings it, so it goes now."""

from __future__ import annotations

from collections.abc import Callable


class OutboxBell:
    """Wakes the notifier of this process; with none attached, ringing does nothing.

    A notifier in another process does not hear it and finds the message at its
    next look at the outbox.
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

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
