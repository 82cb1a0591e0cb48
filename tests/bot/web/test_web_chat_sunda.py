"""The web chat in Basa Sunda: a Sundanese browser is greeted in it, and /bahasa chooses it."""

from __future__ import annotations

import uuid

import httpx

from tests.bot.web.conftest import WebUser


class TestBasaSundaInTheWebChat:
    async def test_a_sundanese_browser_is_greeted_in_sundanese(
        self, web_client: httpx.AsyncClient
    ) -> None:
        web_client.headers["Accept-Language"] = "su-ID,su;q=0.9,id;q=0.8"
        user = WebUser(web_client)
        assert (await user.open()).status_code == 200
        new = user._took(await user.post({"id": uuid.uuid4().hex, "type": "start"}))
        assert any("Wilujeng sumping" in m["text"] for m in new if m["from"] == "out"), new

    async def test_bahasa_then_the_menu_and_a_complaint_in_sundanese(
        self, web_user: WebUser
    ) -> None:
        await web_user.say("/bahasa", "Pilih basa")
        await web_user.press("Basa Sunda", "Basa parantos digentos ka Basa Sunda")
        await web_user.say("/menu", "Mangga pilih layanan")
        await web_user.press("Ngadamel pangaduan", "Sateuacan ngamimitian")
        await web_user.press("✅ Satuju", "kanggo saha")
        await web_user.say("/status", "Teu acan aya pangaduan ti chat ieu")
