"""Webhook delivery to a real local HTTP receiver: secret header, order, redelivery."""

from __future__ import annotations

import asyncio

from tests.bot.local_api.conftest import CITIZEN, BotClient, Receiver
from tests.fixtures.local_bot_api import LocalBotApi


class TestDelivery:
    async def test_updates_are_posted_as_json_with_the_secret_header(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        await bot.ok("setWebhook", url=receiver.url, secret_token="rahasia")
        update_id = api.send_text(CITIZEN, "halo")
        await receiver.wait_for(1)
        headers, body = receiver.received[0]
        assert headers["x-telegram-bot-api-secret-token"] == "rahasia"
        assert headers["content-type"] == "application/json"
        assert body["update_id"] == update_id and body["message"]["text"] == "halo"
        await api.wait_until_taken(update_id)
        assert api.pending_updates == []

    async def test_a_500_answer_means_the_same_update_comes_again(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        receiver.planned = [500, 500]
        await bot.ok("setWebhook", url=receiver.url)
        update_id = api.send_text(CITIZEN, "halo")
        await receiver.wait_for(3)
        await api.wait_until_taken(update_id)
        assert receiver.update_ids == [update_id] * 3
        assert [a.status_code for a in api.delivery_attempts] == [500, 500, 200]
        info = await bot.ok("getWebhookInfo")
        error = "Wrong response from the webhook: 500 Internal Server Error"
        assert info["last_error_message"] == error

    async def test_an_unreachable_webhook_is_retried_and_recorded(
        self, bot: BotClient, api: LocalBotApi
    ):
        await bot.ok("setWebhook", url="http://127.0.0.1:9/nobody-listens")
        api.send_text(CITIZEN, "halo")
        for _ in range(100):
            if len(api.delivery_attempts) >= 2:
                break
            await asyncio.sleep(0.02)
        assert [a.status_code for a in api.delivery_attempts[:2]] == [None, None]
        assert api.delivery_attempts[0].error
        assert len(api.pending_updates) == 1

    async def test_one_chat_is_delivered_in_order_one_at_a_time(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        receiver.planned = [500]  # the first update fails once; the second must wait for it
        await bot.ok("setWebhook", url=receiver.url)
        first = api.send_text(CITIZEN, "satu")
        second = api.send_text(CITIZEN, "dua")
        await receiver.wait_for(3)
        assert receiver.update_ids == [first, first, second]

    async def test_other_chats_do_not_wait_for_a_slow_one(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        receiver.delay = 0.3
        await bot.ok("setWebhook", url=receiver.url, max_connections=5)
        api.send_text(CITIZEN, "a")
        api.send_text(CITIZEN + 1, "b")
        await receiver.wait_for(2, timeout=0.25)  # both arrive before the first is answered

    async def test_delete_webhook_stops_delivery(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        await bot.ok("setWebhook", url=receiver.url)
        await bot.ok("deleteWebhook")
        api.send_text(CITIZEN, "halo")
        # Taken by polling, the update can no longer be posted to the old webhook.
        assert len(await bot.ok("getUpdates")) == 1
        assert receiver.received == []

    async def test_a_redelivered_update_is_posted_again(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        await bot.ok("setWebhook", url=receiver.url)
        update_id = api.send_text(CITIZEN, "halo")
        await receiver.wait_for(1)
        api.redeliver(update_id)
        await receiver.wait_for(2)
        assert receiver.update_ids == [update_id, update_id]

    async def test_a_method_in_the_webhook_answer_is_carried_out(
        self, bot: BotClient, api: LocalBotApi, receiver: Receiver
    ):
        answer = {"method": "sendMessage", "chat_id": CITIZEN, "text": "Dijawab lewat webhook"}
        receiver.reply = answer
        await bot.ok("setWebhook", url=receiver.url)
        api.send_text(CITIZEN, "halo")
        message = await api.wait_for_message(CITIZEN, "lewat webhook", timeout=5)
        assert message.text == "Dijawab lewat webhook"
