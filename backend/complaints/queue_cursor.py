"""Opaque cursors of the staff queue: the sort key of the last row of a page.

Keyset paging seeks past that key instead of counting rows with OFFSET, so a
page deep in the queue costs what the first one does, and rows inserted while
someone pages never make a row repeat or go missing.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from backend.errors import InvalidInput
from backend.ids import MAX_ID

_VERSION = 1


class QueueSort(StrEnum):
    """Orders of the queue: by deadline (no deadline last), or newest first."""

    DUE = "due"
    NEWEST = "newest"


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the sort, the last row's key and its id."""

    sort: QueueSort
    id: int
    due_on: date | None = None
    created_at: datetime | None = None


def encode_cursor(cursor: Cursor) -> str:
    """The cursor as URL-safe text."""
    if cursor.sort == QueueSort.DUE:
        key = cursor.due_on.isoformat() if cursor.due_on else None
    else:
        assert cursor.created_at is not None
        key = cursor.created_at.isoformat()
    raw = json.dumps([_VERSION, cursor.sort.value, key, cursor.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str, sort: QueueSort) -> Cursor:
    """Reads a cursor made by `encode_cursor` for the same sort; InvalidInput otherwise."""
    try:
        padded = text + "=" * (-len(text) % 4)
        version, sort_name, key, row_id = json.loads(base64.urlsafe_b64decode(padded))
        # A made-up cursor's id past the id column would fail in the driver, not here.
        if version != _VERSION or not isinstance(row_id, int) or not 0 <= row_id <= MAX_ID:
            raise ValueError(text)
        found_sort = QueueSort(sort_name)
        if found_sort == QueueSort.DUE:
            cursor = Cursor(found_sort, row_id, due_on=date.fromisoformat(key) if key else None)
        else:
            moment = datetime.fromisoformat(key)
            if moment.tzinfo is None:
                raise ValueError(key)
            cursor = Cursor(found_sort, row_id, created_at=moment)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            "The cursor is not valid: start again from the first page (leave out cursor)",
            field="cursor",
        ) from None
    if cursor.sort != sort:
        raise InvalidInput(
            f"The cursor belongs to the sort '{cursor.sort.value}', not '{sort.value}': "
            "start again from the first page",
            field="cursor",
        )
    return cursor
