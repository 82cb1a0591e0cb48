"""Fewer garbage collections during an import, and the usual threshold back after it."""

from __future__ import annotations

import asyncio
import gc

from backend.registry.garbage import IMPORT_THRESHOLD, fewer_collections


def test_the_threshold_is_raised_inside_and_put_back_after() -> None:
    usual = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (max(IMPORT_THRESHOLD, usual[0]), *usual[1:])
    assert gc.get_threshold() == usual


def test_imports_side_by_side_put_the_usual_threshold_back_when_the_last_ends() -> None:
    usual = gc.get_threshold()

    async def one_import(started: asyncio.Event, release: asyncio.Event) -> None:
        with fewer_collections():
            started.set()
            await release.wait()

    async def both() -> None:
        first_started, second_started = asyncio.Event(), asyncio.Event()
        first_done, second_done = asyncio.Event(), asyncio.Event()
        first = asyncio.create_task(one_import(first_started, first_done))
        await first_started.wait()
        second = asyncio.create_task(one_import(second_started, second_done))
        await second_started.wait()
        # The first ends while the second still runs: the raise stays for the second.
        first_done.set()
        await first
        assert gc.get_threshold()[0] == max(IMPORT_THRESHOLD, usual[0])
        second_done.set()
        await second

    asyncio.run(both())
    assert gc.get_threshold() == usual


def test_a_failed_import_puts_the_threshold_back() -> None:
    usual = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("the file could not be read")
    except RuntimeError:
        pass
    assert gc.get_threshold() == usual
