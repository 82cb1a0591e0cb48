"""The Telegram client over python-telegram-bot (BOT_FRAMEWORK=ptb, the default)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram import error as ptb_error
from telegram.constants import ChatAction, ParseMode
from telegram.request import HTTPXRequest

from bot.telegram.client import (
    ALLOWED_UPDATES,
    BadRequest,
    Blocked,
    RenderedMessage,
    RetryAfter,
    Unavailable,
)


@asynccontextmanager
async def _translated_errors() -> AsyncIterator[None]:
    # The channel speaks one set of errors, whichever library is underneath.
    try:
        yield
    except ptb_error.RetryAfter as error:
        delay = error.retry_after
        raise RetryAfter(delay.total_seconds() if isinstance(delay, timedelta) else float(delay)) from error
    except ptb_error.Forbidden as error:
        raise Blocked(str(error)) from error
    except ptb_error.BadRequest as error:
        raise BadRequest(str(error)) from error
    except (ptb_error.TimedOut, ptb_error.NetworkError) as error:
        raise Unavailable(str(error)) from error


def _markup(message: RenderedMessage) -> Any:
    if message.inline_keyboard:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(text, callback_data=data) for text, data in row]
             for row in message.inline_keyboard]
        )  # fmt: skip
    if message.keyboard:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(b.text, request_contact=b.request_contact or None) for b in row]
             for row in message.keyboard],
            resize_keyboard=True, one_time_keyboard=True,
        )  # fmt: skip
    if message.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


class PtbClient:
    """TelegramClient implemented with python-telegram-bot's Bot."""

    def __init__(self, token: str, api_url: str, *, poll_timeout: int = 25) -> None:
        root = api_url.rstrip("/")
        self.bot = Bot(
            token,
            base_url=f"{root}/bot",
            base_file_url=f"{root}/file/bot",
            request=HTTPXRequest(connection_pool_size=64, read_timeout=15, connect_timeout=10),
            # Long polling holds the request open for the poll time-out and a bit more.
            get_updates_request=HTTPXRequest(read_timeout=poll_timeout + 10),
        )

    async def start(self) -> str:
        async with _translated_errors():
            await self.bot.initialize()
            return self.bot.username

    async def close(self) -> None:
        await self.bot.shutdown()

    async def set_commands(self, commands: list[tuple[str, str]], language_code: str | None) -> None:
        async with _translated_errors():
            await self.bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands],
                language_code=language_code,
            )

    async def delete_webhook(self) -> None:
        async with _translated_errors():
            await self.bot.delete_webhook()

    async def set_webhook(self, url: str, secret: str, max_connections: int) -> None:
        async with _translated_errors():
            await self.bot.set_webhook(
                url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                max_connections=max_connections,
            )  # fmt: skip

    async def get_updates(self, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        async with _translated_errors():
            updates = await self.bot.get_updates(
                offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES
            )
        return [update.to_dict() for update in updates]

    async def send_message(self, chat_id: int | str, message: RenderedMessage) -> int:
        async with _translated_errors():
            sent = await self.bot.send_message(
                chat_id, message.text, parse_mode=ParseMode.HTML, reply_markup=_markup(message)
            )
        return sent.message_id

    async def remove_inline_keyboard(self, chat_id: int | str, message_id: int) -> None:
        async with _translated_errors():
            await self.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)

    async def answer_callback(self, callback_id: str) -> None:
        async with _translated_errors():
            await self.bot.answer_callback_query(callback_id)

    async def send_typing(self, chat_id: int | str) -> None:
        async with _translated_errors():
            await self.bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def download(self, file_id: str) -> bytes:
        async with _translated_errors():
            file = await self.bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())
