"""An update that cannot be processed, a file that cannot be fetched, a reply that cannot be sent."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment
from backend.files import read_stored
from backend.security.crypto import vault_for
from backend.uploads import vet_upload
from bot.telegram.files import fetch_file
from dialogs.events import FileRef
from dialogs.i18n import translate
from tests.bot.conftest import RunningService, TelegramUser, bot_settings, free_port, run_service
from tests.bot.test_telegram_e2e import _to_description
from tests.bot.test_telegram_errors import CITIZEN, make_client
from tests.bot.test_webhook import _wait_for_webhook
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.upload_files import image_of, pdf_document

VAULT = vault_for(os.environ["DATA_KEY"])

# File operations under a watched folder, with the thread that did them (see _audit).
_watched: list[str] = []
_operations: list[tuple[str, int]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    # An audit hook sees every open/rename/mkdir of the process, whoever calls it.
    if not _watched or event not in ("open", "os.rename", "os.mkdir") or not args:
        return
    path = args[0]
    if isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(_watched[0]):
        _operations.append((event, threading.get_ident()))


sys.addaudithook(_audit)  # hooks cannot be removed; this one does nothing unless watching


async def _reach_attachments(user: TelegramUser) -> None:
    await _to_description(user)
    await user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")


def noisy_jpeg() -> bytes:
    """A real photo of some size: noise does not compress."""
    image = Image.frombytes("RGB", (160, 160), os.urandom(160 * 160 * 3))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=95)
    return output.getvalue()


def _head(key: str, language: str = "id") -> str:
    # The start of a catalog message, enough to recognise it in the chat.
    return translate(language, key)[:40]


class TestAnUpdateThatAlwaysFails:
    """After a few failures the update is skipped, the person told, and the chat goes on."""

    async def test_it_is_given_up_in_the_persons_language(self, service: RunningService) -> None:
        api = service.api
        siti, john = TelegramUser(api), TelegramUser(api, 5550002)
        await siti.say("/start", "Silakan pilih")
        api.send_text(john.user_id, "/start", first_name="John", language_code="en")
        await api.wait_for_message(john.user_id, "Please choose")
        # Telegram fails to hand over every file from now on: each photo fails every time.
        api.fail_next("getFile", 500, "Internal Server Error", count=1000)
        api.send_photo(siti.user_id, b"\xff\xd8siti")
        api.send_photo(john.user_id, b"\xff\xd8john")
        await api.wait_for_message(siti.user_id, _head("update-not-processed"), timeout=30)
        await api.wait_for_message(john.user_id, _head("update-not-processed", "en"), timeout=30)
        api.world.faults.clear()
        # Nothing to type to go on: the message has the button back to the menu.
        await siti.press("Kembali ke menu", "Silakan pilih layanan")
        assert len(api.calls_of("getFile")) >= 2 * 5
        for user, language in ((siti, "id"), (john, "en")):
            told = translate(language, "update-not-processed")
            assert [m.text for m in api.messages(user.user_id)].count(told) == 1


class TestAFileThatCannotBeFetched:
    """A file Telegram will not hand over is reported as not received; the next one is taken."""

    @pytest.mark.parametrize("why", ["download link gone", "unknown file_id"])
    async def test_it_is_reported_and_the_next_photo_counts(
        self, service: RunningService, why: str
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await _reach_attachments(user)
        if why == "download link gone":
            api.fail_next_download(404)
        else:
            api.fail_next("getFile", 400, "Bad Request: invalid file_id")
        before = api.last_message(user.user_id).message_id
        api.send_photo(user.user_id, b"\xff\xd8first")
        await api.wait_for_message(user.user_id, _head("attachment-not-received"), after=before)
        before = api.last_message(user.user_id).message_id
        api.send_photo(user.user_id, image_of("JPEG"))
        await api.wait_for_message(user.user_id, "Sudah diterima: 1", after=before)

    async def test_a_file_of_unknown_size_is_fetched_and_kept(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await _reach_attachments(user)
        pdf = pdf_document()
        before = api.last_message(user.user_id).message_id
        api.send_document(user.user_id, pdf, "sktm.pdf", with_size=False)
        await api.wait_for_message(user.user_id, "Sudah diterima: 1", after=before)
        await user.press("Selesai", "Periksa kembali")
        await user.press("Kirim pengaduan", "Nomor tiket")
        async with sessions() as session:
            attachment = (await session.execute(select(Attachment))).scalar_one()
        assert attachment.stored_path is not None and attachment.size_bytes == len(pdf)
        on_disk = Path(attachment.stored_path).read_bytes()
        assert b"Surat Keterangan" not in on_disk  # encrypted at rest
        assert read_stored(Path(attachment.stored_path), VAULT) == pdf


class TestFilesAreWrittenOffTheEventLoop:
    """Writing a download to disk happens in a worker thread, under a unique temporary name."""

    async def test_the_write_is_done_by_another_thread(
        self, local_api: LocalBotApi, framework: str, tmp_path: Path
    ) -> None:
        client = make_client(framework, local_api.url, local_api.token)
        await client.start()
        photo = noisy_jpeg()
        local_api.send_photo(CITIZEN, photo)
        try:
            [update] = await client.get_updates(None, 0)
            file = FileRef(update["message"]["photo"][-1]["file_id"], "photo", None, "image/jpeg")
            _operations.clear()
            _watched.append(str(tmp_path))
            try:
                stored = await fetch_file(client, file, tmp_path, 10 * 1024 * 1024, VAULT)
            finally:
                _watched.clear()
        finally:
            await client.close()
        assert stored.stored_path is not None
        # What is stored is the photo as vetted: re-encoded from its pixels.
        kept = read_stored(Path(stored.stored_path), VAULT)
        assert kept == vet_upload(photo, "image/jpeg", None).data
        assert {event for event, _ in _operations} >= {"open", "os.rename"}
        event_loop_thread = threading.get_ident()
        assert all(thread != event_loop_thread for _, thread in _operations), _operations
        assert not list(tmp_path.rglob("*.part")), "no temporary file is left behind"


class TestOneReplyFailing:
    """A reply Telegram refuses is logged; the replies after it still go out."""

    @pytest.mark.parametrize("refusal", ["404", "group moved"])
    async def test_the_next_reply_still_arrives(
        self, service: RunningService, refusal: str
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await _to_description(user)
        # Too long to share a message with the question after it: the summary's answer is
        # two messages, the description (refused) and the question.
        await user.say("Bantuan PKH tidak cair. " * 160, "foto atau dokumen")
        before = api.last_message(user.user_id).message_id
        if refusal == "404":
            api.fail_next("sendMessage", 404)
        else:
            api.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                          migrate_to_chat_id=-100777)  # fmt: skip
        await user.press("Lewati", "Periksa kembali")
        later = [m.text for m in api.messages(user.user_id) if m.message_id > before]
        assert not any(text.startswith("Uraian pengaduan") for text in later)


class TestAnswersWaitOutTheLimits:
    """The webhook answers Telegram once the update is stored; its answer waits out 429s."""

    async def test_the_webhook_answers_at_once_and_the_answer_arrives_late(
        self, local_api: LocalBotApi, database_url: str, sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path, framework: str,
    ) -> None:  # fmt: skip
        settings = bot_settings(
            database_url, local_api, tmp_path, framework, "webhook", free_port()
        )
        user = TelegramUser(local_api)
        loop = asyncio.get_running_loop()
        async for _ in run_service(settings, sessions):
            await _wait_for_webhook(local_api)
            await user.say("/start", "Silakan pilih")
            # More 429s than the old per-update budget of six tries: nothing may be dropped.
            local_api.fail_next("sendMessage", 429, retry_after=1, count=7)
            started = loop.time()
            update_id = local_api.send_text(user.user_id, "/info")
            await local_api.wait_until_taken(update_id, timeout=30)
            took = loop.time() - started
            await local_api.wait_for_message(user.user_id, "Informasi apa", timeout=30)
            await user.say("/menu", "Silakan pilih layanan")
        # The webhook call does not wait for Telegram to take the answer: that would take
        # seven retries a second apart (half of it is a bound a busy machine stays under).
        assert took < 3.5, took
        sends = [
            c for c in local_api.calls_of("sendMessage") if "Informasi apa" in str(c.get("text"))
        ]
        assert len(sends) == 8, "seven times told to wait, then taken"
