"""python-telegram-bot 22 and aiogram 3 talk to the local server and parse every object it sends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram import Bot as AiogramBot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import InlineKeyboardButton as AiogramButton
from aiogram.types import InlineKeyboardMarkup as AiogramMarkup
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter

from tests.bot.local_api.conftest import CITIZEN
from tests.fixtures.local_bot_api import LocalBotApi

PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg"


def ptb_bot(api: LocalBotApi) -> Bot:
    """A python-telegram-bot Bot pointed at the local server."""
    return Bot(api.token, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot")


def aiogram_bot(api: LocalBotApi) -> AiogramBot:
    """An aiogram Bot pointed at the local server."""
    return AiogramBot(api.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.url)))


def act_out_every_kind_of_update(api: LocalBotApi) -> None:
    """One update of each shape the bot can receive."""
    api.send_text(CITIZEN, "/start")
    api.share_contact(CITIZEN, "+6281234567890")
    api.send_photo(CITIZEN, PHOTO, caption="foto")
    api.send_document(CITIZEN, b"%PDF", "kk.pdf", "application/pdf")
    api.send_voice(CITIZEN, b"OggS", 2)
    api.send_sticker(CITIZEN)
    api.send_location(CITIZEN, -6.6, 106.8)
    api.edit_text(CITIZEN, 1, "/start lagi")
    api.block(CITIZEN)
    api.unblock(CITIZEN)


class TestPythonTelegramBot:
    async def test_it_sends_polls_presses_and_downloads(self, api: LocalBotApi):
        async with ptb_bot(api) as bot:
            assert (await bot.get_me()).username == "slrt_local_bot"
            act_out_every_kind_of_update(api)
            updates = await bot.get_updates(
                allowed_updates=["message", "edited_message", "callback_query", "my_chat_member"]
            )
            assert len(updates) == 10
            start, contact, photo, document, voice, sticker, location, edited, kicked, back = (
                updates
            )
            assert start.message.text == "/start"
            assert start.message.entities[0].type == "bot_command"
            assert contact.message.contact.user_id == CITIZEN
            assert document.message.document.file_name == "kk.pdf"
            assert voice.message.voice.mime_type == "audio/ogg"
            assert sticker.message.sticker.is_animated is False
            assert location.message.location.latitude == pytest.approx(-6.6)
            assert edited.edited_message.text == "/start lagi"
            assert kicked.my_chat_member.new_chat_member.status == "kicked"
            assert back.my_chat_member.new_chat_member.status == "member"
            file = await bot.get_file(photo.message.photo[-1].file_id)
            assert bytes(await file.download_as_bytearray()) == PHOTO

            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="ya")]])
            sent = await bot.send_message(
                CITIZEN, "<b>Lanjut?</b>", parse_mode="HTML", reply_markup=keyboard
            )
            assert sent.text == "Lanjut?" and sent.reply_markup == keyboard
            api.press(CITIZEN, "ya")
            (pressed,) = await bot.get_updates(offset=back.update_id + 1)
            assert pressed.callback_query.data == "ya"
            assert pressed.callback_query.message.message_id == sent.message_id
            assert await pressed.callback_query.answer("Oke")
            edited_message = await bot.edit_message_text(
                "Dipilih", chat_id=CITIZEN, message_id=sent.message_id
            )
            assert edited_message.text == "Dipilih"

    async def test_its_errors_match_telegrams(
        self, api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
    ):
        # PTB 22.2+ warns as it builds RetryAfter unless time periods are timedeltas (as in PtbClient).
        monkeypatch.setenv("PTB_TIMEDELTA", "true")
        async with ptb_bot(api) as bot:
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(404, "x")
            api.send_text(CITIZEN, "halo")
            api.fail_next("sendMessage", 429, retry_after=3)
            with pytest.raises(RetryAfter, match="Retry in 0:00:03") as waited:
                await bot.send_message(CITIZEN, "x")
            assert waited.value.retry_after == timedelta(seconds=3)
            api.block(CITIZEN)
            with pytest.raises(Forbidden, match="bot was blocked by the user"):
                await bot.send_message(CITIZEN, "x")


class TestAiogram:
    async def test_it_sends_polls_presses_and_downloads(self, api: LocalBotApi):
        bot = aiogram_bot(api)
        try:
            assert (await bot.get_me()).username == "slrt_local_bot"
            act_out_every_kind_of_update(api)
            updates = await bot.get_updates()
            assert len(updates) == 10
            start, contact, photo, *_, kicked, back = updates
            assert start.message.entities[0].type == "bot_command"
            assert contact.message.contact.phone_number == "+6281234567890"
            assert kicked.my_chat_member.new_chat_member.status == "kicked"
            downloaded = await bot.download(photo.message.photo[-1].file_id)
            assert downloaded.read() == PHOTO

            button = AiogramButton(text="Ya", callback_data="ya")
            keyboard = AiogramMarkup(inline_keyboard=[[button]])
            sent = await bot.send_message(
                CITIZEN, "<i>Lanjut?</i>", parse_mode="HTML", reply_markup=keyboard
            )
            assert sent.text == "Lanjut?"
            assert sent.reply_markup.inline_keyboard[0][0].callback_data == "ya"
            api.press(CITIZEN, "Ya")
            (pressed,) = await bot.get_updates(offset=back.update_id + 1)
            assert pressed.callback_query.data == "ya"
            assert await bot.answer_callback_query(pressed.callback_query.id, text="Oke")
            assert (await bot.get_webhook_info()).url == ""
        finally:
            await bot.session.close()

    async def test_its_errors_match_telegrams(self, api: LocalBotApi):
        bot = aiogram_bot(api)
        try:
            with pytest.raises(TelegramBadRequest, match="chat not found"):
                await bot.send_message(404, "x")
            api.send_text(CITIZEN, "halo")
            api.fail_next("sendMessage", 429, retry_after=3)
            with pytest.raises(TelegramRetryAfter) as waited:
                await bot.send_message(CITIZEN, "x")
            assert waited.value.retry_after == 3
            api.block(CITIZEN)
            with pytest.raises(TelegramForbiddenError):
                await bot.send_message(CITIZEN, "x")
        finally:
            await bot.session.close()
