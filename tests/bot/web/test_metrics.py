"""A web chat event is counted as a chat update handled, and named in the logs while handled."""

from __future__ import annotations

import httpx

from tests.backend.observability.scrape import sample, scrape
from tests.bot.web.conftest import WebUser

HANDLED = {"channel": "web", "outcome": "handled"}


async def test_each_event_is_counted(web_user: WebUser, web_client: httpx.AsyncClient) -> None:
    before = sample(await scrape(web_client), "slrt_updates_handled_total", **HANDLED) or 0.0
    await web_user.say("/start")
    await web_user.say("halo")
    after = await scrape(web_client)
    assert sample(after, "slrt_updates_handled_total", **HANDLED) == before + 2
    assert (sample(after, "slrt_update_duration_seconds_count", channel="web") or 0) >= 2
