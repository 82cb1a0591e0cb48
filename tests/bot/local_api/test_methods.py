"""The Bot API surface: envelope, encodings, and the errors Telegram gives for each mistake."""

from __future__ import annotations

import asyncio
import json

import httpx

from tests.bot.local_api.conftest import CITIZEN, BotClient
from tests.fixtures.local_bot_api import LocalBotApi

KEYBOARD = {"inline_keyboard": [[{"text": "Ya", "callback_data": "yes"}]]}


class TestEnvelope:
    async def test_get_me_answers_the_bot_in_an_ok_envelope(self, bot: BotClient, api: LocalBotApi):
        me = await bot.ok("getMe")
        assert me["is_bot"] is True
        assert me["id"] == int(api.token.split(":")[0])

    async def test_an_unknown_method_is_404_not_found(self, bot: BotClient):
        assert await bot.call("getWeather") == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )

    async def test_a_wrong_token_is_401_unauthorized(self, api: LocalBotApi):
        async with httpx.AsyncClient(trust_env=False) as client:
            response = await client.get(f"{api.url}/bot123:wrong/getMe")
        assert response.status_code == 401
        assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}

    async def test_method_names_are_case_insensitive(self, bot: BotClient):
        assert (await bot.ok("getme"))["is_bot"] is True

    async def test_query_form_and_multipart_parameters_are_all_read(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        by_query = await bot.http.get("sendMessage", params={"chat_id": CITIZEN, "text": "q"})
        by_form = await bot.http.post(
            "sendMessage",
            data={"chat_id": str(CITIZEN), "text": "f", "reply_markup": json.dumps(KEYBOARD)},
        )
        by_multipart = await bot.http.post(
            "sendMessage", data={"chat_id": str(CITIZEN), "text": "m"}, files={"x": ("x.txt", b"x")}
        )
        assert [r.status_code for r in (by_query, by_form, by_multipart)] == [200, 200, 200]
        assert by_form.json()["result"]["reply_markup"] == KEYBOARD
        assert [m.text for m in api.messages(CITIZEN)] == ["q", "f", "m"]
        assert api.calls_of("sendMessage")[1]["reply_markup"] == KEYBOARD


class TestSendMessage:
    async def test_a_message_to_a_user_has_the_fields_libraries_need(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "/start")
        message = await bot.ok("sendMessage", chat_id=CITIZEN, text="Halo", reply_markup=KEYBOARD)
        assert message["chat"] == {"id": CITIZEN, "type": "private", "first_name": "Siti"}
        assert message["from"]["is_bot"] is True
        assert message["text"] == "Halo" and message["reply_markup"] == KEYBOARD
        assert message["message_id"] == 2  # the user's /start was message 1 of this chat

    async def test_a_chat_that_never_wrote_is_not_found(self, bot: BotClient):
        assert await bot.call("sendMessage", chat_id=999, text="x") == (
            400,
            {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
        )

    async def test_a_user_who_blocked_the_bot_answers_403(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        api.block(CITIZEN)
        status, body = await bot.call("sendMessage", chat_id=CITIZEN, text="x")
        assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
        api.unblock(CITIZEN)
        await bot.ok("sendMessage", chat_id=CITIZEN, text="x")

    async def test_empty_and_white_space_texts_are_refused(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        for text in ("", "   \n", "<b></b>"):
            status, body = await bot.call(
                "sendMessage", chat_id=CITIZEN, text=text, parse_mode="HTML"
            )
            assert (status, body["description"]) == (400, "Bad Request: message text is empty")

    async def test_text_over_4096_characters_after_parsing_is_too_long(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        longest = "<b>" + "a" * 4096 + "</b>"
        await bot.ok("sendMessage", chat_id=CITIZEN, text=longest, parse_mode="HTML")
        status, body = await bot.call("sendMessage", chat_id=CITIZEN, text="a" * 4097)
        assert (status, body["description"]) == (400, "Bad Request: message is too long")

    async def test_callback_data_over_64_bytes_is_invalid(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        fine = {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 32}]]}
        await bot.ok("sendMessage", chat_id=CITIZEN, text="x", reply_markup=fine)
        too_long = {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 32 + "x"}]]}
        status, body = await bot.call(
            "sendMessage", chat_id=CITIZEN, text="x", reply_markup=too_long
        )
        assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")

    async def test_more_than_100_inline_buttons_are_refused(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        rows = [[{"text": str(i), "callback_data": str(i)}] for i in range(101)]
        markup = {"inline_keyboard": rows}
        status, body = await bot.call("sendMessage", chat_id=CITIZEN, text="x", reply_markup=markup)
        assert (status, body["description"]) == (400, "Bad Request: reply markup is too long")

    async def test_reply_keyboards_are_kept_but_not_echoed(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        keyboard = {
            "keyboard": [[{"text": "Bagikan nomor", "request_contact": True}]],
            "one_time_keyboard": True,
        }
        message = await bot.ok("sendMessage", chat_id=CITIZEN, text="Nomor?", reply_markup=keyboard)
        assert "reply_markup" not in message
        assert api.last_message(CITIZEN).keyboard == ["Bagikan nomor"]
        removal = {"remove_keyboard": True}
        await bot.ok("sendMessage", chat_id=CITIZEN, text="ok", reply_markup=removal)

    async def test_unparsable_markup_is_refused(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        status, body = await bot.call("sendMessage", chat_id=CITIZEN, text="x", reply_markup="{no")
        assert status == 400
        assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"


class TestEditing:
    async def test_edits_change_the_text_and_drop_an_unrepeated_keyboard(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        sent = await bot.ok("sendMessage", chat_id=CITIZEN, text="Pilih", reply_markup=KEYBOARD)
        ids = {"chat_id": CITIZEN, "message_id": sent["message_id"]}
        edited = await bot.ok("editMessageText", **ids, text="Dipilih")
        assert edited["text"] == "Dipilih" and "reply_markup" not in edited and edited["edit_date"]
        message = api.last_message(CITIZEN)
        assert message.edited and message.buttons == []

    async def test_editing_a_missing_message_is_not_found(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        status, body = await bot.call("editMessageText", chat_id=CITIZEN, message_id=77, text="x")
        assert (status, body["description"]) == (400, "Bad Request: message to edit not found")

    async def test_identical_content_is_not_modified(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        sent = await bot.ok("sendMessage", chat_id=CITIZEN, text="Sama", reply_markup=KEYBOARD)
        ids = {"chat_id": CITIZEN, "message_id": sent["message_id"]}
        status, body = await bot.call("editMessageText", **ids, text="Sama", reply_markup=KEYBOARD)
        assert status == 400
        assert body["description"].startswith("Bad Request: message is not modified: ")
        status, body = await bot.call("editMessageReplyMarkup", **ids, reply_markup=KEYBOARD)
        assert status == 400 and "not modified" in body["description"]
        await bot.ok("editMessageReplyMarkup", **ids)  # removing the keyboard is a change
        assert api.last_message(CITIZEN).buttons == []

    async def test_deleted_messages_are_flagged_and_cannot_be_deleted_twice(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        sent = await bot.ok("sendMessage", chat_id=CITIZEN, text="x")
        assert await bot.ok("deleteMessage", chat_id=CITIZEN, message_id=sent["message_id"]) is True
        assert api.messages(CITIZEN)[0].deleted and api.last_message(CITIZEN) is None
        ids = {"chat_id": CITIZEN, "message_id": sent["message_id"]}
        status, body = await bot.call("deleteMessage", **ids)
        assert (status, body["description"]) == (400, "Bad Request: message to delete not found")


class TestOtherMethods:
    async def test_commands_are_kept_per_language(self, bot: BotClient, api: LocalBotApi):
        commands = [{"command": "start", "description": "Mulai"}]
        await bot.ok("setMyCommands", commands=commands, language_code="id")
        assert await bot.ok("getMyCommands", language_code="id") == commands
        assert api.commands == {"id": commands}
        wrong = [{"command": "Start!", "description": "x"}]
        status, body = await bot.call("setMyCommands", commands=wrong)
        assert (status, body["description"]) == (400, "Bad Request: BOT_COMMAND_INVALID")

    async def test_callback_queries_are_answered_once(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        await bot.ok("sendMessage", chat_id=CITIZEN, text="Pilih", reply_markup=KEYBOARD)
        api.press(CITIZEN, "ya")
        (update,) = await bot.ok("getUpdates", offset=2)
        query_id = update["callback_query"]["id"]
        assert await bot.ok("answerCallbackQuery", callback_query_id=query_id, text="Oke") is True
        assert api.callback_answers[0].text == "Oke"
        status, body = await bot.call("answerCallbackQuery", callback_query_id=query_id)
        assert status == 400 and "query is too old" in body["description"]

    async def test_chat_actions_are_recorded_and_checked(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        await bot.ok("sendChatAction", chat_id=CITIZEN, action="typing")
        assert api.chat_actions == [(CITIZEN, "typing")]
        status, _ = await bot.call("sendChatAction", chat_id=CITIZEN, action="dancing")
        assert status == 400

    async def test_a_photo_can_be_sent_again_by_file_id(self, bot: BotClient, api: LocalBotApi):
        api.send_photo(CITIZEN, b"\xff\xd8jpeg")
        (update,) = await bot.ok("getUpdates")
        file_id = update["message"]["photo"][-1]["file_id"]
        message = await bot.ok(
            "sendPhoto", chat_id=CITIZEN, photo=file_id, caption="<b>Foto</b>", parse_mode="HTML"
        )
        assert message["photo"][0]["file_id"] == file_id and message["caption"] == "Foto"
        status, body = await bot.call("sendDocument", chat_id=CITIZEN, document="no-such-id")
        assert status == 400
        assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"


class TestInjectedFaults:
    async def test_fail_next_fails_that_many_calls_then_recovers(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.fail_next("getMe", 502, "Bad Gateway", count=2)
        assert (await bot.call("getMe"))[0] == 502
        refused = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        assert await bot.call("getMe") == (502, refused)
        await bot.ok("getMe")

    async def test_an_injected_429_carries_retry_after(self, bot: BotClient, api: LocalBotApi):
        api.fail_next("getMe", 429, retry_after=7)
        status, body = await bot.call("getMe")
        assert (status, body["parameters"]) == (429, {"retry_after": 7})
        assert body["description"] == "Too Many Requests: retry after 7"
        assert api.rate_limited_count == 1

    async def test_delay_next_makes_a_client_time_out(self, bot: BotClient, api: LocalBotApi):
        api.delay_next("getMe", 0.5)
        try:
            await bot.http.post("getMe", timeout=0.1)
        except httpx.TimeoutException:
            pass
        else:
            raise AssertionError("the delayed call should have timed out")
        await bot.ok("getMe")

    async def test_a_failed_group_call_carries_the_new_chat_id(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.fail_next(
            "getMe", 400, "Bad Request: group chat was upgraded", migrate_to_chat_id=-1001
        )
        status, body = await bot.call("getMe")
        assert (status, body["parameters"]) == (400, {"migrate_to_chat_id": -1001})

    async def test_garble_next_answers_a_page_that_is_not_json(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.garble_next("getMe")
        response = await bot.http.post("getMe")
        assert response.status_code == 200 and response.text.startswith("<html>")
        await bot.ok("getMe")

    async def test_a_download_can_fail_once(self, bot: BotClient, api: LocalBotApi):
        api.send_photo(CITIZEN, b"\xff\xd8photo", with_size=False)
        [update] = await bot.ok("getUpdates")
        assert "file_size" not in update["message"]["photo"][0]
        path = (await bot.ok("getFile", file_id=update["message"]["photo"][0]["file_id"]))[
            "file_path"
        ]
        api.fail_next_download(404)
        async with httpx.AsyncClient(
            base_url=f"{api.url}/file/bot{api.token}/", trust_env=False
        ) as files:
            assert (await files.get(path)).status_code == 404
            assert (await files.get(path)).content == b"\xff\xd8photo"

    async def test_open_connections_counts_what_the_bot_holds(
        self, bot: BotClient, api: LocalBotApi
    ):
        await bot.ok("getMe")  # the client keeps its connection for the next call
        assert api.open_connections == 1
        await bot.http.aclose()
        for _ in range(100):
            if api.open_connections == 0:
                break
            await asyncio.sleep(0.01)
        assert api.open_connections == 0
