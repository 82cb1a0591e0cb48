"""A service process's heap, settled once it is wired: the garbage collector's work kept small.

A running process holds some 300,000 objects made at start-up (modules, classes,
mappers, compiled statements) that live as long as it does. Python's full collection
walks every one of them each time, and under load it ran every few seconds: about a
tenth of a busy bot's CPU went there. Frozen (`gc.freeze`), they are left out of every
collection; what the process makes afterwards is collected as before, the youngest
objects once every `YOUNG_COLLECTION_EVERY` allocations instead of Python's 700: an
update makes thousands of short-lived objects, and each young collection promoted the
survivors of the moment towards the costly full ones.
"""

from __future__ import annotations

import gc

YOUNG_COLLECTION_EVERY = 10_000


def settle_heap() -> None:
    """Collects what start-up left behind, moves every object still alive out of the
    collector's sight, and spaces the young collections out. Called by the long-running
    commands once they are wired; no test process may keep a heap frozen, since what it
    freezes is never freed."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, oldest)
