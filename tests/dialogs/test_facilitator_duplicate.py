"""A facilitator filing again for a household they already filed for is asked first, like a citizen."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint, ComplaintMessage
from dialogs.engine import DialogEngine
from tests.dialogs.test_facilitator_dialogs import bound, file_for_household, services  # noqa: F401
from tests.fixtures.chat import ChatDriver
from tests.fixtures.facilitator_helpers import HOUSEHOLD_DESCRIPTION

MORE = "Ibu Siti sudah datang ke kelurahan tetapi bantuan tetap belum cair."
# The same household and matter once more, up to the summary: (how, what).
AGAIN = (
    ("send", "/lapor"), ("press", "Warga setuju"), ("send", "Siti Aminah"),
    ("send", "3271046501900001"), ("press", "Lewati"), ("press", "tidak punya HP"),
    ("press", "Bubulak"), ("send", "Jl. Mawar No. 5, RT 02/RW 03"),
    ("press", "Keluarga Harapan"), ("send", MORE), ("press", "Lewati"),
    ("press", "Hanya lewat saya"), ("press", "Hari ini"), ("press", "Kirim untuk persetujuan"),
)  # fmt: skip


async def file_again(chat: ChatDriver) -> None:
    """Walks the assisted filing for the same household and presses Send."""
    for how, what in AGAIN:
        await (chat.send(what) if how == "send" else chat.press(what))


async def stored(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, list[ComplaintMessage]]:
    async with sessions() as session:
        complaints = len((await session.execute(select(Complaint))).scalars().all())
        return complaints, list((await session.execute(select(ComplaintMessage))).scalars())


class TestTheFacilitatorsOwnOpenCase:
    """The open case is offered: add the new details to it, or file a new complaint anyway."""

    async def test_the_details_are_added_to_the_open_case(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        ticket = await file_for_household(chat)
        await file_again(chat)
        assert ticket in chat.text and "masih diproses" in chat.text
        await chat.press("Tambahkan")
        assert f"sudah ditambahkan ke pengaduan {ticket}" in chat.text
        complaints, messages = await stored(sessions)
        assert complaints == 1
        assert [(m.text, m.author_role) for m in messages] == [(MORE, "facilitator")]

    async def test_or_filed_as_a_new_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await file_for_household(chat)
        await file_again(chat)
        await chat.press("Kirim sebagai pengaduan baru")
        assert "Nomor tiket" in chat.text
        assert (await stored(sessions)) == (2, [])

    async def test_another_facilitators_case_is_not_offered(
        self, chat: ChatDriver, dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        await bound(chat, sessions)
        ticket = await file_for_household(chat)
        # Dewi, another facilitator, meets the same household about the same matter.
        dewi = ChatDriver(dialog_engine, chat_id="5550777")
        await bound(dewi, sessions, name="Dewi Lestari")
        await file_again(dewi)
        assert "Nomor tiket" in dewi.text
        assert all(ticket not in reply.text for reply in dewi.history)
        assert HOUSEHOLD_DESCRIPTION not in dewi.text
