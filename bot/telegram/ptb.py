"""The Telegram client over python-telegram-bot (BOT_FRAMEWORK=ptb, the default)."""

from __future__ import annotations

import os
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import Bot, BotCommand
from telegram import error as ptb_error
from telegram.constants import ChatAction, ParseMode
from telegram.warnings import PTBUserWarning

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
from bot.telegram.ptb_request import AiohttpRequest
from bot.telegram.unsent import NOT_SENT
from bot.tls import shared_tls_context


def retry_after_seconds(error: ptb_error.RetryAfter) -> float:
    """The wait a 429 asks for, whether PTB gives it as whole seconds or as a timedelta."""
    delay = error.retry_after
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)


def _opt_in_to_timedelta() -> None:
    # PTB 22.2+ warns each time it reads a time period (retry_after, even in RetryAfter's own
    # constructor) as a number, unless the process opts in to timedelta values. Our reader
    # takes both kinds, and updates are read as Telegram's JSON, so we opt in; an explicit
    # PTB_TIMEDELTA of the deployment is left as it is.
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def _allow_raw_calls() -> None:
    # The calls of every update go through Bot.do_api_request, which answers Telegram's JSON
    # as it is: the channel reads updates as dicts, and of a sent message it needs only the
    # id, so building PTB's objects (and turning updates back into dicts) was work thrown
    # away, about a millisecond an update. PTB warns at each such call that the methods
    # exist; for these that is known.
    warnings.filterwarnings(
        "ignore", category=PTBUserWarning,
        message=r"Please use 'Bot\.(getUpdates|sendMessage|editMessageReplyMarkup|answerCallbackQuery)'",
    )  # fmt: skip


def _network_error(error: ptb_error.NetworkError) -> TelegramError:
    # PTB raises NetworkError both for an HTTP status (5xx, no aiohttp cause) and for a
    # connection that broke; only a connection never made is safe to send again.
    cause = error.__cause__
    if cause is None or isinstance(cause, (*NOT_SENT, ptb_error.TelegramError)):
        return Unavailable(str(error))
    return TimedOut(str(error))


@asynccontextmanager
async def _translated_errors() -> AsyncIterator[None]:
    # The channel speaks one set of errors, whichever library is underneath.
    try:
        yield
    except ptb_error.RetryAfter as error:
        raise RetryAfter(retry_after_seconds(error)) from error
    except ptb_error.ChatMigrated as error:
        raise ChatMigrated(error.new_chat_id) from error
    except ptb_error.Forbidden as error:
        raise Blocked(str(error)) from error
    except (ptb_error.InvalidToken, ptb_error.EndPointNotFound) as error:
        # PTB's own text quotes the token, which must stay out of the logs. Through
        # do_api_request a 401 or 404 comes as EndPointNotFound; we call it only with
        # methods Telegram has, so it is the token too.
        raise Unauthorized("Telegram refused the bot token (401/404)") from error
    except ptb_error.Conflict as error:
        raise Conflict(str(error)) from error
    except ptb_error.BadRequest as error:  # before NetworkError: PTB derives it from that
        raise BadRequest(str(error)) from error
    except ptb_error.NetworkError as error:  # TimedOut included
        raise _network_error(error) from error
    except ptb_error.TelegramError as error:  # "Invalid server response" and the like
        raise TelegramError(str(error)) from error


def _markup(message: RenderedMessage) -> dict[str, Any] | None:
    # Telegram's JSON itself: PTB would build its objects only to turn them back into this.
    if message.inline_keyboard:
        return {"inline_keyboard": [
            [{"text": text, "callback_data": data} for text, data in row]
            for row in message.inline_keyboard
        ]}  # fmt: skip
    if message.keyboard:
        return {
            "keyboard": [
                [{"text": b.text, **({"request_contact": True} if b.request_contact else {})}
                 for b in row]
                for row in message.keyboard
            ],
            "resize_keyboard": True, "one_time_keyboard": True,
        }  # fmt: skip
    if message.remove_keyboard:
        return {"remove_keyboard": True}
    return None


class PtbClient:
    """TelegramClient implemented with python-telegram-bot's Bot."""

    def __init__(
        self, token: str, api_url: str, *, poll_timeout: int = 25, request_timeout: float = 15
    ) -> None:
        _opt_in_to_timedelta()
        _allow_raw_calls()
        root = api_url.rstrip("/")
        # Long polling holds the request open for the poll time-out and a bit more.
        self._poll_read_timeout = poll_timeout + 10
        self.bot = Bot(
            token,
            base_url=f"{root}/bot",
            base_file_url=f"{root}/file/bot",
            # aiohttp underneath, not httpx: half the Python a call (bot/telegram/ptb_request.py).
            request=AiohttpRequest(
                connection_pool_size=64, read_timeout=request_timeout, connect_timeout=10,
                ssl_context=shared_tls_context(),
            ),
            get_updates_request=AiohttpRequest(
                read_timeout=self._poll_read_timeout, ssl_context=shared_tls_context()
            ),
        )  # fmt: skip

    async def start(self) -> str:
        async with _translated_errors():
            await self.bot.initialize()
            return self.bot.username

    async def close(self) -> None:
        await self.bot.shutdown()

    async def set_commands(
        self, commands: list[tuple[str, str]], language_code: str | None
    ) -> None:
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
        arguments = {"offset": offset, "timeout": timeout, "allowed_updates": ALLOWED_UPDATES}
        async with _translated_errors():
            # The long poll's own connection (PTB picks it by the method's name), held open
            # for the poll and the read time-out given to it, as Bot.get_updates does.
            updates = await self.bot.do_api_request(
                "getUpdates", api_kwargs=arguments, read_timeout=timeout + self._poll_read_timeout
            )
        if not isinstance(updates, list):
            raise TelegramError("getUpdates did not answer a list of updates")
        return [update for update in updates if isinstance(update, dict)]

    async def send_message(self, chat_id: int | str, message: RenderedMessage) -> int:
        arguments: dict[str, Any] = {
            "chat_id": chat_id, "text": message.text, "parse_mode": ParseMode.HTML,
        }  # fmt: skip
        markup = _markup(message)
        if markup is not None:
            arguments["reply_markup"] = markup
        async with _translated_errors():
            sent = await self.bot.do_api_request("sendMessage", api_kwargs=arguments)
        if not isinstance(sent, dict) or not isinstance(sent.get("message_id"), int):
            raise TelegramError("sendMessage did not answer the message sent")
        return sent["message_id"]

    async def remove_inline_keyboard(self, chat_id: int | str, message_id: int) -> None:
        arguments = {"chat_id": chat_id, "message_id": message_id}  # no reply_markup: none
        async with _translated_errors():
            await self.bot.do_api_request("editMessageReplyMarkup", api_kwargs=arguments)

    async def answer_callback(self, callback_id: str) -> None:
        arguments = {"callback_query_id": callback_id}
        async with _translated_errors():
            await self.bot.do_api_request("answerCallbackQuery", api_kwargs=arguments)

    async def send_typing(self, chat_id: int | str) -> None:
        async with _translated_errors():
            await self.bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def download(self, file_id: str) -> bytes:
        async with _translated_errors():
            file = await self.bot.get_file(file_id)
        try:
            async with _translated_errors():
                return bytes(await file.download_as_bytearray())
        except Unauthorized as error:
            # PTB reports a 404 as InvalidToken; the token worked for getFile just now,
            # so it is the file's link that is gone.
            raise NotFound("the file's download link answered 404") from error
