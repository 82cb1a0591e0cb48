"""Uploads through Telegram (python-telegram-bot and aiogram against the local Bot API).

A file sent as a document keeps what the phone wrote into it (Telegram re-encodes
only what is sent as a photo), and its declared type and name are the sender's.
The bot fetches the bytes before the dialogs see the file: a refused one reaches the
dialog marked refused, is answered with the dialogs' words and is not stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment
from backend.files import read_stored
from backend.security.crypto import Vault
from dialogs.i18n import translate
from tests.bot.conftest import RunningService, TelegramUser
from tests.bot.test_telegram_e2e import _to_description
from tests.fixtures.upload_files import DISGUISED, has_gps, jpeg_with_gps, pdf_document

REFUSED = translate("id", "attachment-type")[:40]

# Polling is enough here: the webhook hands the same update to the same channel.
pytestmark = pytest.mark.parametrize("mode", ["polling"])


async def _reach_attachments(user: TelegramUser) -> None:
    await _to_description(user)
    await user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")


def _stored_files(files_dir: Path) -> list[Path]:
    return [path for path in files_dir.rglob("*") if path.is_file()] if files_dir.exists() else []


async def test_files_in_disguise_are_refused_and_not_stored(
    service: RunningService, sessions: async_sessionmaker[AsyncSession]
) -> None:
    api = service.api
    user = TelegramUser(api)
    await _reach_attachments(user)
    for name, data, declared in DISGUISED.values():
        before = api.last_message(user.user_id).message_id
        api.send_document(user.user_id, data, name, mime_type=declared)
        await api.wait_for_message(user.user_id, REFUSED, after=before)
    assert _stored_files(service.settings.files_dir) == []
    before = api.last_message(user.user_id).message_id
    api.send_document(user.user_id, pdf_document(), "sktm.pdf")
    await api.wait_for_message(user.user_id, "Sudah diterima: 1", after=before)
    assert len(_stored_files(service.settings.files_dir)) == 1


async def test_a_gps_photo_is_kept_without_it_and_names_are_safe(
    service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    api = service.api
    user = TelegramUser(api)
    await _reach_attachments(user)
    before = api.last_message(user.user_id).message_id
    api.send_document(user.user_id, jpeg_with_gps(), "IMG_20240817.jpg", mime_type="image/jpeg")
    await api.wait_for_message(user.user_id, "Sudah diterima: 1", after=before)
    before = api.last_message(user.user_id).message_id
    api.send_document(user.user_id, pdf_document(), "foo.exe", mime_type="application/pdf")
    await api.wait_for_message(user.user_id, "Sudah diterima: 2", after=before)
    await user.press("Selesai", "Periksa kembali")
    await user.press("Kirim pengaduan", "Nomor tiket")
    async with sessions() as session:
        rows = {a.mime_type: a for a in (await session.scalars(select(Attachment))).all()}
    photo, pdf = rows["image/jpeg"], rows["application/pdf"]
    assert (photo.original_name, pdf.original_name) == ("IMG_20240817.jpg", "foo.pdf")
    kept = read_stored(Path(photo.stored_path or ""), vault)
    assert kept.startswith(b"\xff\xd8") and not has_gps(kept) and b"Exif" not in kept
    assert photo.size_bytes == len(kept)
    assert read_stored(Path(pdf.stored_path or ""), vault) == pdf_document()
