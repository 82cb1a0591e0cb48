"""`slrt bot` and `slrt notifier` run on uvloop, as uvicorn runs `slrt run`."""

from __future__ import annotations

import asyncio
import sys

import pytest
import uvloop

from backend.event_loop import run_service


async def _loop_class() -> type[asyncio.AbstractEventLoop]:
    return type(asyncio.get_running_loop())


def test_a_service_runs_on_uvloop() -> None:
    assert issubclass(run_service(_loop_class()), uvloop.Loop)


def test_the_service_s_result_comes_back() -> None:
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert run_service(answer()) == 42


def test_without_uvloop_asyncio_s_own_loop_runs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # as where it is not installed

    assert not issubclass(run_service(_loop_class()), uvloop.Loop)
