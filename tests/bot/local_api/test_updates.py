"""getUpdates as Telegram runs it: offset confirms, timeout waits, allowed_updates filters."""

from __future__ import annotations

import asyncio
import time

from tests.bot.local_api.conftest import CITIZEN, BotClient
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.waiting import eventually


class TestPolling:
    async def test_updates_stay_until_an_offset_confirms_them(
        self, bot: BotClient, api: LocalBotApi
    ):
        first = api.send_text(CITIZEN, "satu")
        second = api.send_text(CITIZEN, "dua")
        assert second == first + 1
        assert [u["update_id"] for u in await bot.ok("getUpdates")] == [first, second]
        assert [u["update_id"] for u in await bot.ok("getUpdates")] == [first, second]
        assert [u["update_id"] for u in await bot.ok("getUpdates", offset=second)] == [second]
        assert await bot.ok("getUpdates", offset=second + 1) == []
        assert await bot.ok("getUpdates") == []  # confirmed ones are gone for good

    async def test_limit_and_a_negative_offset(self, bot: BotClient, api: LocalBotApi):
        ids = [api.send_text(CITIZEN, str(i)) for i in range(5)]
        assert [u["update_id"] for u in await bot.ok("getUpdates", limit=2)] == ids[:2]
        assert [u["update_id"] for u in await bot.ok("getUpdates", offset=-2)] == ids[-2:]
        assert [u["update_id"] for u in await bot.ok("getUpdates")] == ids[-2:]

    async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
        self, bot: BotClient, api: LocalBotApi
    ):
        started = time.monotonic()
        poll = asyncio.create_task(bot.ok("getUpdates", timeout=20))
        await eventually(lambda: api.world.poll_generation == 1)  # the poll is waiting
        update_id = api.send_text(CITIZEN, "halo")
        (update,) = await poll
        # Well before the poll's own 20 s: the update ended it (a busy machine takes seconds).
        assert update["update_id"] == update_id and time.monotonic() - started < 10

    async def test_a_long_poll_with_nothing_new_waits_out_its_timeout(self, bot: BotClient):
        started = time.monotonic()
        assert await bot.ok("getUpdates", timeout=1) == []
        assert time.monotonic() - started >= 0.9

    async def test_a_second_poller_ends_the_first_with_409(self, bot: BotClient, api: LocalBotApi):
        first = asyncio.create_task(bot.call("getUpdates", timeout=5))
        await eventually(lambda: api.world.poll_generation == 1)  # the first poll is waiting
        second = asyncio.create_task(bot.call("getUpdates", timeout=1))
        status, body = await first
        assert status == 409
        assert body["description"].startswith("Conflict: terminated by other getUpdates")
        assert (await second)[0] == 200

    async def test_allowed_updates_leaves_out_other_kinds(self, bot: BotClient, api: LocalBotApi):
        await bot.ok("getUpdates", allowed_updates=["callback_query"])
        api.send_text(CITIZEN, "tidak diminta")
        assert await bot.ok("getUpdates") == []
        await bot.ok("getUpdates", allowed_updates=[])  # back to the default kinds
        api.send_text(CITIZEN, "diminta")
        assert [u["message"]["text"] for u in await bot.ok("getUpdates")] == ["diminta"]

    async def test_a_redelivered_update_comes_again_with_the_same_id(
        self, bot: BotClient, api: LocalBotApi
    ):
        update_id = api.send_text(CITIZEN, "halo")
        await bot.ok("getUpdates")
        assert await bot.ok("getUpdates", offset=update_id + 1) == []
        api.redeliver(update_id)
        (again,) = await bot.ok("getUpdates", offset=update_id + 1)
        assert again["update_id"] == update_id and again["message"]["text"] == "halo"
        assert await bot.ok("getUpdates", offset=update_id + 1) == []

    async def test_raw_updates_are_numbered_in_the_same_sequence(
        self, bot: BotClient, api: LocalBotApi
    ):
        first = api.send_text(CITIZEN, "halo")
        chat = {"id": 1, "type": "private"}
        raw = api.queue_raw({"message": {"message_id": 99, "date": 0, "chat": chat}})
        assert raw == first + 1
        assert [u["update_id"] for u in await bot.ok("getUpdates")] == [first, raw]


class TestWebhookSettings:
    async def test_get_updates_is_a_409_conflict_while_a_webhook_is_set(self, bot: BotClient):
        result = await bot.http.post("setWebhook", json={"url": "http://127.0.0.1:9/hook"})
        assert result.json() == {"ok": True, "result": True, "description": "Webhook was set"}
        status, body = await bot.call("getUpdates")
        assert status == 409
        assert body["description"] == (
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first"
        )
        await bot.ok("deleteWebhook")
        assert await bot.ok("getUpdates") == []

    async def test_webhook_info_describes_the_setting(self, bot: BotClient, api: LocalBotApi):
        await bot.ok(
            "setWebhook",
            url="http://127.0.0.1:9/hook",
            secret_token="s3cret-_",
            max_connections=5,
            allowed_updates=["message", "callback_query"],
        )
        api.send_text(CITIZEN, "halo")
        info = await bot.ok("getWebhookInfo")
        assert info["url"] == "http://127.0.0.1:9/hook" and info["max_connections"] == 5
        assert info["allowed_updates"] == ["callback_query", "message"]
        assert info["has_custom_certificate"] is False and info["pending_update_count"] == 1
        assert api.webhook.secret_token == "s3cret-_"
        await bot.ok("deleteWebhook", drop_pending_updates=True)
        nothing = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        assert await bot.ok("getWebhookInfo") == nothing

    async def test_a_secret_with_unallowed_characters_is_refused(self, bot: BotClient):
        status, _ = await bot.call(
            "setWebhook", url="http://127.0.0.1:9/hook", secret_token="no spaces!"
        )
        assert status == 400
