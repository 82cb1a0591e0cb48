"""Bot API methods about the bot itself: identity, commands, button answers, chat actions, files."""

from __future__ import annotations

import re
from typing import Any

from bot.telegram.local_api.errors import bad_request
from bot.telegram.local_api.files import MAX_DOWNLOAD_BYTES
from bot.telegram.local_api.params import Params
from bot.telegram.local_api.registry import bot_method
from bot.telegram.local_api.state import BotWorld, CallbackAnswer

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


@bot_method("getMe")
async def get_me(world: BotWorld, params: Params) -> dict[str, Any]:
    """The bot's own User object."""
    return {
        **world.bot_user(),
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@bot_method("logOut")
async def log_out(world: BotWorld, params: Params) -> bool:
    """Accepted and ignored: there is no cloud server to log out from."""
    return True


@bot_method("close")
async def close(world: BotWorld, params: Params) -> bool:
    """Accepted and ignored: the local server has nothing to hand over."""
    return True


def _commands_key(params: Params) -> str:
    # The default scope is keyed by language alone ("" for all languages), so tests
    # read commands["id"]; other scopes are kept apart as "<scope type>/<language>".
    language = params.text("language_code", "") or ""
    scope = params.json("scope") or {}
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return language if scope_type == "default" else f"{scope_type}/{language}"


@bot_method("setMyCommands")
async def set_my_commands(world: BotWorld, params: Params) -> bool:
    """Stores the command list for a language (and scope)."""
    commands = params.json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    cleaned = []
    for entry in commands:
        name = str(entry.get("command", "")) if isinstance(entry, dict) else ""
        if not _COMMAND_NAME.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        description = str(entry.get("description", ""))
        if not 1 <= len(description) <= 256:
            raise bad_request("command description is empty or too long")
        cleaned.append({"command": entry["command"], "description": description})
    world.commands[_commands_key(params)] = cleaned
    return True


@bot_method("getMyCommands")
async def get_my_commands(world: BotWorld, params: Params) -> list[dict[str, str]]:
    """The command list stored for a language (and scope)."""
    return world.commands.get(_commands_key(params), [])


@bot_method("deleteMyCommands")
async def delete_my_commands(world: BotWorld, params: Params) -> bool:
    """Forgets the command list of a language (and scope)."""
    world.commands.pop(_commands_key(params), None)
    return True


@bot_method("answerCallbackQuery")
async def answer_callback_query(world: BotWorld, params: Params) -> bool:
    """Answers a button press; each press can be answered once."""
    query_id = params.text("callback_query_id") or ""
    if query_id not in world.open_callback_queries:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    world.open_callback_queries.discard(query_id)
    world.callback_answers.append(
        CallbackAnswer(
            callback_query_id=query_id,
            text=params.text("text"),
            show_alert=params.flag("show_alert"),
            url=params.text("url"),
            cache_time=params.integer("cache_time", 0) or 0,
        )
    )
    return True


@bot_method("sendChatAction")
async def send_chat_action(world: BotWorld, params: Params) -> bool:
    """Shows "typing..." and the like in a chat."""
    chat_id = params.get("chat_id")
    if chat_id is None:
        raise bad_request("chat_id is empty")
    user = world.recipient(chat_id)
    action = params.text("action") or ""
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    world.chat_actions.append((user.id, action))
    return True


@bot_method("getFile")
async def get_file(world: BotWorld, params: Params) -> dict[str, Any]:
    """A File object with the path to download it from, for files up to 20 MB."""
    stored = world.files.by_id(params.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.file_size > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return stored.file_object()
