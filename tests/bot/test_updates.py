"""Bot API updates become engine events."""

from __future__ import annotations

from bot.telegram.updates import chat_id_of, event_from_update, membership_change
from dialogs.events import EventKind

USER = {"id": 42, "is_bot": False, "first_name": "Siti", "language_code": "id"}
CHAT = {"id": 42, "type": "private", "first_name": "Siti"}


def message(**fields: object) -> dict[str, object]:
    return {
        "update_id": 7,
        "message": {"message_id": 1, "date": 0, "chat": CHAT, "from": USER, **fields},
    }


class TestEventsFromUpdates:
    """Each kind of update turns into the right event, with the update id as event id."""

    def test_text_and_command(self) -> None:
        event = event_from_update(message(text="/status 261128-001T"))
        assert (event.kind, event.command, event.argument, event.event_id) == (
            EventKind.COMMAND,
            "status",
            "261128-001T",
            "7",
        )
        assert event_from_update(message(text="halo")).kind == EventKind.TEXT

    def test_button_press(self) -> None:
        update = {
            "update_id": 8,
            "callback_query": {
                "id": "cb",
                "from": USER,
                "chat_instance": "x",
                "data": "3:ok:yes",
                "message": {"message_id": 5, "date": 0, "chat": CHAT},
            },
        }
        event = event_from_update(update)
        assert (event.kind, event.payload, event.chat_id) == (EventKind.BUTTON, "3:ok:yes", "42")

    def test_contact_photo_document_voice_location_sticker(self) -> None:
        assert (
            event_from_update(
                message(contact={"phone_number": "+6281234567890", "first_name": "S"})
            ).phone
            == "+6281234567890"
        )
        photo = event_from_update(
            message(
                photo=[
                    {
                        "file_id": "small",
                        "file_unique_id": "a",
                        "width": 90,
                        "height": 90,
                        "file_size": 1000,
                    },
                    {
                        "file_id": "big",
                        "file_unique_id": "b",
                        "width": 1280,
                        "height": 960,
                        "file_size": 90000,
                    },
                ]
            )
        )
        assert (photo.kind, photo.file.file_id, photo.file.kind) == (EventKind.FILE, "big", "photo")
        document = event_from_update(
            message(
                document={
                    "file_id": "d",
                    "file_unique_id": "d",
                    "file_name": "kk.pdf",
                    "mime_type": "application/pdf",
                    "file_size": 5,
                }
            )
        )
        assert document.file.mime_type == "application/pdf"
        assert (
            event_from_update(
                message(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
            ).file.kind
            == "voice"
        )
        # A voice note is Ogg Opus even when its type is left out; an audio file keeps its name.
        voice = event_from_update(message(voice={"file_id": "v", "duration": 3}))
        assert voice.file.mime_type == "audio/ogg"
        audio = event_from_update(
            message(audio={"file_id": "a", "mime_type": "audio/mpeg", "file_name": "rekaman.mp3"})
        )
        assert (audio.file.kind, audio.file.mime_type, audio.file.file_name) == (
            "voice", "audio/mpeg", "rekaman.mp3",
        )  # fmt: skip
        assert (
            event_from_update(message(location={"latitude": -6.6, "longitude": 106.8})).kind
            == EventKind.LOCATION
        )
        assert event_from_update(message(sticker={"file_id": "s"})).kind == EventKind.UNSUPPORTED

    def test_edited_message_is_marked(self) -> None:
        update = {
            "update_id": 9,
            "edited_message": {
                "message_id": 1,
                "date": 0,
                "edit_date": 1,
                "chat": CHAT,
                "from": USER,
                "text": "baru",
            },
        }
        assert event_from_update(update).edited is True

    def test_block_and_unblock(self) -> None:
        def member(status: str) -> dict[str, object]:
            return {
                "update_id": 10,
                "my_chat_member": {
                    "chat": CHAT,
                    "from": USER,
                    "date": 0,
                    "old_chat_member": {"status": "member", "user": USER},
                    "new_chat_member": {"status": status, "user": USER, "until_date": 0},
                },
            }

        assert membership_change(member("kicked")) is False
        assert membership_change(member("member")) is True
        assert event_from_update(member("kicked")) is None
        assert chat_id_of(member("kicked")) == "42"
