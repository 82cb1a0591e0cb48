"""A service process settles its heap once wired: garbage freed, the rest out of the collector's sight."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from backend.heap import YOUNG_COLLECTION_EVERY, settle_heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def thawed() -> Iterator[None]:
    # The test process must not keep what it froze: everything goes back to the collector,
    # on Python's own schedule.
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("thawed")
def test_start_up_garbage_is_freed_and_what_lives_is_frozen() -> None:
    cycle = Node()
    cycle.other = Node()
    cycle.other.other = cycle  # only the cycle collector frees it
    gone = weakref.ref(cycle)
    del cycle
    kept = Node()
    frozen_before = gc.get_freeze_count()

    settle_heap()

    assert gone() is None
    assert gc.get_freeze_count() > frozen_before
    assert not any(tracked is kept for tracked in gc.get_objects())


@pytest.mark.usefixtures("thawed")
def test_what_is_made_after_is_left_to_the_collector() -> None:
    settle_heap()
    made_after = Node()

    assert gc.isenabled()
    assert any(tracked is made_after for tracked in gc.get_objects())


@pytest.mark.usefixtures("thawed")
def test_young_objects_are_collected_less_often() -> None:
    settle_heap()

    assert gc.get_threshold()[0] == YOUNG_COLLECTION_EVERY > 700
