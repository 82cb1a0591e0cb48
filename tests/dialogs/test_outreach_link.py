"""/start src-<kelurahan>: the chat remembers the poster until a complaint is filed, which keeps it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from tests.fixtures.chat import ChatDriver, file_complete_complaint

BUBULAK = "32.71.04.1003"
BATU_TULIS = "32.71.01.1001"


async def _sources(sessions: async_sessionmaker[AsyncSession]) -> dict[str, str | None]:
    async with sessions() as session:
        rows = (await session.execute(select(Complaint.ticket, Complaint.source))).all()
        return {ticket: source for ticket, source in rows}


class TestAPosterLink:
    """The poster's link greets as /start does and its complaint carries the poster."""

    async def test_the_link_greets_and_the_next_complaint_carries_the_poster(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/start src-3271041003")
        assert "Selamat datang" in chat.text
        first = await file_complete_complaint(chat)
        # Remembered until one complaint is filed: the next one came from no poster.
        second = await file_complete_complaint(chat, category="Sembako")
        assert await _sources(sessions) == {first: f"poster:{BUBULAK}", second: None}

    async def test_a_plain_start_or_another_flow_in_between_keeps_the_poster(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/start src-3271041003")
        await chat.send("/start")
        await chat.send("/info")
        await chat.send("/batal")
        ticket = await file_complete_complaint(chat)
        assert await _sources(sessions) == {ticket: f"poster:{BUBULAK}"}

    async def test_the_latest_poster_wins(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/start src-3271041003")
        await chat.send("/start src-3271011001")
        ticket = await file_complete_complaint(chat)
        assert await _sources(sessions) == {ticket: f"poster:{BATU_TULIS}"}

    async def test_in_the_middle_of_a_complaint_the_link_loses_nothing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        await chat.send("Siti Aminah")
        await chat.send("/start src-3271041003")
        assert "Ketik NIK" in chat.text, "the question it was at, asked again"
        await chat.send("3271046501900001")
        await chat.press("Lewati")
        await chat.share_contact("+6281234567890")
        await chat.press("Bogor Barat")
        await chat.press("Bubulak")
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        await chat.send("Bantuan PKH ibu saya tidak cair sejak bulan Agustus.")
        await chat.press("Lewati")
        await chat.press("Kirim pengaduan")
        assert "Nomor tiket" in chat.text
        assert list((await _sources(sessions)).values()) == [f"poster:{BUBULAK}"]


class TestAMalformedOrUnknownSource:
    """A source that names no kelurahan is ignored without a word: the usual greeting."""

    async def test_malformed_tokens_greet_as_usual_and_leave_no_source(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        for payload in ("src-", "src-32.71.04.1003", "src-327104100", "src-abc", "src-32710410039"):
            await chat.send(f"/start {payload}")
            assert "Selamat datang" in chat.text, payload
            assert "tidak dikenal" not in chat.text.casefold()
        ticket = await file_complete_complaint(chat)
        assert await _sources(sessions) == {ticket: None}

    async def test_a_well_formed_code_of_no_kelurahan_is_dropped_at_filing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/start src-3271999999")
        assert "Selamat datang" in chat.text
        ticket = await file_complete_complaint(chat)
        assert await _sources(sessions) == {ticket: None}
