"""R2 (issue 16): the notifier SIGKILLed mid-batch, again and again, with status messages
queued for many chats: none lost, repeats at most kills x NOTIFIER_CONCURRENCY, each
chat's messages in the order they were written.

The notifier runs alone (`slrt notifier`) beside a standby, on PostgreSQL, against the
local Bot API server with Telegram's limits; after each kill the standby takes over and
a new standby starts. The full size is `bench/resilience_kills.py`.
"""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.resilience.kills import kill_notifiers

CHATS, PER_CHAT, KILLS, CONCURRENCY = 60, 3, 3, 8


class TestKilledNotifiers:
    """A killed sender is replaced; the queue arrives whole and in order."""

    async def test_nothing_lost_few_repeated_all_in_order(
        self, postgres_database_url: str, tmp_path: Path
    ) -> None:
        figures = await kill_notifiers(postgres_database_url, tmp_path, CHATS, PER_CHAT,
                                       KILLS, concurrency=CONCURRENCY, timeout=120)  # fmt: skip
        print(f"\n{figures.summary()}")

        assert figures.kills == KILLS, "every kill landed while messages were left"
        assert all(figures.in_flight_at_kill), "each killed notifier had messages claimed"
        assert figures.lost == 0
        assert figures.repeats <= KILLS * CONCURRENCY
        assert figures.out_of_order == 0
        assert figures.left_in_outbox == 0
        assert figures.sent == CHATS * PER_CHAT + figures.repeats
        assert figures.exit_codes == [0, 0], "the notifiers left stop cleanly on SIGTERM"
