"""Bot API objects (User, Chat, Message, media) as JSON dicts that PTB and aiogram parse."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.telegram.local_api.files import StoredFile
from bot.telegram.local_api.html_check import utf16_length
from bot.telegram.local_api.markup import inline_markup
from bot.telegram.local_api.state import BotWorld, LocalUser, SentMessage

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_/<>])")


def now() -> int:
    """Telegram's dates: whole seconds since the epoch."""
    return int(time.time())


def user_object(user: LocalUser) -> dict[str, Any]:
    """A person as a User object."""
    data: dict[str, Any] = {
        "id": user.id,
        "is_bot": False,
        "first_name": user.first_name,
        "language_code": user.language_code,
    }
    if user.last_name:
        data["last_name"] = user.last_name
    if user.username:
        data["username"] = user.username
    return data


def chat_object(user: LocalUser) -> dict[str, Any]:
    """The private chat with a person as a Chat object."""
    data: dict[str, Any] = {"id": user.id, "type": "private", "first_name": user.first_name}
    if user.last_name:
        data["last_name"] = user.last_name
    if user.username:
        data["username"] = user.username
    return data


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram marks when a text starts with a command."""
    match = _COMMAND.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(match.group(0))}]


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    """A photo as a list of PhotoSize objects (the one size we have)."""
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": stored.width or 1280,
            "height": stored.height or 960,
            "file_size": stored.file_size,
        }
    ]


def document_object(stored: StoredFile) -> dict[str, Any]:
    """A file as a Document object."""
    data: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "mime_type": stored.mime_type,
        "file_size": stored.file_size,
    }
    if stored.file_name:
        data["file_name"] = stored.file_name
    return data


def voice_object(stored: StoredFile) -> dict[str, Any]:
    """A voice note as a Voice object."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": stored.duration or 0,
        "mime_type": stored.mime_type,
        "file_size": stored.file_size,
    }


def sticker_object(stored: StoredFile, emoji: str) -> dict[str, Any]:
    """A still sticker as a Sticker object."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "type": "regular",
        "width": stored.width or 512,
        "height": stored.height or 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": stored.file_size,
    }


def user_message(user: LocalUser, message_id: int, **content: Any) -> dict[str, Any]:
    """A message from a person to the bot, with the given content fields."""
    return {
        "message_id": message_id,
        "from": user_object(user),
        "chat": chat_object(user),
        "date": now(),
        **content,
    }


def bot_message(world: BotWorld, sent: SentMessage, with_reply: bool = True) -> dict[str, Any]:
    """A message of the bot as the Message object Telegram returns for it."""
    user = world.user(sent.chat_id)
    data: dict[str, Any] = {
        "message_id": sent.message_id,
        "from": world.bot_user(),
        "chat": chat_object(user),
        "date": sent.date,
    }
    if sent.edit_date:
        data["edit_date"] = sent.edit_date
    entity_field = "entities" if sent.kind == "text" else "caption_entities"
    if sent.kind == "text":
        data["text"] = sent.text
    elif sent.text:
        data["caption"] = sent.text
    if sent.entities:
        data[entity_field] = sent.entities
    stored = world.files.by_id(sent.file_id) if sent.file_id else None
    if stored and sent.kind == "photo":
        data["photo"] = photo_sizes(stored)
    elif stored and sent.kind == "document":
        data["document"] = document_object(stored)
    markup = inline_markup(sent.reply_markup)
    if markup:
        data["reply_markup"] = markup
    if with_reply and sent.reply_to_message_id:
        replied = any_message(world, sent.chat_id, sent.reply_to_message_id, with_reply=False)
        if replied:
            data["reply_to_message"] = replied
    return data


def any_message(
    world: BotWorld, chat_id: int, message_id: int, with_reply: bool = True
) -> dict[str, Any] | None:
    """The message with this id in a chat, whoever wrote it, unless it was deleted."""
    chat = world.chat(chat_id)
    if message_id in chat.user_messages:
        return chat.user_messages[message_id]
    sent = chat.bot_message(message_id)
    if sent is None or sent.deleted:
        return None
    return bot_message(world, sent, with_reply)
