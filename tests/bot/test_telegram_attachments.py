"""Removing a wrong photo on the summary, through the real Telegram libraries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment
from backend.files import read_stored
from backend.security.crypto import Vault
from tests.bot.conftest import RunningService, TelegramUser
from tests.bot.test_telegram_uploads import _reach_attachments
from tests.fixtures.upload_files import image_of

# Polling is enough here: the webhook hands the same update to the same channel.
pytestmark = pytest.mark.parametrize("mode", ["polling"])


async def _send_photo(user: TelegramUser, data: bytes, expect: str) -> None:
    before = user.api.last_message(user.user_id).message_id
    user.api.send_photo(user.user_id, data)
    await user.api.wait_for_message(user.user_id, expect, after=before)


async def test_two_photos_one_removed_on_the_summary_one_filed(
    service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    user = TelegramUser(service.api)
    await _reach_attachments(user)
    await _send_photo(user, image_of("JPEG", 16, 12), "Sudah diterima: 1")
    await _send_photo(user, image_of("JPEG", 32, 24), "Sudah diterima: 2")
    await user.press("Selesai", "Lampiran: 2")

    await user.press("✏️ Lampiran", "2. Foto")
    await user.press("Hapus 1", "Sudah diterima: 1")
    await user.press("Selesai", "Lampiran: 1")
    await user.press("Kirim pengaduan", "Nomor tiket")

    async with sessions() as session:
        [kept] = (await session.scalars(select(Attachment))).all()
    stored = read_stored(Path(kept.stored_path or ""), vault)
    assert Image.open(io.BytesIO(stored)).size == (32, 24), "the second photo, not the removed one"
