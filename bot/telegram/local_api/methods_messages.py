"""Bot API methods that send, edit and delete messages."""

from __future__ import annotations

import mimetypes
from typing import Any

from bot.telegram.local_api.errors import bad_request
from bot.telegram.local_api.files import StoredFile
from bot.telegram.local_api.html_check import FormattedText
from bot.telegram.local_api.markup import inline_markup, parse_reply_markup, require_inline
from bot.telegram.local_api.objects import any_message, bot_message, now
from bot.telegram.local_api.params import Params
from bot.telegram.local_api.registry import bot_method
from bot.telegram.local_api.state import BotWorld, LocalUser, SentMessage
from bot.telegram.local_api.texts import caption, message_text

NO_MESSAGE_ID = "message identifier is not specified"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


@bot_method("sendMessage", limited=True)
async def send_message(world: BotWorld, params: Params) -> dict[str, Any]:
    """Sends a text message to a user."""
    user = _recipient(world, params)
    formatted = message_text(params)
    markup = parse_reply_markup(params.get("reply_markup"))
    return _deliver(world, params, user, formatted, markup, "text", None)


@bot_method("sendPhoto", limited=True)
async def send_photo(world: BotWorld, params: Params) -> dict[str, Any]:
    """Sends a photo (an uploaded one or one already known by file_id)."""
    user = _recipient(world, params)
    stored = _input_file(world, params, "photo")
    markup = parse_reply_markup(params.get("reply_markup"))
    return _deliver(world, params, user, caption(params), markup, "photo", stored)


@bot_method("sendDocument", limited=True)
async def send_document(world: BotWorld, params: Params) -> dict[str, Any]:
    """Sends a document (an uploaded one or one already known by file_id)."""
    user = _recipient(world, params)
    stored = _input_file(world, params, "document")
    markup = parse_reply_markup(params.get("reply_markup"))
    return _deliver(world, params, user, caption(params), markup, "document", stored)


@bot_method("editMessageText", limited=True)
async def edit_message_text(world: BotWorld, params: Params) -> dict[str, Any]:
    """Replaces the text (and inline keyboard) of one of the bot's messages."""
    sent = _message_to_edit(world, params)
    if sent.kind != "text":
        raise bad_request("there is no text in the message to edit")
    formatted = message_text(params)
    markup = require_inline(parse_reply_markup(params.get("reply_markup")))
    unchanged = (formatted.text, formatted.entities) == (sent.text, sent.entities)
    if unchanged and markup == inline_markup(sent.reply_markup):
        raise bad_request(NOT_MODIFIED)
    sent.text, sent.entities = formatted.text, formatted.entities
    sent.html, sent.parse_mode = params.text("text", ""), params.text("parse_mode")
    _replace_inline_markup(sent, markup)
    return _mark_edited(world, sent)


@bot_method("editMessageReplyMarkup", limited=True)
async def edit_message_reply_markup(world: BotWorld, params: Params) -> dict[str, Any]:
    """Replaces (or removes) the inline keyboard of one of the bot's messages."""
    sent = _message_to_edit(world, params)
    markup = require_inline(parse_reply_markup(params.get("reply_markup")))
    if markup == inline_markup(sent.reply_markup):
        raise bad_request(NOT_MODIFIED)
    _replace_inline_markup(sent, markup)
    return _mark_edited(world, sent)


@bot_method("deleteMessage")
async def delete_message(world: BotWorld, params: Params) -> bool:
    """Deletes a message of the chat (the bot's own, or the user's in a private chat)."""
    chat_id = params.get("chat_id")
    if chat_id is None:
        raise bad_request("chat_id is empty")
    user = world.recipient(chat_id, allow_blocked=True)
    message_id = params.integer("message_id", missing=bad_request(NO_MESSAGE_ID))
    chat = world.chat(user.id)
    sent = chat.bot_message(message_id)  # type: ignore[arg-type]
    if sent is not None and not sent.deleted:
        sent.deleted = True
        world.output_changed.notify()
        return True
    if chat.user_messages.pop(message_id, None) is not None:  # type: ignore[arg-type]
        return True
    raise bad_request("message to delete not found")


def _recipient(world: BotWorld, params: Params) -> LocalUser:
    chat_id = params.get("chat_id")
    if chat_id is None:
        raise bad_request("chat_id is empty")
    return world.recipient(chat_id)


def _reply_target(world: BotWorld, params: Params, chat_id: int) -> int | None:
    # Libraries send either the old reply_to_message_id or the newer reply_parameters.
    reply = params.json("reply_parameters") or {}
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    if message_id is None:
        message_id = params.integer("reply_to_message_id")
    if message_id is None:
        return None
    if any_message(world, chat_id, int(message_id), with_reply=False) is not None:
        return int(message_id)
    allowed = params.flag("allow_sending_without_reply") or (
        isinstance(reply, dict) and reply.get("allow_sending_without_reply") is True
    )
    if allowed:
        return None
    raise bad_request("message to be replied not found")


def _deliver(
    world: BotWorld,
    params: Params,
    user: LocalUser,
    formatted: FormattedText,
    markup: dict[str, Any] | None,
    kind: str,
    stored: StoredFile | None,
) -> dict[str, Any]:
    reply_to = _reply_target(world, params, user.id)
    field = "text" if kind == "text" else "caption"
    sent = SentMessage(
        message_id=world.chat(user.id).next_message_id(),
        chat_id=user.id,
        text=formatted.text,
        html=params.text(field, "") or "",
        parse_mode=params.text("parse_mode"),
        reply_markup=markup,
        date=now(),
        entities=formatted.entities,
        kind=kind,
        file_id=stored.file_id if stored else None,
        reply_to_message_id=reply_to,
    )
    world.add_bot_message(sent)
    return bot_message(world, sent)


def _input_file(world: BotWorld, params: Params, name: str) -> StoredFile:
    upload = params.upload(name)
    if upload is not None:
        extension = (mimetypes.guess_extension(upload.content_type) or ".bin").lstrip(".")
        if "." in upload.filename:
            extension = upload.filename.rsplit(".", 1)[1]
        return world.files.add(upload.data, name, extension, upload.content_type, upload.filename)
    reference = params.text(name)
    if not reference:
        raise bad_request(f"there is no {name} in the request")
    stored = world.files.by_id(reference)
    if stored is not None:
        return stored
    if reference.startswith(("http://", "https://")):
        # Telegram would fetch the URL; the local server keeps an empty stand-in.
        file_name = reference.rsplit("/", 1)[-1] or name
        extension = "jpg" if name == "photo" else "bin"
        return world.files.add(b"", name, extension, "application/octet-stream", file_name)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _message_to_edit(world: BotWorld, params: Params) -> SentMessage:
    if params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # inline mode is not simulated
    user = _recipient(world, params)
    message_id = params.integer("message_id", missing=bad_request(NO_MESSAGE_ID))
    chat = world.chat(user.id)
    sent = chat.bot_message(message_id)  # type: ignore[arg-type]
    if sent is None or sent.deleted:
        if message_id in chat.user_messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return sent


def _replace_inline_markup(sent: SentMessage, markup: dict[str, Any] | None) -> None:
    # A reply keyboard lives on the user's screen, not on the message: an edit leaves it.
    if sent.reply_markup is None or "inline_keyboard" in sent.reply_markup:
        sent.reply_markup = markup


def _mark_edited(world: BotWorld, sent: SentMessage) -> dict[str, Any]:
    sent.edited = True
    sent.edit_date = now()
    world.output_changed.notify()
    return bot_message(world, sent)
