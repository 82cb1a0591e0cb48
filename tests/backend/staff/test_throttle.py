"""The sign-in throttle: per address, per address and account, and the account's ceiling.

Each test makes its own throttle; windows of a second or two stand in for the real
minutes where the test waits for one to move on (it waits for the condition, it does
not sleep a fixed time).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from backend.rate_limits import storage_uri
from backend.staff.throttle import SigninThrottle, ThrottleLimits, address_key
from tests.fixtures.redis_server import REDIS_URL, skip_without_redis

EMAIL = "rina@dinsos.example"


def _limits(**changes: Any) -> ThrottleLimits:
    base: dict[str, Any] = {
        "per_address": ("100/minute",),
        "per_pair": "3/minute",
        "per_account": "100/minute",
    }
    return ThrottleLimits(**(base | changes))


async def _fail(throttle: SigninThrottle, address: str, email: str = EMAIL, times: int = 1) -> None:
    for _ in range(times):
        await throttle.record_failure(address, email)


class TestOneAddressOnOneAccount:
    """An address that keeps failing on an account is held back there, and only there."""

    async def test_the_pair_is_held_back_and_nobody_else(self) -> None:
        throttle = SigninThrottle(limits=_limits())
        await _fail(throttle, "10.0.0.9", times=3)
        assert await throttle.account_refuses("10.0.0.9", EMAIL)
        # The owner at another address, and the same address on another account, go on.
        assert not await throttle.account_refuses("10.0.0.1", EMAIL)
        assert not await throttle.account_refuses("10.0.0.9", "budi@dinsos.example")
        assert await throttle.address_wait("10.0.0.9") is None

    async def test_the_email_is_counted_as_typed_whether_or_not_it_is_an_account(self) -> None:
        throttle = SigninThrottle(limits=_limits())
        await _fail(throttle, "10.0.0.9", " Rina@Dinsos.Example ", times=3)
        assert await throttle.account_refuses("10.0.0.9", EMAIL)

    async def test_a_success_forgets_the_pairs_failures(self) -> None:
        throttle = SigninThrottle(limits=_limits())
        await _fail(throttle, "10.0.0.9", times=2)
        await throttle.record_success("10.0.0.9", EMAIL)
        await _fail(throttle, "10.0.0.9", times=2)
        assert not await throttle.account_refuses("10.0.0.9", EMAIL)

    async def test_the_window_moves_on(self) -> None:
        throttle = SigninThrottle(limits=_limits(per_pair="2 per 1 second"))
        await _fail(throttle, "10.0.0.9", times=2)
        assert await throttle.account_refuses("10.0.0.9", EMAIL)
        await _until_false(lambda: throttle.account_refuses("10.0.0.9", EMAIL))


async def _until_false(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    """Waits until the awaited check answers False (a window moved on)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await check():
        assert loop.time() < deadline, "the window did not move on in time"
        await asyncio.sleep(0.05)


class TestTheAccountsCeiling:
    """Past the ceiling, addresses that failed on the account wait; clean ones still try."""

    async def test_a_spread_attack_holds_back_its_own_addresses_not_the_owners(self) -> None:
        throttle = SigninThrottle(limits=_limits(per_account="20/minute"))
        for bot in range(20):
            await _fail(throttle, f"203.0.113.{bot}")
        assert await throttle.account_refuses("203.0.113.7", EMAIL)
        # The owner's address never failed on the account: it may still sign in.
        assert not await throttle.account_refuses("10.0.0.1", EMAIL)
        # A fresh attacking address gets one guess, then it is held back too.
        assert not await throttle.account_refuses("198.51.100.1", EMAIL)
        await _fail(throttle, "198.51.100.1")
        assert await throttle.account_refuses("198.51.100.1", EMAIL)


class TestOneAddress:
    """An address failing across accounts waits, and is told how long."""

    async def test_the_address_waits_the_rest_of_its_window(self) -> None:
        throttle = SigninThrottle(limits=_limits(per_address=("5/minute", "50/hour")))
        for serial in range(5):
            await throttle.record_failure("10.0.0.9", f"user{serial}@dinsos.example")
        wait = await throttle.address_wait("10.0.0.9")
        assert wait is not None and 0 < wait <= 60
        assert await throttle.address_wait("10.0.0.10") is None

    def test_an_ipv6_host_is_counted_by_its_64_network(self) -> None:
        assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
        assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
        assert address_key("::ffff:10.0.0.9") == "10.0.0.9"
        assert address_key(None) == "unknown"


class TestStorage:
    """RATE_LIMIT_STORAGE: memory for one process, Redis shared by several."""

    def test_the_setting_maps_to_the_asyncio_storages(self) -> None:
        assert storage_uri("memory://") == "async+memory://"
        assert storage_uri("redis://127.0.0.1:6379/0") == "async+redis://127.0.0.1:6379/0"
        with pytest.raises(ValueError, match="RATE_LIMIT_STORAGE"):
            storage_uri("memcached://127.0.0.1")

    async def test_two_processes_on_redis_share_the_counts(self) -> None:
        skip_without_redis()
        # Two throttles stand for two service processes; the email is this run's own.
        email = f"{uuid.uuid4().hex}@dinsos.example"
        first = SigninThrottle(REDIS_URL, _limits())
        second = SigninThrottle(REDIS_URL, _limits())
        await _fail(first, "10.0.0.9", email, times=2)
        await _fail(second, "10.0.0.9", email)
        assert await first.account_refuses("10.0.0.9", email)
        await second.record_success("10.0.0.9", email)
        assert not await first.account_refuses("10.0.0.9", email)

    async def test_a_redis_that_is_away_fails_open_to_this_process(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        # Nothing listens on port 1: the counts stay in this process and still hold.
        throttle = SigninThrottle("redis://127.0.0.1:1/0", _limits())
        await _fail(throttle, "10.0.0.9", times=3)
        assert await throttle.account_refuses("10.0.0.9", EMAIL)
        assert "counting in this process's memory" in caplog.text
