"""Whatever Telegram answers, both clients raise our own errors, and a send is never doubled."""

from __future__ import annotations

import asyncio
import socket
import struct
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiogram.exceptions import AiogramError
from telegram.error import TelegramError as PtbError
from telegram.warnings import PTBDeprecationWarning

from bot.notifier.delivery import TelegramDeliverer, TryLater
from bot.notifier.pacing import Pacer
from bot.telegram.aiogram import AiogramClient
from bot.telegram.client import (
    BadRequest,
    Blocked,
    ChatMigrated,
    Conflict,
    NotFound,
    RenderedMessage,
    RetryAfter,
    TelegramClient,
    TelegramError,
    TimedOut,
    Unauthorized,
    Unavailable,
)
from bot.telegram.ptb import PtbClient
from dialogs.events import Reply
from tests.bot.conftest import free_port
from tests.fixtures.local_bot_api import LocalBotApi

CITIZEN = 5550001
HELLO = RenderedMessage("Halo")


def make_client(framework: str, api_url: str, token: str, **options: float) -> TelegramClient:
    """The client of `framework`, pointed at a local server."""
    kind = AiogramClient if framework == "aiogram" else PtbClient
    return kind(token, api_url, **options)  # type: ignore[arg-type]


@pytest.fixture
async def client(local_api: LocalBotApi, framework: str) -> AsyncIterator[TelegramClient]:
    """A started client of `framework` with short time-outs; CITIZEN has written once."""
    started = make_client(framework, local_api.url, local_api.token, request_timeout=0.5)
    await started.start()
    local_api.send_text(CITIZEN, "/start")
    yield started
    await started.close()


async def _download_photo(api: LocalBotApi, client: TelegramClient) -> bytes:
    api.send_photo(CITIZEN, b"\xff\xd8photo")
    updates = await client.get_updates(None, 0)
    photo = next(u for u in updates if "photo" in u.get("message", {}))
    return await client.download(photo["message"]["photo"][-1]["file_id"])


# (what Telegram is told to do, the call, the error we expect)
Fault = Callable[[LocalBotApi], None]
Call = Callable[[LocalBotApi, TelegramClient], Awaitable[object]]
CASES: list[tuple[str, Fault, Call, type[TelegramError]]] = [
    ("409 on getUpdates", lambda api: api.fail_next("getUpdates", 409, "Conflict: terminated"),
     lambda api, c: c.get_updates(None, 0), Conflict),
    ("401 on getUpdates (token revoked)", lambda api: api.fail_next("getUpdates", 401),
     lambda api, c: c.get_updates(None, 0), Unauthorized),
    ("group moved to a supergroup", lambda api: api.fail_next(
        "sendMessage", 400, "Bad Request: group chat was upgraded", migrate_to_chat_id=-1009),
     lambda api, c: c.send_message(CITIZEN, HELLO), ChatMigrated),
    ("400", lambda api: api.fail_next("sendMessage", 400, "Bad Request: can't parse entities"),
     lambda api, c: c.send_message(CITIZEN, HELLO), BadRequest),
    ("403", lambda api: api.fail_next("sendMessage", 403),
     lambda api, c: c.send_message(CITIZEN, HELLO), Blocked),
    ("429", lambda api: api.fail_next("sendMessage", 429, retry_after=3),
     lambda api, c: c.send_message(CITIZEN, HELLO), RetryAfter),
    ("500", lambda api: api.fail_next("sendMessage", 500),
     lambda api, c: c.send_message(CITIZEN, HELLO), Unavailable),
    ("an HTML page instead of JSON", lambda api: api.garble_next("sendMessage"),
     lambda api, c: c.send_message(CITIZEN, HELLO), TelegramError),
    ("no answer within the time-out", lambda api: api.delay_next("sendMessage", 1.5),
     lambda api, c: c.send_message(CITIZEN, HELLO), TimedOut),
    ("getFile: too big", lambda api: api.fail_next("getFile", 400, "Bad Request: file is too big"),
     _download_photo, BadRequest),
    ("download link gone (404)", lambda api: api.fail_next_download(404),
     _download_photo, NotFound),
    ("download 502", lambda api: api.fail_next_download(502, "Bad Gateway"),
     _download_photo, Unavailable),
]  # fmt: skip


class TestLibraryErrorsBecomeOurs:
    """python-telegram-bot and aiogram failures arrive as the errors of bot.telegram.client."""

    @pytest.mark.parametrize(("fault", "call", "expected"), [case[1:] for case in CASES],
                             ids=[case[0] for case in CASES])  # fmt: skip
    async def test_each_answer_becomes_our_error(
        self, local_api: LocalBotApi, client: TelegramClient,
        fault: Fault, call: Call, expected: type[TelegramError],
    ) -> None:  # fmt: skip
        fault(local_api)
        with pytest.raises(TelegramError) as raised:
            await call(local_api, client)
        assert type(raised.value) is expected, repr(raised.value)
        assert not isinstance(raised.value, (PtbError, AiogramError, aiohttp.ClientError))

    async def test_an_odd_status_is_still_ours(
        self, local_api: LocalBotApi, client: TelegramClient
    ) -> None:
        local_api.fail_next("sendMessage", 420, "FLOOD_WAIT_X")
        with pytest.raises(TelegramError) as raised:
            await client.send_message(CITIZEN, HELLO)
        assert not isinstance(raised.value, (PtbError, AiogramError, aiohttp.ClientError))

    async def test_the_new_chat_id_and_the_wait_are_kept(
        self, local_api: LocalBotApi, client: TelegramClient
    ) -> None:
        local_api.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded",
                            migrate_to_chat_id=-100123)  # fmt: skip
        with pytest.raises(ChatMigrated) as moved:
            await client.send_message(CITIZEN, HELLO)
        local_api.fail_next("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryAfter) as wait:
            await client.send_message(CITIZEN, HELLO)
        assert (moved.value.new_chat_id, wait.value.seconds) == (-100123, 7.0)

    async def test_a_refused_token_is_unauthorized_and_not_quoted(
        self, local_api: LocalBotApi, framework: str
    ) -> None:
        token = "424242:wrong-token-for-this-server-0000000"
        refused = make_client(framework, local_api.url, token)
        try:
            with pytest.raises(Unauthorized) as raised:
                await refused.start()
        finally:
            await refused.close()
        assert "wrong-token" not in str(raised.value)

    @pytest.mark.parametrize("how", ["closes", "resets"])
    async def test_a_connection_broken_without_an_answer_is_unavailable(
        self, framework: str, how: str
    ) -> None:
        # As a kept-alive connection the server drops as a request goes out (closed, or
        # reset): no answer came, so the piece is sent again; a person may read it twice,
        # which is better than never reading the next question.
        async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            if how == "resets":  # SO_LINGER 0: the close sends RST instead of FIN
                raw = writer.get_extra_info("socket")
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.close()

        server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = make_client(framework, f"http://127.0.0.1:{port}", "1:x", request_timeout=5)
        try:
            with pytest.raises(Unavailable):
                await client.start()
        finally:
            await client.close()
            server.close()
            await server.wait_closed()

    async def test_no_server_at_all_is_unavailable(self, framework: str) -> None:
        nobody = make_client(framework, f"http://127.0.0.1:{free_port()}", "1:x", request_timeout=2)
        try:
            with pytest.raises(Unavailable):
                await nobody.start()
        finally:
            await nobody.close()


class TestPtbFloodWait:
    """The 429 wait is read without PTB's deprecation warning, whichever type PTB gives."""

    @pytest.mark.parametrize("deployment_says", [None, "1"])
    async def test_retry_after_without_a_warning(
        self, local_api: LocalBotApi, monkeypatch: pytest.MonkeyPatch, deployment_says: str | None
    ) -> None:
        if deployment_says is None:
            monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
        else:
            monkeypatch.setenv("PTB_TIMEDELTA", deployment_says)
        ptb = PtbClient(local_api.token, local_api.url)
        await ptb.start()
        local_api.send_text(CITIZEN, "/start")
        local_api.fail_next("sendMessage", 429, retry_after=4)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with pytest.raises(RetryAfter) as raised:
                    await ptb.send_message(CITIZEN, HELLO)
        finally:
            await ptb.close()
        assert raised.value.seconds == 4.0
        assert [w.message for w in caught if issubclass(w.category, PTBDeprecationWarning)] == []


class TestSendingIsNotDoubled:
    """A piece of an answer whose send is not answered may have arrived: it is not sent again.

    The notifier's Telegram deliverer sends the dialog's answers (bot/notifier/delivery.py).
    """

    async def test_a_timed_out_message_is_sent_once(
        self, local_api: LocalBotApi, framework: str
    ) -> None:
        client = make_client(framework, local_api.url, local_api.token, request_timeout=0.5)
        await client.start()
        deliverer = TelegramDeliverer(client, Pacer(30, 0))
        local_api.send_text(CITIZEN, "/start")
        local_api.delay_next("sendMessage", 1.2)  # Telegram takes it, but answers too late
        try:
            await deliverer.deliver_replies(str(CITIZEN), [Reply("Pesan ini sekali saja")])
            # The slow call lands after the deliverer gave up on it; nothing sends after that.
            await local_api.wait_for_message(CITIZEN, "Pesan ini sekali saja", timeout=10)
        finally:
            await client.close()
        assert [m.text for m in local_api.messages(CITIZEN)] == ["Pesan ini sekali saja"]
        assert len(local_api.calls_of("sendMessage")) == 1

    async def test_a_5xx_is_tried_again_from_the_piece_that_failed(
        self, local_api: LocalBotApi, framework: str
    ) -> None:
        client = make_client(framework, local_api.url, local_api.token)
        await client.start()
        deliverer = TelegramDeliverer(client, Pacer(30, 0))
        local_api.send_text(CITIZEN, "/start")
        answer = [Reply("Pertama"), Reply("Kedua")]
        try:
            await deliverer.deliver_replies(str(CITIZEN), answer[:1])
            local_api.fail_next("sendMessage", 502, "Bad Gateway", count=2)
            for _ in range(2):
                with pytest.raises(TryLater) as failed:
                    await deliverer.deliver_replies(str(CITIZEN), answer, skip=1)
                assert failed.value.delivered == 0
            await deliverer.deliver_replies(str(CITIZEN), answer, skip=1)
        finally:
            await client.close()
        assert [m.text for m in local_api.messages(CITIZEN)] == ["Pertama", "Kedua"]
        assert len(local_api.calls_of("sendMessage")) == 4
