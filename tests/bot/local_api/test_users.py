"""Acting as users: the updates each action queues, and reading back what the bot did."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.bot.local_api.conftest import CITIZEN, BotClient
from tests.fixtures.local_bot_api import LocalBotApi

MENU = {
    "inline_keyboard": [
        [{"text": "📝 Buat Pengaduan", "callback_data": "menu:new"}],
        [
            {"text": "Cek Status", "callback_data": "menu:status"},
            {"text": "Situs", "url": "https://x.id"},
        ],
    ]
}


async def only_update(bot: BotClient) -> dict:
    (update,) = await bot.ok("getUpdates")
    await bot.ok("getUpdates", offset=update["update_id"] + 1)
    return update


class TestMessagesFromUsers:
    async def test_a_command_gets_a_bot_command_entity(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "/start@slrt_local_bot halo", first_name="Budi", language_code="en")
        message = (await only_update(bot))["message"]
        assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
        assert message["from"] == {
            "id": CITIZEN,
            "is_bot": False,
            "first_name": "Budi",
            "language_code": "en",
        }
        assert message["chat"] == {"id": CITIZEN, "type": "private", "first_name": "Budi"}

    async def test_plain_text_has_no_entities(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo / apa kabar")
        assert "entities" not in (await only_update(bot))["message"]

    async def test_contact_location_voice_and_sticker(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        await only_update(bot)
        api.share_contact(CITIZEN, "+6281234567890")
        assert (await only_update(bot))["message"]["contact"] == {
            "phone_number": "+6281234567890",
            "first_name": "Siti",
            "user_id": CITIZEN,
        }
        api.send_location(CITIZEN, -6.595, 106.816)
        location = (await only_update(bot))["message"]["location"]
        assert location == {"latitude": -6.595, "longitude": 106.816}
        api.send_voice(CITIZEN, b"OggS", duration=4)
        voice = (await only_update(bot))["message"]["voice"]
        assert (voice["duration"], voice["mime_type"], voice["file_size"]) == (4, "audio/ogg", 4)
        api.send_sticker(CITIZEN)
        assert (await only_update(bot))["message"]["sticker"]["type"] == "regular"

    async def test_an_edited_text_arrives_as_edited_message(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "alamat lama")
        message_id = (await only_update(bot))["message"]["message_id"]
        api.edit_text(CITIZEN, message_id, "alamat baru")
        edited = (await only_update(bot))["edited_message"]
        assert (edited["message_id"], edited["text"]) == (message_id, "alamat baru")
        assert edited["edit_date"]


class TestButtons:
    async def test_press_finds_the_button_by_part_of_its_label(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        await only_update(bot)
        sent = await bot.ok("sendMessage", chat_id=CITIZEN, text="Menu", reply_markup=MENU)
        api.press(CITIZEN, "pengaduan")
        query = (await only_update(bot))["callback_query"]
        assert query["data"] == "menu:new" and query["message"]["message_id"] == sent["message_id"]
        assert query["from"]["id"] == CITIZEN and query["chat_instance"]

    async def test_a_missing_label_lists_the_visible_buttons(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Menu", reply_markup=MENU)
        with pytest.raises(LookupError, match="'📝 Buat Pengaduan', 'Cek Status', 'Situs'"):
            api.press(CITIZEN, "Bantuan")

    async def test_press_uses_the_latest_message_that_still_has_buttons(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Menu", reply_markup=MENU)
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Tanpa tombol")
        api.press(CITIZEN, "status")
        await bot.ok("getUpdates", offset=2)
        assert (await only_update(bot))["callback_query"]["data"] == "menu:status"

    async def test_press_data_presses_anything_on_an_old_message(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        sent = await bot.ok("sendMessage", chat_id=CITIZEN, text="Menu", reply_markup=MENU)
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Yang baru", reply_markup=MENU)
        api.press_data(CITIZEN, sent["message_id"], "forged:data")
        await bot.ok("getUpdates", offset=2)
        query = (await only_update(bot))["callback_query"]
        assert query["data"] == "forged:data"
        assert query["message"]["message_id"] == sent["message_id"]


class TestBlocking:
    async def test_block_and_unblock_arrive_as_my_chat_member(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        await only_update(bot)
        api.block(CITIZEN)
        change = (await only_update(bot))["my_chat_member"]
        assert change["old_chat_member"]["status"] == "member"
        kicked = change["new_chat_member"]
        assert (kicked["status"], kicked["until_date"]) == ("kicked", 0)
        assert kicked["user"]["is_bot"] is True
        api.unblock(CITIZEN)
        assert (await only_update(bot))["my_chat_member"]["new_chat_member"]["status"] == "member"


class TestFiles:
    async def test_a_users_photo_can_be_downloaded_through_get_file(
        self, bot: BotClient, api: LocalBotApi
    ):
        photo = bytes(range(256)) * 40
        api.send_photo(CITIZEN, photo, caption="rumah rusak")
        message = (await only_update(bot))["message"]
        assert message["caption"] == "rumah rusak"
        file = await bot.ok("getFile", file_id=message["photo"][-1]["file_id"])
        assert file["file_path"].startswith("photos/") and file["file_size"] == len(photo)
        async with httpx.AsyncClient(trust_env=False) as client:
            response = await client.get(f"{api.url}/file/bot{api.token}/{file['file_path']}")
            assert response.content == photo
            wrong = await client.get(f"{api.url}/file/bot{api.token}/photos/nothing.jpg")
            assert wrong.status_code == 404

    async def test_documents_keep_their_name_and_type(self, bot: BotClient, api: LocalBotApi):
        api.send_document(CITIZEN, b"%PDF-1.4", "kk.pdf", "application/pdf")
        document = (await only_update(bot))["message"]["document"]
        shape = (document["file_name"], document["mime_type"], document["file_size"])
        assert shape == ("kk.pdf", "application/pdf", 8)
        file = await bot.ok("getFile", file_id=document["file_id"])
        assert file["file_path"].endswith(".pdf")

    async def test_get_file_refuses_files_over_20_mb(self, bot: BotClient, api: LocalBotApi):
        api.send_document(CITIZEN, bytes(20 * 1024 * 1024 + 1), "besar.zip", "application/zip")
        document = (await only_update(bot))["message"]["document"]
        status, body = await bot.call("getFile", file_id=document["file_id"])
        assert (status, body["description"]) == (400, "Bad Request: file is too big")
        status, body = await bot.call("getFile", file_id="nonsense")
        assert (status, body["description"]) == (400, "Bad Request: invalid file_id")


class TestReadingTheBot:
    async def test_wait_for_message_returns_when_the_text_arrives(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")

        async def reply_later() -> None:
            await asyncio.sleep(0.1)
            html = "<b>Nomor tiket</b>: SLRT-1"
            await bot.ok("sendMessage", chat_id=CITIZEN, text=html, parse_mode="HTML")

        replying = asyncio.create_task(reply_later())
        message = await api.wait_for_message(CITIZEN, "tiket: SLRT", timeout=5)
        await replying
        assert message.html == "<b>Nomor tiket</b>: SLRT-1"

    async def test_wait_for_message_times_out_listing_what_came(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Selamat datang")
        with pytest.raises(TimeoutError, match="Selamat datang"):
            await api.wait_for_message(CITIZEN, "tiket", timeout=0.1)
        with pytest.raises(TimeoutError):
            await api.wait_for_message(CITIZEN, "Selamat", timeout=0.1, after=2)

    async def test_calls_are_recorded_in_order_with_normalised_params(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        await bot.http.post("sendMessage", data={"chat_id": str(CITIZEN), "text": "x"})
        await bot.ok("getMe")
        assert [c.method for c in api.calls] == ["sendMessage", "getMe"]
        first = api.calls[0]
        assert (first.method, first.params) == ("sendMessage", {"chat_id": CITIZEN, "text": "x"})
        assert not first.in_webhook_answer  # a request of the bot's own
