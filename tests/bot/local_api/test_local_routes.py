"""The /_local JSON endpoints: driving users and reading the bot from another process."""

from __future__ import annotations

import base64

import httpx

from tests.bot.local_api.conftest import CITIZEN, BotClient
from tests.fixtures.local_bot_api import LocalBotApi


async def test_users_can_be_driven_and_the_bot_read_over_http(bot: BotClient, api: LocalBotApi):
    async with httpx.AsyncClient(base_url=f"{api.url}/_local", trust_env=False) as local:
        sent = await local.post(f"/users/{CITIZEN}/text", json={"text": "/start"})
        assert sent.json()["result"]["update_id"] == 1
        keyboard = {"inline_keyboard": [[{"text": "Ya", "callback_data": "ya"}]]}
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Lanjut?", reply_markup=keyboard)
        messages = (await local.get(f"/chats/{CITIZEN}/messages")).json()["result"]
        assert messages[0]["text"] == "Lanjut?" and messages[0]["buttons"] == [["Ya", "ya"]]
        pressed = await local.post(f"/users/{CITIZEN}/press", json={"label": "ya"})
        assert pressed.status_code == 200
        missing = await local.post(f"/users/{CITIZEN}/press", json={"label": "tidak"})
        assert missing.status_code == 400 and "visible buttons" in missing.json()["description"]
        photo = {"data_base64": base64.b64encode(b"jpeg").decode()}
        assert (await local.post(f"/users/{CITIZEN}/photo", json=photo)).status_code == 200
        wanted = {"contains": "Lanjut", "timeout": 1}
        waited = await local.get(f"/chats/{CITIZEN}/wait", params=wanted)
        assert waited.json()["result"]["message_id"] == 2

        await local.put("/limits", json={"enabled": True})
        assert api.limits_enabled is True
        await local.post("/faults", json={"method": "getMe", "error_code": 500})
        assert (await bot.call("getMe"))[0] == 500
        overview = (await local.get("/")).json()["result"]
        assert overview["token"] == api.token and overview["pending_updates"] == 3
        calls = (await local.get("/calls", params={"method": "getme"})).json()["result"]
        assert calls == [{"method": "getMe", "params": {}}]


async def test_servers_get_their_own_free_ports_and_stop_cleanly():
    other_token = "987654321:AAHanother-local-token-00000000000000"
    async with LocalBotApi() as first, LocalBotApi(other_token) as second:
        assert first.url != second.url
        async with httpx.AsyncClient(trust_env=False) as client:
            assert (await client.get(f"{second.url}/bot{other_token}/getMe")).status_code == 200
            assert (await client.get(f"{second.url}/bot{first.token}/getMe")).status_code == 401
    async with httpx.AsyncClient(trust_env=False) as client:
        try:
            await client.get(f"{first.url}/bot{first.token}/getMe")
        except httpx.ConnectError:
            pass
        else:
            raise AssertionError("the server should be gone")
