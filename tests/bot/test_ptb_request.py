"""python-telegram-bot over aiohttp (bot/telegram/ptb_request.py): what PTB hands it is what
Telegram gets. The calls of every day (JSON answers, errors, time-outs, broken connections)
are tested through the client in test_telegram_errors.py; here, the forms themselves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, BotCommand, InputFile

from bot.telegram.ptb_request import AiohttpRequest

TOKEN = "123456:REQUEST"


@pytest.fixture
async def telegram_stand_in() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """A server that keeps each call's form and answers it; its URL and the forms."""
    forms: list[dict[str, Any]] = []

    async def method(request: web.Request) -> web.Response:
        form = await request.post()
        forms.append({
            name: (value.filename, value.file.read(), value.content_type)
            if isinstance(value, web.FileField) else value
            for name, value in form.items()
        })  # fmt: skip
        if request.match_info["method"] == "sendDocument":  # the message sent, as Telegram says
            chat = {"id": int(str(form["chat_id"])), "type": "private"}
            return web.json_response(
                {"ok": True, "result": {"message_id": 1, "date": 0, "chat": chat}}
            )
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", method)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}", forms
    await runner.cleanup()


async def _bot(url: str) -> Bot:
    bot = Bot(
        TOKEN, base_url=f"{url}/bot", request=AiohttpRequest(), get_updates_request=AiohttpRequest()
    )
    await bot.request.initialize()
    return bot


async def _set_commands(url: str) -> bool:
    """setMyCommands through PTB over aiohttp, to the Bot API at `url`."""
    bot = await _bot(url)
    try:
        return await bot.set_my_commands([BotCommand("lapor", "Lapor")])
    finally:
        await bot.request.shutdown()


def _proxy_settings(monkeypatch: pytest.MonkeyPatch, **variables: str) -> None:
    # Only the variables given: the machine's own proxy settings are left out.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)


class TestForms:
    async def test_parameters_go_as_a_form(
        self, telegram_stand_in: tuple[str, list[dict[str, Any]]]
    ) -> None:
        url, forms = telegram_stand_in
        assert await _set_commands(url) is True
        assert forms == [{"commands": '[{"command": "lapor", "description": "Lapor"}]'}]

    async def test_a_file_goes_as_a_multipart_form(
        self, telegram_stand_in: tuple[str, list[dict[str, Any]]]
    ) -> None:
        url, forms = telegram_stand_in
        bot = await _bot(url)
        letter = InputFile(b"%PDF-1.7 surat", filename="surat.pdf")
        try:
            await bot.send_document(5550001, letter)
        finally:
            await bot.request.shutdown()
        assert forms == [{
            "chat_id": "5550001",
            "document": ("surat.pdf", b"%PDF-1.7 surat", "application/pdf"),
        }]  # fmt: skip

    async def test_a_request_not_started_says_so(self) -> None:
        with pytest.raises(RuntimeError, match="not initialized"):
            await AiohttpRequest().do_request("http://127.0.0.1:9/", "POST")


class TestProxy:
    async def test_the_environment_s_proxy_is_used_as_httpx_would(
        self,
        telegram_stand_in: tuple[str, list[dict[str, Any]]],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # An office behind a proxy sets HTTP(S)_PROXY; Telegram's address is then reached
        # through it only (here the stand-in plays the proxy; the address resolves nowhere).
        url, forms = telegram_stand_in
        _proxy_settings(monkeypatch, HTTP_PROXY=url)
        assert await _set_commands("http://api.telegram.invalid") is True
        assert len(forms) == 1

    async def test_no_proxy_names_the_hosts_reached_directly(
        self,
        telegram_stand_in: tuple[str, list[dict[str, Any]]],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        url, forms = telegram_stand_in
        # Nothing listens on the proxy's port: only a direct call can succeed.
        _proxy_settings(monkeypatch, HTTP_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1")
        assert await _set_commands(url) is True
        assert len(forms) == 1
