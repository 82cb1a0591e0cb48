"""R1 (issue 16): a flood of citizens through the webhook of two worker processes, with
Telegram's limits, 5% of Bot API calls answered 502 and 5% of updates delivered twice.

Every citizen ends with exactly one ticket and one receipt, every update gets its
answer (late rather than never), no complaint is filed twice. The full size (1,000
citizens) is `bench/resilience_flood.py`.
"""

from __future__ import annotations

from pathlib import Path

from tests.bot.conftest import free_port
from tests.fixtures.resilience.flood import flood

CITIZENS = 20


class TestAFloodOfCitizens:
    """Many at once, across two workers, while Telegram throttles, fails and repeats."""

    async def test_every_citizen_gets_one_ticket_one_receipt_and_every_answer(
        self, postgres_database_url: str, tmp_path: Path
    ) -> None:
        figures = await flood(postgres_database_url, tmp_path, free_port(), CITIZENS,
                              step_timeout=60)  # fmt: skip
        print(f"\n{figures.summary()}")

        assert figures.unanswered == [], "every update got its answer"
        assert all(citizen.answered for citizen in figures.citizens)
        assert {c.chat_id: figures.tickets[c.chat_id] for c in figures.citizens} == {
            c.chat_id: 1 for c in figures.citizens
        }, "exactly one ticket each"
        assert figures.duplicate_complaints == 0
        assert sum(figures.tickets.values()) == CITIZENS
        assert {c.chat_id: figures.receipts[c.chat_id] for c in figures.citizens} == {
            c.chat_id: 1 for c in figures.citizens
        }, "exactly one receipt each"
        assert all(c.ticket for c in figures.citizens)
        assert not figures.answers_left, "no answer waits, none parked"
        # The trouble really happened, and the service ended cleanly on SIGTERM.
        assert figures.errors_injected > 0
        assert figures.duplicates_delivered > 0
        assert figures.service_exit_code == 0
