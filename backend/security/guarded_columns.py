"""Column types for free text: whatever code path writes them, no identity number lands in clear.

Every column a person or a member of staff can type into is declared with one of
these types. The identity-number guard runs as the value is bound to the statement,
so ORM flushes, bulk inserts and raw Core updates are all covered. Where a number
typed in text is worth keeping (a complaint's description, a staff question's
answer), `backend/casefiles/identity_mentions.py` first stores it encrypted beside
the row; this type is the wall behind it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from backend.security.identity_numbers import mask_identity_numbers, mask_identity_numbers_deep


class GuardedText(TypeDecorator[str]):
    """TEXT whose identity numbers are masked on the way in."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else mask_identity_numbers(value)


class GuardedString(TypeDecorator[str]):
    """VARCHAR(n) whose identity numbers are masked on the way in (never longer)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else mask_identity_numbers(value)


class GuardedJSON(TypeDecorator[Any]):
    """JSON whose strings, at any depth, have their identity numbers masked."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return mask_identity_numbers_deep(value)


GUARDED_TYPES = (GuardedText, GuardedString, GuardedJSON)
