"""Fewer garbage collections while a registry import runs.

An import allocates a few container objects per row (the prepared row, its values, the
driver's tuple) that all die with their batch. At Python's usual first threshold (700
allocations) the collector runs hundreds of times per batch, looking at objects that
are about to go anyway, and the older generations are looked at more often too: about
a seventh of a first import's time on SQLite (bench/registry_import.py). A higher first
threshold lets a batch's objects die before they are looked at; the usual one comes
back after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young objects allowed before a collection while an import runs (a batch's worth).
IMPORT_THRESHOLD = 50_000

_depth = 0
_usual: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raises the collector's first threshold for the duration; imports side by side in
    one process share the raise, and the last one out puts the usual threshold back."""
    global _depth, _usual
    if _depth == 0:
        _usual = gc.get_threshold()
        if _usual[0]:  # 0: collection is off, and stays off
            gc.set_threshold(max(IMPORT_THRESHOLD, _usual[0]), *_usual[1:])
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _usual is not None:
            gc.set_threshold(*_usual)
            _usual = None
