"""R3 (issue 16): PostgreSQL away for a while, as a hang and as reset connections (a TCP
proxy in front of it), while citizens file by webhook and staff act through the API.

Every update the webhook answered 200 to and every action the API answered 200 to has
its effect afterwards; /healthz answers 503 during and 200 after; nothing is
restarted by hand (the same worker processes serve before and after). The full size
(10 s) is `bench/resilience_outage.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.bot.conftest import free_port
from tests.fixtures.resilience.outage import database_outage
from tests.fixtures.tcp_proxy import TcpProxy

# Longer than /healthz's own 3-second limit, so a hang is seen as one.
SECONDS_DOWN, CITIZENS, ACTIONS = 5.0, 6, 6


class TestTheDatabaseAwayWhileWorkGoesOn:
    """A hang and reset connections: 503 meanwhile, and nothing answered 200 is lost."""

    @pytest.mark.parametrize("kind", ["hang", "cut"])
    async def test_everything_answered_200_has_its_effect(
        self,
        postgres_database_url: str,
        postgres_behind_proxy: tuple[str, TcpProxy],
        tmp_path: Path,
        kind: str,
    ) -> None:
        proxied_url, proxy = postgres_behind_proxy
        assert make_url(proxied_url).database == make_url(postgres_database_url).database
        figures = await database_outage(
            postgres_database_url, proxy, proxied_url, tmp_path, free_port(), kind=kind,
            seconds=SECONDS_DOWN, citizens=CITIZENS, actions=ACTIONS, step_timeout=60,
        )  # fmt: skip
        print(f"\n{figures.summary()}")

        assert figures.lost_updates == []
        assert figures.effects_of_updates == len(figures.accepted_updates) > 0
        assert all(citizen.answered for citizen in figures.citizens)
        assert figures.tickets == CITIZENS
        assert figures.lost_actions == []
        assert all(action.done for action in figures.actions), [
            (action.ticket, action.answers) for action in figures.actions if not action.done
        ]
        assert figures.effects_of_actions == ACTIONS
        assert figures.health_503_during > 0, "/healthz says 503 while the database is away"
        assert figures.health_after == 200
        assert figures.seconds_to_recover is not None
        assert figures.workers_before == figures.workers_after, "no process restarted"
