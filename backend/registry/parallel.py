"""Prepares the chunks of a large export in worker processes, handing them back in order.

Checking, hashing and encrypting a row is pure Python work that holds the GIL, so
threads would take turns; worker processes use the other cores while this process
reads the file and writes to the database. Workers never touch the database: the
import's one transaction stays in this process. Small files are prepared here,
where starting workers would cost more than it saves.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import signal
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from backend.registry.prepare import Chunk, PreparedItem, PrepareSettings, RowPreparer

CHUNK_ROWS = 2000
# Chunks handed out ahead of the one being written, per worker: keeps workers busy
# while the database takes a batch, without reading the whole file into memory.
CHUNKS_AHEAD_PER_WORKER = 2

_worker_preparer: RowPreparer | None = None


def chunks_of(rows: Iterable[tuple[int, Sequence[object]]]) -> Iterator[Chunk]:
    """The rows in chunks of CHUNK_ROWS, in order."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK_ROWS)):
        yield chunk


async def prepared_chunks(
    rows: Iterable[tuple[int, Sequence[object]]], preparer: RowPreparer, workers: int
) -> AsyncIterator[tuple[Chunk, list[PreparedItem]]]:
    """Each chunk of the rows with its prepared items, in file order.

    With no workers `preparer` prepares them here; workers build their own from its settings.
    """
    if workers <= 0:
        for chunk in chunks_of(rows):
            # Here the values wait: only the rows the importer writes are encrypted.
            yield chunk, preparer.prepare(chunk, encrypt=False)
        return
    # spawn, not fork: this process runs an event loop and database driver threads.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(preparer.settings,)
    )
    pending: deque[tuple[Chunk, Future[list[PreparedItem]]]] = deque()
    try:
        chunks = chunks_of(rows)
        for chunk in itertools.islice(chunks, workers * CHUNKS_AHEAD_PER_WORKER):
            pending.append((chunk, executor.submit(_prepare_in_worker, chunk)))
        while pending:
            chunk, future = pending.popleft()
            items = await asyncio.wrap_future(future)
            for following in itertools.islice(chunks, 1):
                pending.append((following, executor.submit(_prepare_in_worker, following)))
            yield chunk, items
    finally:
        # A failed or interrupted import stops its workers without waiting for their chunks.
        executor.shutdown(wait=False, cancel_futures=True)


def _start_worker(settings: PrepareSettings) -> None:
    global _worker_preparer
    # Ctrl-C is the importing process's to handle: it rolls back and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_preparer = RowPreparer(settings)


def _prepare_in_worker(chunk: Chunk) -> list[PreparedItem]:
    assert _worker_preparer is not None, "the worker was started without its preparer"
    return _worker_preparer.prepare(chunk)
