"""A service process's heap, settled once it is wired: the garbage collector skips it after.

A running process holds some 300,000 objects made at start-up (modules, classes,
mappers, compiled statements) that live as long as it does. Python's full collection walks
every one of them each time, and under load it runs every few seconds: about a tenth
of a busy bot's CPU went there. Frozen (`gc.freeze`), they are left out of every
collection; what the process makes afterwards is collected as before.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Collects what start-up left behind, then moves every object still alive out of the
    collector's sight. Called by the long-running commands once they are wired; no test
    process may keep a heap frozen, since what it freezes is never freed."""
    gc.collect()
    gc.freeze()
