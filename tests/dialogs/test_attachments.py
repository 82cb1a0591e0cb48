"""Attachments on the intake: listed with their size, and a wrong one removed before filing."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment
from backend.security.crypto import Vault
from dialogs.engine import DialogServices
from dialogs.events import Event, EventKind, FileRef
from dialogs.flows.attachments import size_text
from tests.dialogs.test_facilitator_dialogs import bound, start_filing
from tests.fixtures.chat import ChatDriver, reach_summary
from tests.fixtures.facilitator_helpers import HOUSEHOLD_DESCRIPTION


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    """Dialog services that know the bot's username (for the household's t.me link)."""
    return DialogServices(vault=vault, bot_username="slrt_bogor_bot")


async def send_named_file(chat: ChatDriver, name: str, kind: str, mime: str, size: int) -> None:
    file = FileRef(f"file-{name}", kind, size, mime, name)
    await chat.deliver(Event(chat.channel, chat.chat_id, EventKind.FILE, chat.next_id(), file=file))


async def attachments_filed(sessions: async_sessionmaker[AsyncSession]) -> list[Attachment]:
    async with sessions() as session:
        return list(await session.scalars(select(Attachment).order_by(Attachment.id)))


async def add_two_and_remove_the_first(chat: ChatDriver) -> None:
    """On the attachments step: a wrong photo and the right letter, then the photo removed."""
    await send_named_file(chat, "salah.jpg", "photo", "image/jpeg", 250_000)
    await send_named_file(chat, "surat.pdf", "document", "application/pdf", 394)
    assert "1. salah.jpg (245 KB)" in chat.text and "2. surat.pdf (394 B)" in chat.text
    stale = chat.button("Hapus 2").payload
    await chat.press("Hapus 1")
    assert "Lampiran 1 (salah.jpg) dihapus" in chat.text, chat.text
    assert "1. surat.pdf (394 B)" in chat.text and "salah.jpg (" not in chat.text
    assert "Sudah diterima: 1" in chat.text
    # A remove button of the list before the removal would now point at another file.
    await chat.press_payload(stale)
    assert "1. surat.pdf" in chat.text, chat.text
    await chat.press("Selesai")


class TestRemovingAnAttachment:
    """A wrong file is taken off the summary's attachments and never filed."""

    async def test_the_citizen_removes_a_wrong_photo_from_the_summary(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await reach_summary(chat)
        await chat.press("✏️ Lampiran")
        await add_two_and_remove_the_first(chat)
        assert "Periksa kembali" in chat.text and "Lampiran: 1" in chat.text, chat.text
        await chat.press("Kirim pengaduan")
        assert "Nomor tiket" in chat.text
        [filed] = await attachments_filed(sessions)
        assert (filed.original_name, filed.mime_type) == ("surat.pdf", "application/pdf")

    async def test_the_facilitator_removes_a_wrong_photo(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await start_filing(chat)
        await chat.send("Siti Aminah")
        await chat.send("3271046501900001")
        await chat.press("Lewati")
        await chat.press("tidak punya HP")
        await chat.press("Bubulak")
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        await chat.send(HOUSEHOLD_DESCRIPTION)
        await add_two_and_remove_the_first(chat)
        await chat.press("Hanya lewat saya")
        await chat.press("Hari ini")
        assert "Lampiran: 1" in chat.text, chat.text
        await chat.press("Kirim untuk persetujuan")
        [filed] = await attachments_filed(sessions)
        assert filed.original_name == "surat.pdf"

    async def test_a_scan_named_after_a_kk_is_listed_masked(self, chat: ChatDriver) -> None:
        await reach_summary(chat)
        await chat.press("✏️ Lampiran")
        await send_named_file(chat, "KK 3271046501900001.jpg", "photo", "image/jpeg", 2_500_000)
        assert "3271046501900001" not in chat.text
        assert "1. KK 3271********0001.jpg (2,4 MB)" in chat.text, chat.text
        await chat.press("Hapus 1")
        assert "3271046501900001" not in chat.text and "Sudah diterima: 0" in chat.text


@pytest.mark.parametrize(
    ("language", "size", "shown"),
    [("id", 394, "394 B"), ("id", 1025, "2 KB"), ("id", 1_300_000, "1,2 MB"),
     ("en", 1_300_000, "1.2 MB"), ("id", None, "?")],
)  # fmt: skip
def test_sizes_read_as_people_read_them(language: str, size: int | None, shown: str) -> None:
    assert size_text(language, size) == shown
