"""Bot API methods that hand updates to the bot: long polling and the webhook settings."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.telegram.local_api.errors import ApiError, bad_request
from bot.telegram.local_api.params import Params
from bot.telegram.local_api.registry import Described, bot_method
from bot.telegram.local_api.state import BotWorld

WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLLING_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


@bot_method("getUpdates")
async def get_updates(world: BotWorld, params: Params) -> list[dict[str, Any]]:
    """Confirms updates below `offset`, then returns pending ones, waiting up to `timeout` s."""
    if world.webhook is not None:
        raise ApiError(409, WEBHOOK_CONFLICT)
    world.poll_generation += 1
    generation = world.poll_generation
    queue = world.updates
    queue.changed.notify()  # an older long poll still waiting learns it was replaced
    if params.has("allowed_updates"):
        queue.set_allowed(params.json("allowed_updates"))
    queue.confirm(params.integer("offset", 0) or 0)
    limit = min(100, max(1, params.integer("limit", 100) or 100))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(0, params.integer("timeout", 0) or 0)
    while True:
        if world.poll_generation != generation:
            raise ApiError(409, POLLING_CONFLICT)
        if world.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        batch = queue.take_for_polling(limit)
        remaining = deadline - loop.time()
        if batch or remaining <= 0 or world.closing:
            return [entry.payload for entry in batch]
        await queue.changed.wait(remaining)


@bot_method("setWebhook")
async def set_webhook(world: BotWorld, params: Params) -> Described:
    """Starts delivery of updates to a URL (http is accepted here, unlike Telegram)."""
    url = params.text("url", "") or ""
    if not url:
        return await delete_webhook(world, params)
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = min(100, max(1, params.integer("max_connections", 40) or 40))
    if params.has("allowed_updates"):
        world.updates.set_allowed(params.json("allowed_updates"))
    if params.flag("drop_pending_updates"):
        world.updates.drop_pending()
    changed = world.set_webhook(url, secret, max_connections)
    return Described(True, "Webhook was set" if changed else "Webhook is already set")


@bot_method("deleteWebhook")
async def delete_webhook(world: BotWorld, params: Params) -> Described:
    """Stops webhook delivery; getUpdates works again."""
    if params.flag("drop_pending_updates"):
        world.updates.drop_pending()
    deleted = world.delete_webhook()
    return Described(True, "Webhook was deleted" if deleted else "Webhook is already deleted")


@bot_method("getWebhookInfo")
async def get_webhook_info(world: BotWorld, params: Params) -> dict[str, Any]:
    """The webhook and how delivery to it goes (a WebhookInfo object)."""
    webhook = world.webhook
    info: dict[str, Any] = {
        "url": webhook.url if webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates.pending),
    }
    if webhook is None:
        return info
    info["max_connections"] = webhook.max_connections
    info["ip_address"] = webhook.ip_address
    if world.updates.allowed is not None:
        info["allowed_updates"] = sorted(world.updates.allowed)
    if webhook.last_error_date:
        info["last_error_date"] = webhook.last_error_date
        info["last_error_message"] = webhook.last_error_message
    return info
