"""The look-up guard: limits per ticket and per origin, decided one at a time under races."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.complaints.lookup_guard import (
    ORIGIN_LIMIT,
    TICKET_LIMIT,
    LookupOutcome,
    origin_key,
    settle_lookup,
    ticket_lookups,
)
from backend.db import unit_of_work
from backend.security.crypto import Vault

NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # 10:00 WIB
TICKET = "261210-0017"


class TestOrigins:
    """What counts as one origin."""

    def test_a_web_address_a_v6_network_or_else_the_chat(self, vault: Vault) -> None:
        def key(address: str | None, chat_id: str = "c1") -> str:
            return origin_key(vault, channel="web", chat_id=chat_id, address=address)

        assert key("10.0.0.1", "c1") == key("10.0.0.1", "c2") != key("10.0.0.2")
        assert key("::ffff:10.0.0.1") == key("10.0.0.1")
        assert key("2001:db8::1") == key("2001:db8::ffff:1") != key("2001:db8:0:1::1")
        assert key(None, "c1") != key(None, "c2")
        assert "10.0.0.1" not in key("10.0.0.1")


class TestRaces:
    """Many chats guessing one ticket at once still get five failures between them."""

    @pytest.mark.own_database  # connections racing each other
    async def test_concurrent_guesses_count_one_at_a_time(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async def guess(n: int) -> LookupOutcome:
            async with unit_of_work(sessions) as session:
                origin = origin_key(vault, channel="web", chat_id="-", address=f"10.1.0.{n}")
                return await settle_lookup(
                    session, ticket=TICKET, origin=origin, now=NOW, matched=n == 19
                )

        outcomes = Counter(await asyncio.gather(*(guess(n) for n in range(20))))
        # Whoever came after the fifth failure was refused, right digits or not.
        failed = outcomes[LookupOutcome.FAILED] + outcomes[LookupOutcome.FAILED_AND_LOCKED]
        assert outcomes[LookupOutcome.FAILED_AND_LOCKED] == 1 and failed == TICKET_LIMIT
        async with sessions() as session:
            seen = await ticket_lookups(session, TICKET, NOW)
        assert (seen.failures_today, seen.locked_today) == (TICKET_LIMIT, True)
        assert seen.last_failure_at == NOW


class TestOriginLimit:
    """One origin is stopped after ten failures, whichever tickets they were for."""

    async def test_ten_failures_then_refused(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        origin = origin_key(vault, channel="telegram", chat_id="42", address=None)
        async with unit_of_work(sessions) as session:
            outcomes = [
                await settle_lookup(
                    session, ticket=f"261210-{n:03d}X", origin=origin, now=NOW, matched=False
                )
                for n in range(ORIGIN_LIMIT)
            ]
            assert outcomes[-1] == LookupOutcome.FAILED_AND_LOCKED
            assert set(outcomes[:-1]) == {LookupOutcome.FAILED}
            refused = await settle_lookup(
                session, ticket="261210-999X", origin=origin, now=NOW, matched=True
            )
            assert refused == LookupOutcome.LOCKED
