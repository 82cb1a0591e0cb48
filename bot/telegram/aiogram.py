"""The Telegram client over aiogram 3 (BOT_FRAMEWORK=aiogram)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram import exceptions as aiogram_errors
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatAction, ParseMode
from aiogram.methods import Response, TelegramMethod
from aiogram.types import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.telegram.client import (
    ALLOWED_UPDATES,
    BadRequest,
    Blocked,
    ChatMigrated,
    Conflict,
    NotFound,
    RenderedMessage,
    RetryAfter,
    TelegramError,
    TimedOut,
    Unauthorized,
    Unavailable,
)
from bot.telegram.unsent import NOT_SENT


def _status_error(error: aiohttp.ClientResponseError) -> TelegramError:
    # A download answered with an HTTP error; its text holds the URL, and so the token.
    text = f"HTTP {error.status} {error.message}"
    if error.status == 404:
        return NotFound(text)
    if error.status == 401:
        return Unauthorized(text)
    if error.status >= 500:
        return Unavailable(text)
    return TelegramError(text)


@asynccontextmanager
async def _translated_errors() -> AsyncIterator[None]:
    # The channel speaks one set of errors, whichever library is underneath.
    try:
        yield
    except aiogram_errors.TelegramRetryAfter as error:
        raise RetryAfter(float(error.retry_after)) from error
    except aiogram_errors.TelegramMigrateToChat as error:
        raise ChatMigrated(error.migrate_to_chat_id) from error
    except aiogram_errors.TelegramForbiddenError as error:
        raise Blocked(str(error)) from error
    except aiogram_errors.TelegramUnauthorizedError as error:
        raise Unauthorized(str(error)) from error
    except aiogram_errors.TelegramConflictError as error:
        raise Conflict(str(error)) from error
    except aiogram_errors.TelegramNotFound as error:
        raise NotFound(str(error)) from error
    # 413 before the network errors: aiogram derives it from TelegramNetworkError.
    except (aiogram_errors.TelegramBadRequest, aiogram_errors.TelegramEntityTooLarge) as error:
        raise BadRequest(str(error)) from error
    except aiogram_errors.TelegramServerError as error:
        raise Unavailable(str(error)) from error
    except aiogram_errors.TelegramNetworkError as error:
        # aiogram wraps every aiohttp failure alike; the cause tells a connection never
        # made (safe to send again) from an answer that did not come (maybe sent).
        kind = Unavailable if isinstance(error.__cause__, NOT_SENT) else TimedOut
        raise kind(str(error)) from error
    except aiogram_errors.TelegramAPIError as error:  # any other status Telegram answers
        raise TelegramError(str(error)) from error
    except aiogram_errors.ClientDecodeError as error:  # not JSON, or not an answer's shape
        raise TelegramError(f"Telegram's answer could not be read: {error.message}") from error
    except aiohttp.ClientResponseError as error:  # file downloads raise aiohttp's own errors
        raise _status_error(error) from error
    except NOT_SENT as error:
        raise Unavailable(f"{type(error).__name__}: {error}") from error
    except (aiohttp.ClientError, TimeoutError) as error:
        raise TimedOut(f"{type(error).__name__}: {error}") from error


def _markup(message: RenderedMessage) -> Any:
    if message.inline_keyboard:
        return InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
                             for row in message.inline_keyboard]
        )  # fmt: skip
    if message.keyboard:
        return ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=b.text, request_contact=b.request_contact or None)
                       for b in row] for row in message.keyboard],
            resize_keyboard=True, one_time_keyboard=True,
        )  # fmt: skip
    if message.remove_keyboard:
        return ReplyKeyboardRemove(remove_keyboard=True)
    return None


@cache
def _response_type(returning: Any) -> Any:
    return Response[returning]


class _Session(AiohttpSession):
    """aiogram's session, keeping the response model of each method it has called.

    aiogram parametrises its generic `Response` by the method's result on every call, and
    pydantic keeps a parametrised class only while something refers to it: after a garbage
    collection the next call built it again, about 100 ms of CPU for a Message.
    """

    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        _response_type(method.__returning__)
        return super().check_response(bot, method, status_code, content)


def kept_response_types() -> int:
    """How many response models the clients of this process keep."""
    return _response_type.cache_info().currsize


class AiogramClient:
    """TelegramClient implemented with aiogram's Bot."""

    def __init__(
        self, token: str, api_url: str, *, poll_timeout: int = 25, request_timeout: float = 15
    ) -> None:
        session = _Session(
            api=TelegramAPIServer.from_base(api_url.rstrip("/")), limit=64, timeout=request_timeout
        )
        self.bot = Bot(token, session=session)
        self.poll_timeout = poll_timeout

    async def start(self) -> str:
        async with _translated_errors():
            me = await self.bot.get_me()
        return me.username or ""

    async def close(self) -> None:
        await self.bot.session.close()

    async def set_commands(
        self, commands: list[tuple[str, str]], language_code: str | None
    ) -> None:
        async with _translated_errors():
            await self.bot.set_my_commands(
                [BotCommand(command=name, description=text) for name, text in commands],
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
                offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES,
                request_timeout=timeout + 10,
            )  # fmt: skip
        return [
            update.model_dump(mode="json", by_alias=True, exclude_none=True) for update in updates
        ]

    async def send_message(self, chat_id: int | str, message: RenderedMessage) -> int:
        async with _translated_errors():
            sent = await self.bot.send_message(
                chat_id=chat_id, text=message.text, parse_mode=ParseMode.HTML,
                reply_markup=_markup(message),
            )  # fmt: skip
        return sent.message_id

    async def remove_inline_keyboard(self, chat_id: int | str, message_id: int) -> None:
        async with _translated_errors():
            await self.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=None
            )

    async def answer_callback(self, callback_id: str) -> None:
        async with _translated_errors():
            await self.bot.answer_callback_query(callback_id)

    async def send_typing(self, chat_id: int | str) -> None:
        async with _translated_errors():
            await self.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)

    async def download(self, file_id: str) -> bytes:
        async with _translated_errors():
            file = await self.bot.get_file(file_id)
            data = await self.bot.download_file(file.file_path or "")
        return data.read() if data is not None else b""
