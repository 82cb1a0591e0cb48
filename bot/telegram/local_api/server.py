"""Starting and stopping the local Bot API server, in a test's event loop or by hand."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
from collections.abc import Iterator
from types import TracebackType

import uvicorn

from bot.telegram.local_api.app import create_app
from bot.telegram.local_api.delivery import WebhookDelivery
from bot.telegram.local_api.faults import DOWNLOAD
from bot.telegram.local_api.observe import BotObservations
from bot.telegram.local_api.state import BotWorld
from bot.telegram.local_api.users import UserActions

# Shaped like a real token (digits, colon, 35 characters) so every library accepts it.
DEFAULT_TOKEN = "123456789:AAHlocal-slrt-intake-test-token-0001"


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server for a test's event loop: no signal handling, prompt shutdown."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.exit_requested = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Tests run several servers in one loop; none of them may take Ctrl-C for itself.
        yield

    async def main_loop(self) -> None:
        # uvicorn polls should_exit every 0.1 s; waiting on an event instead saves that
        # much in every test's teardown. Ticks (the Date header) still run each second.
        counter = 0
        while not await self.on_tick(counter):
            counter += 1
            try:
                await asyncio.wait_for(self.exit_requested.wait(), timeout=1.0)
            except TimeoutError:
                continue
            return


class LocalBotApi(UserActions, BotObservations):
    """A local Telegram Bot API server with users that tests (or people) can act as.

    `async with LocalBotApi() as api:` serves on 127.0.0.1 at a free port; point a
    bot library at `api.url` with `api.token`.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limits_enabled: bool = True,
        webhook_retry_delay: float = 0.5,
        webhook_timeout: float = 10.0,
        bot_username: str = "slrt_local_bot",
        bot_first_name: str = "SLRT Lokal",
    ) -> None:
        self.world = BotWorld(token, bot_username, bot_first_name, limits_enabled)
        self.host = host
        self.port = port
        self.delivery = WebhookDelivery(self.world, webhook_retry_delay, webhook_timeout)
        self._server: uvicorn.Server | None = None
        self._serving: asyncio.Task[None] | None = None

    @property
    def token(self) -> str:
        """The only token this server accepts."""
        return self.world.token

    @property
    def url(self) -> str:
        """Root URL, e.g. http://127.0.0.1:43121 (the Bot API is at {url}/bot<token>/<method>)."""
        return f"http://{self.host}:{self.port}"

    @property
    def limits_enabled(self) -> bool:
        """Whether flood limits answer 429; can be switched at any time."""
        return self.world.limits_enabled

    @limits_enabled.setter
    def limits_enabled(self, enabled: bool) -> None:
        self.world.limits_enabled = enabled
        self.world.limiter.reset()

    @property
    def webhook_retry_delay(self) -> float:
        """Seconds between two delivery attempts of one update."""
        return self.delivery.retry_delay

    @webhook_retry_delay.setter
    def webhook_retry_delay(self, seconds: float) -> None:
        self.delivery.retry_delay = seconds

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        count: int = 1,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Makes the next `count` calls of `method` fail with this error."""
        self.world.faults.fail_next(
            method, error_code, description, count, retry_after, migrate_to_chat_id
        )

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Makes the next `count` calls of `method` wait `seconds` first (for time-outs)."""
        self.world.faults.delay_next(method, seconds, count)

    def garble_next(self, method: str, count: int = 1) -> None:
        """Makes the next `count` calls of `method` answer 200 with an HTML page, not JSON."""
        self.world.faults.garble_next(method, count)

    def fail_next_download(
        self, error_code: int, description: str | None = None, count: int = 1
    ) -> None:
        """Makes the next `count` file downloads fail (404: the link expired, 5xx: trouble)."""
        self.world.faults.fail_next(DOWNLOAD, error_code, description, count)

    @property
    def open_connections(self) -> int:
        """HTTP connections the bot holds open to this server right now."""
        if self._server is None:
            return 0
        return len(self._server.server_state.connections)

    async def start(self, embedded: bool = True) -> None:
        """Serves in the running event loop and returns once the port accepts connections."""
        # IPPROTO_TCP named outright: asyncio only turns Nagle off (TCP_NODELAY) on
        # sockets that say they are TCP, and without it every call takes ~40 ms.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_app(self),
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        server_class = _EmbeddedServer if embedded else uvicorn.Server
        self._server = server_class(config)
        serving = self._server.serve(sockets=[sock])
        self._serving = asyncio.create_task(serving, name="local-bot-api")
        while not self._server.started:
            if self._serving.done():
                self._serving.result()  # raises why it could not start
                raise RuntimeError("the local Bot API server stopped while starting")
            await asyncio.sleep(0.01)
        self.delivery.start()

    async def stop(self) -> None:
        """Stops webhook delivery, ends waiting long polls, and shuts the server down."""
        self.world.closing = True
        self.world.updates.changed.notify()  # long polls return at once
        await self.delivery.stop()
        if self._server is not None and self._serving is not None:
            self._server.should_exit = True
            if isinstance(self._server, _EmbeddedServer):
                self._server.exit_requested.set()
            try:
                await asyncio.wait_for(asyncio.shield(self._serving), timeout=5)
            except TimeoutError:
                self._server.force_exit = True
                await self._serving
        self._server = self._serving = None

    async def serve_until_stopped(self) -> None:
        """Serves until the server exits (Ctrl-C when started with embedded=False)."""
        if self._serving is not None:
            await self._serving

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()


async def run_forever(
    host: str = "127.0.0.1",
    port: int = 8081,
    token: str = DEFAULT_TOKEN,
    limits_enabled: bool = True,
) -> None:
    """Runs a local Bot API server until Ctrl-C, printing where it is."""
    api = LocalBotApi(token, host=host, port=port, limits_enabled=limits_enabled)
    await api.start(embedded=False)
    print(f"Local Telegram Bot API at {api.url}")
    print(f"  token:            {api.token}")
    print(f"  TELEGRAM_API_URL: {api.url}")
    print(f"  act as users:     {api.url}/_local/docs")
    try:
        await api.serve_until_stopped()
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: python -m bot.telegram.local_api [--host] [--port] [--token]."""
    parser = argparse.ArgumentParser(description="Local Telegram Bot API server for development")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--no-limits", action="store_true", help="never answer 429")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_forever(args.host, args.port, args.token, not args.no_limits))
