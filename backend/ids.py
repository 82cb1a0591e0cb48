"""Row ids as the API and the panel take them: whole numbers an id column can hold.

Every table's id is an INTEGER: 32 bits in PostgreSQL, 64 in SQLite. A larger
number names no row, but unchecked it reaches the database driver, which fails
on it (OverflowError, or PostgreSQL's out-of-range error): a 500. Bounded here,
in the request's schema, it is refused as invalid input (422) before any query.
Every id a request carries, in its path, its query, its body or a form, is read
through one of these.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

# PostgreSQL's INTEGER; SQLite's is larger, so the smaller one bounds both.
MAX_ID = 2**31 - 1

# An id in a JSON body or a pydantic model.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
# An id in a route's path: /panel/admin/users/{user_id}.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
# An id written as text that a field may also hold words in (assignee: `me`, `none`, or an id).
ID_TEXT_PATTERN = r"[0-9]{1,10}"


def id_from_text(text: str | None) -> int | None:
    """The id a form or address field holds, or None when it holds no id a row can have."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
