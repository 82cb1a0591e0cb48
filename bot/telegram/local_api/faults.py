"""Failures and slowness that tests ask for: the next N calls of a method fail or wait.

File downloads (GET /file/bot<token>/<path>) count as the method DOWNLOAD.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from bot.telegram.local_api.errors import DEFAULT_DESCRIPTIONS, ApiError, too_many_requests

# The name under which faults of file downloads are planned.
DOWNLOAD = "download"


@dataclass(frozen=True)
class Fault:
    """What one call of a method will suffer: a delay first, then maybe an error or garble."""

    delay: float = 0.0
    error: ApiError | None = None
    garbled: bool = False


class FaultPlan:
    """Queued failures and delays per method name (case-insensitive, as Telegram's names are)."""

    def __init__(self) -> None:
        self._errors: dict[str, deque[ApiError | None]] = defaultdict(deque)
        self._delays: dict[str, deque[float]] = defaultdict(deque)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        count: int = 1,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Makes the next `count` calls of `method` answer this error."""
        if error_code == 429 and description is None:
            error = too_many_requests(retry_after or 1)
        else:
            text = description or DEFAULT_DESCRIPTIONS.get(error_code, "Error")
            error = ApiError(error_code, text, retry_after, migrate_to_chat_id)
        self._errors[method.lower()].extend([error] * count)

    def garble_next(self, method: str, count: int = 1) -> None:
        """Makes the next `count` calls of `method` answer 200 with a body that is not JSON."""
        self._errors[method.lower()].extend([None] * count)

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Makes the next `count` calls of `method` wait `seconds` before they are handled."""
        self._delays[method.lower()].extend([seconds] * count)

    def take(self, method: str) -> Fault:
        """Uses up what is planned for one call of `method`."""
        key = method.lower()
        delays, errors = self._delays.get(key), self._errors.get(key)
        delay = delays.popleft() if delays else 0.0
        if not errors:
            return Fault(delay)
        error = errors.popleft()
        return Fault(delay, error, garbled=error is None)

    def clear(self) -> None:
        """Drops everything still planned."""
        self._errors.clear()
        self._delays.clear()
