"""Acting as users: each action queues the update Telegram would send the bot."""

from __future__ import annotations

import copy
from typing import Any

from bot.telegram.local_api.objects import (
    bot_message,
    chat_object,
    command_entities,
    document_object,
    now,
    photo_sizes,
    sticker_object,
    user_message,
    user_object,
    voice_object,
)
from bot.telegram.local_api.state import BotWorld, LocalUser

# Enough bytes to look like a WebP image; nobody decodes a test sticker.
_STICKER_BYTES = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
    b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)


class UserActions:
    """Mixin for the server object: people writing, pressing, sharing, blocking.

    Needs `self.world` (a BotWorld). Every method returns the update_id it queued.
    """

    world: BotWorld

    def send_text(
        self, user_id: int, text: str, first_name: str = "Siti", language_code: str = "id"
    ) -> int:
        """A user types a message (a bot_command entity is added when it starts with '/')."""
        user = self.world.user(user_id, first_name, language_code)
        entities = command_entities(text)
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._queue("message", self._new_message(user, **content))

    def press(self, user_id: int, label: str) -> int:
        """Presses the button whose text contains `label` in the latest message with buttons."""
        chat = self.world.chat(user_id)
        for sent in reversed(chat.bot_messages):
            if sent.deleted or not sent.has_inline_keyboard:
                continue
            wanted = label.casefold()
            matches = [(t, d) for t, d in sent.buttons if d is not None and wanted in t.casefold()]
            if not matches:
                visible = ", ".join(repr(text) for text, _ in sent.buttons)
                raise LookupError(
                    f"no button matching {label!r} in message {sent.message_id} of chat "
                    f"{user_id}; visible buttons: {visible}"
                )
            exact = [m for m in matches if m[0].casefold() == wanted]
            _, data = (exact or matches)[0]
            return self.press_data(user_id, sent.message_id, data or "")
        raise LookupError(f"the bot has shown no inline buttons in chat {user_id}")

    def press_data(self, user_id: int, message_id: int, data: str) -> int:
        """Presses a button with any callback data on any (not deleted) bot message."""
        user = self.world.user(user_id)
        sent = self.world.chat(user_id).bot_message(message_id)
        if sent is None or sent.deleted:
            raise LookupError(f"no bot message {message_id} in chat {user_id}")
        callback = {
            "id": self.world.new_callback_query_id(),
            "from": user_object(user),
            "message": bot_message(self.world, sent),
            "chat_instance": f"{self.world.bot_id}{user_id}",
            "data": data,
        }
        return self._queue("callback_query", callback)

    def share_contact(self, user_id: int, phone_number: str) -> int:
        """A user shares their own phone number (the request_contact button)."""
        user = self.world.user(user_id)
        contact = {"phone_number": phone_number, "first_name": user.first_name, "user_id": user.id}
        return self._queue("message", self._new_message(user, contact=contact))

    def send_photo(
        self,
        user_id: int,
        data: bytes,
        caption: str | None = None,
        width: int = 1280,
        height: int = 960,
        with_size: bool = True,
    ) -> int:
        """A user sends a photo; the bytes can be fetched through getFile.

        `with_size=False` leaves file_size out, as Telegram now and then does.
        """
        user = self.world.user(user_id)
        files = self.world.files
        stored = files.add(data, "photo", "jpg", "image/jpeg", width=width, height=height)
        sizes = photo_sizes(stored)
        if not with_size:
            for size in sizes:
                size.pop("file_size", None)
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._queue("message", self._new_message(user, **content))

    def send_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str = "application/pdf",
        caption: str | None = None,
        with_size: bool = True,
    ) -> int:
        """A user sends a file as a document (`with_size=False`: without file_size)."""
        user = self.world.user(user_id)
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.world.files.add(data, "document", extension, mime_type, file_name)
        document = document_object(stored)
        if not with_size:
            document.pop("file_size", None)
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return self._queue("message", self._new_message(user, **content))

    def send_voice(self, user_id: int, data: bytes, duration: int = 3) -> int:
        """A user sends a voice note."""
        user = self.world.user(user_id)
        stored = self.world.files.add(data, "voice", "oga", "audio/ogg", duration=duration)
        return self._queue("message", self._new_message(user, voice=voice_object(stored)))

    def send_sticker(self, user_id: int, emoji: str = "👍") -> int:
        """A user sends a sticker."""
        user = self.world.user(user_id)
        files = self.world.files
        stored = files.add(_STICKER_BYTES, "sticker", "webp", "image/webp", width=512, height=512)
        sticker = sticker_object(stored, emoji)
        return self._queue("message", self._new_message(user, sticker=sticker))

    def send_location(self, user_id: int, latitude: float, longitude: float) -> int:
        """A user shares a location."""
        user = self.world.user(user_id)
        location = {"latitude": latitude, "longitude": longitude}
        return self._queue("message", self._new_message(user, location=location))

    def edit_text(self, user_id: int, message_id: int, new_text: str) -> int:
        """A user edits one of their text messages (an edited_message update)."""
        message = self.world.chat(user_id).user_messages.get(message_id)
        if message is None or "text" not in message:
            raise LookupError(f"no text message {message_id} from user {user_id}")
        message["text"] = new_text
        message.pop("entities", None)
        entities = command_entities(new_text)
        if entities:
            message["entities"] = entities
        message["edit_date"] = now()
        return self._queue("edited_message", dict(message))

    def block(self, user_id: int) -> int:
        """A user blocks the bot: my_chat_member "kicked", and sends answer 403 from now on."""
        user = self.world.user(user_id)
        user.blocked = True
        return self._member_change(user, "member", "kicked")

    def unblock(self, user_id: int) -> int:
        """A user unblocks the bot: my_chat_member "member" again."""
        user = self.world.user(user_id)
        user.blocked = False
        return self._member_change(user, "kicked", "member")

    def queue_raw(self, update: dict[str, Any]) -> int:
        """Queues any update dict as given (numbered when it has no update_id)."""
        return self.world.updates.push(update)

    def redeliver(self, update_id: int) -> int:
        """Queues an update again with the same update_id, as Telegram may after a failure."""
        return self.world.updates.redeliver(update_id)

    def _new_message(self, user: LocalUser, **content: Any) -> dict[str, Any]:
        chat = self.world.chat(user.id)
        message = user_message(user, chat.next_message_id(), **content)
        chat.user_messages[message["message_id"]] = message
        return message

    def _member_change(self, user: LocalUser, old: str, new: str) -> int:
        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": self.world.bot_user()}
            if status == "kicked":
                data["until_date"] = 0  # banned for good
            return data

        change = {
            "chat": chat_object(user),
            "from": user_object(user),
            "date": now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        return self._queue("my_chat_member", change)

    def _queue(self, kind: str, body: dict[str, Any]) -> int:
        # A copy: a later edit of the stored message must not rewrite a queued update.
        return self.world.updates.push({kind: copy.deepcopy(body)})
