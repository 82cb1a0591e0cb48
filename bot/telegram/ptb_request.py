"""python-telegram-bot's requests over aiohttp instead of httpx.

PTB lets the networking be swapped (a subclass of telegram.request.BaseRequest);
everything above it, the Bot, its methods and its errors, stays PTB's. The reason
is speed: a call through httpx cost about twice the Python of one through aiohttp
(bench/telegram_clients.py), and every update makes two or three calls.
"""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp

# What BaseRequest.DEFAULT_NONE is, and the type of its time-outs (PTB's httpx request
# imports them from here too).
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """Sends PTB's requests through one aiohttp session (a pool of kept-alive connections)."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._ssl = ssl_context
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._proxy_of_host: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=self._ssl or True)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )
            # HTTP(S)_PROXY and NO_PROXY are honoured, read once here as httpx (PTB's own)
            # reads them. aiohttp's trust_env read them, and the netrc file, at every call:
            # 0.7 ms each.
            self._proxies = getproxies()
            self._proxy_of_host.clear()

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        # aiohttp has no write time-out, and its read time-out starts once the request is
        # written: a write that stalls is bounded by nothing (no call uploads a file today).
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            # `connect` in aiohttp is the wait for a free connection and the connect together.
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect, sock_read=_given(read_timeout, self._read_timeout),
        )  # fmt: skip
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, proxy=self._proxy(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own time-outs derive from it
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # As PTB's httpx request does: the class named, the cause kept (bot/telegram/ptb.py
            # reads it to tell a connection never made from an answer that did not come).
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    def _proxy(self, url: str) -> str | None:
        # Every call goes to one or two hosts (the Bot API and its files): looked up once each.
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_of_host:
            bypassed = bool(proxy_bypass(key[1]))  # NO_PROXY
            self._proxy_of_host[key] = None if bypassed else self._proxies.get(key[0])
        return self._proxy_of_host[key]


def _given(value: ODVInput[float], default: float | None) -> float | None:
    # A time-out the call leaves unset is this request's own.
    return default if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    # The parameters as a form, as Telegram takes them; with files, a multipart form.
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
