"""Webhook delivery: POSTs each pending update to the bot until it answers 2xx.

Like Telegram, updates of one chat go one at a time and in order, while
different chats may be in flight together, up to the webhook's max_connections.
A failed attempt (non-2xx or no connection) is recorded and retried after
`retry_delay` seconds with the very same update.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx

from bot.telegram.local_api.dispatch import call_method
from bot.telegram.local_api.errors import ApiError, GarbledAnswer
from bot.telegram.local_api.objects import now
from bot.telegram.local_api.params import Params
from bot.telegram.local_api.state import BotWorld, DeliveryAttempt, WebhookConfig
from bot.telegram.local_api.updates import QueuedUpdate

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """The background task that feeds the webhook while one is set."""

    def __init__(self, world: BotWorld, retry_delay: float = 0.5, timeout: float = 10.0) -> None:
        self.world = world
        self.retry_delay = retry_delay
        self.timeout = timeout
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._generation: int | None = None
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._reply_calls: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        """Starts watching the queue and the webhook setting."""
        # trust_env=False: a proxy from the environment must never see local deliveries.
        self._client = httpx.AsyncClient(timeout=self.timeout, trust_env=False)
        self._task = asyncio.create_task(self._run(), name="local-bot-api-webhook")

    async def stop(self) -> None:
        """Stops delivery; updates still pending stay in the queue."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._cancel_workers()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _run(self) -> None:
        while True:
            webhook = self.world.webhook
            generation = webhook.generation if webhook else None
            if generation != self._generation:
                # A new or removed webhook: whatever was in flight goes nowhere now.
                await self._cancel_workers()
                self._generation = generation
            if webhook is not None:
                self._launch(webhook)
            await self.world.updates.changed.wait()

    def _launch(self, webhook: WebhookConfig) -> None:
        busy = set(self._workers)
        for entry in self.world.updates.pending:
            if len(self._workers) >= webhook.max_connections:
                return
            if entry.chat_key in busy:
                continue
            busy.add(entry.chat_key)  # later updates of this chat wait for this one
            task = asyncio.create_task(self._deliver(entry, webhook))
            self._workers[entry.chat_key] = task

    async def _cancel_workers(self) -> None:
        workers = list(self._workers.values())
        self._workers.clear()
        for task in workers:
            task.cancel()
        for task in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver(self, entry: QueuedUpdate, webhook: WebhookConfig) -> None:
        try:
            while self.world.webhook is webhook and _still_pending(self.world, entry):
                if await self._post(entry, webhook):
                    self.world.updates.remove(entry)
                    return
                await asyncio.sleep(self.retry_delay)
        finally:
            if self._workers.get(entry.chat_key) is asyncio.current_task():
                del self._workers[entry.chat_key]
            self.world.updates.changed.notify()  # the chat's next update may go now

    async def _post(self, entry: QueuedUpdate, webhook: WebhookConfig) -> bool:
        assert self._client is not None
        headers = {SECRET_HEADER: webhook.secret_token} if webhook.secret_token else {}
        try:
            response = await self._client.post(webhook.url, json=entry.payload, headers=headers)
        except httpx.HTTPError as error:
            message = str(error) or type(error).__name__
            self._record(entry, webhook, None, message)
            return False
        if response.is_success:
            self._record(entry, webhook, response.status_code, None)
            self._run_reply(response)
            return True
        reason = f"{response.status_code} {response.reason_phrase}".strip()
        error = f"Wrong response from the webhook: {reason}"
        self._record(entry, webhook, response.status_code, error)
        return False

    def _record(
        self, entry: QueuedUpdate, webhook: WebhookConfig, status: int | None, error: str | None
    ) -> None:
        attempt = DeliveryAttempt(entry.update_id, webhook.url, status, error)
        self.world.delivery_attempts.append(attempt)
        if error is not None:
            webhook.last_error_date = now()
            webhook.last_error_message = error

    def _run_reply(self, response: httpx.Response) -> None:
        # A webhook may answer with a method call in its body; Telegram runs it.
        try:
            body: Any = response.json()
        except ValueError:
            return
        if isinstance(body, dict) and isinstance(body.get("method"), str):
            values = {key: value for key, value in body.items() if key != "method"}
            task = asyncio.create_task(_call_quietly(self.world, body["method"], Params(values)))
            self._reply_calls.add(task)  # held so the task is not collected mid-call
            task.add_done_callback(self._reply_calls.discard)


def _still_pending(world: BotWorld, entry: QueuedUpdate) -> bool:
    return any(queued is entry for queued in world.updates.pending)


async def _call_quietly(world: BotWorld, method: str, params: Params) -> None:
    # Telegram never reports the outcome of a call made in a webhook answer.
    with contextlib.suppress(ApiError, GarbledAnswer):
        await call_method(world, method, params)
