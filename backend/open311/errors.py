"""A refusal in the specification's terms: the HTTP status and its list of errors."""

from __future__ import annotations


class Open311Error(Exception):
    """Answered as the specification's error list with `status_code` (403 key, 404, 400)."""

    def __init__(self, status_code: int, *descriptions: str) -> None:
        super().__init__("; ".join(descriptions))
        self.status_code = status_code
        self.descriptions = descriptions
        # Seconds to wait, for a 429 (sent as Retry-After).
        self.retry_after: int | None = None
