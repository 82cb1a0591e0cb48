"""Basa Sunda: chosen with /bahasa (or the chat's hint), the whole intake read in Sundanese."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from dialogs.engine import DialogEngine
from dialogs.events import Event, EventKind
from dialogs.i18n import format_day, normalise_language
from tests.fixtures.chat import ChatDriver


async def _choose_sunda(chat: ChatDriver) -> None:
    await chat.send("/bahasa")
    assert [b.label for r in chat.replies for row in r.buttons for b in row] == [
        "Bahasa Indonesia",
        "English",
        "Basa Sunda",
    ]
    await chat.press("Basa Sunda")
    assert "Basa parantos digentos ka Basa Sunda" in chat.text


class TestChoosingBasaSunda:
    """/bahasa offers Basa Sunda beside Bahasa Indonesia and English; the menu follows."""

    async def test_the_menu_then_speaks_sundanese(self, chat: ChatDriver) -> None:
        await _choose_sunda(chat)
        await chat.send("/menu")
        assert "Mangga pilih layanan" in chat.text
        assert chat.button("Ngadamel pangaduan") and chat.button("Informasi")
        await chat.send("/bantuan")
        assert "/lapor kanggo ngadamel pangaduan" in chat.text

    async def test_a_typed_menu_label_in_sundanese_starts_its_flow(self, chat: ChatDriver) -> None:
        await _choose_sunda(chat)
        await chat.send("ngadamel pangaduan")
        assert "Sateuacan ngamimitian" in chat.text

    async def test_back_to_indonesian(self, chat: ChatDriver) -> None:
        await _choose_sunda(chat)
        await chat.send("/bahasa")
        await chat.press("Bahasa Indonesia")
        await chat.send("/menu")
        assert "Silakan pilih" in chat.text

    async def test_a_new_chat_with_a_sundanese_hint_is_greeted_in_sundanese(
        self, dialog_engine: DialogEngine
    ) -> None:
        replies = await dialog_engine.handle(
            Event("telegram", "778", EventKind.COMMAND, "su1", text="/start", command="start",
                  language_hint="su")
        )  # fmt: skip
        assert "Wilujeng sumping" in replies[0].text

    def test_hints_that_mean_sundanese(self) -> None:
        assert [normalise_language(h) for h in ("su", "SU", "su-ID", "su_Latn")] == ["su"] * 4
        assert normalise_language("jv") == "id"


class TestAnIntakeInSundanese:
    """A complaint filed in Basa Sunda: every question, the summary and the ticket in Sundanese."""

    async def test_file_a_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _choose_sunda(chat)
        await chat.send("/lapor")
        assert "Naha Bapa/Ibu satuju?" in chat.text
        await chat.press("✅ Satuju")
        await chat.press("diri nyalira")
        assert "nami lengkep" in chat.text
        await chat.send("Siti Aminah")
        await chat.send("3271046501900001")
        assert "nomer KK" in chat.text
        await chat.press("Liwat")
        await chat.share_contact("+6281234567890")
        await chat.press("Bogor Barat")
        assert "Pilih kelurahan (kaca 1 ti" in chat.text
        await chat.press("Bubulak")
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")  # category names stay as the office writes them
        await chat.send("Bantosan PKH ibu abdi teu cair ti bulan Agustus.")
        await chat.send("liwat")  # the skip word typed, in Sundanese
        assert "Mangga parios deui data pangaduan" in chat.text
        assert "Nami: Siti Aminah" in chat.text
        await chat.press("Kintun pangaduan")
        assert "Pangaduan Bapa/Ibu parantos kami tampi" in chat.text
        assert "Status: Katampi" in chat.text

        async with sessions() as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
            identity = (
                await session.execute(
                    select(ChannelIdentity).where(
                        ChannelIdentity.channel == Channel.TELEGRAM,
                        ChannelIdentity.chat_id == chat.chat_id,
                    )
                )
            ).scalar_one()
            citizen = await session.get_one(Citizen, identity.citizen_id)
        # Status messages follow the chat's language; the date is said with Sundanese months.
        assert (identity.language, citizen.language) == ("su", "su")
        due = format_day("su", complaint.expected_completion_on)
        assert f"Kinten-kinten réngsé: {due}" in chat.text

        await chat.send("/status")
        assert complaint.ticket in chat.text and "kinten-kinten réngsé" in chat.text

        # /dataku: the proof and the record in Sundanese, the language named.
        await chat.send("/dataku")
        assert "Ketik 4 angka pamungkas NIK" in chat.text
        await chat.send("0001")
        assert "Data pribadi Bapa/Ibu anu kami simpen" in chat.text
        assert "NIK: 3271********0001" in chat.text and "Basa: Basa Sunda" in chat.text

    async def test_information_pages_are_the_indonesian_ones(self, chat: ChatDriver) -> None:
        await _choose_sunda(chat)
        await chat.send("/info")
        assert "Informasi naon" in chat.text
        await chat.press("Alamat dan jam")  # staff write these pages in id and en only
        assert "Senin sampai Jumat" in chat.text
        await chat.press("Wates waktos")
        assert "Program Keluarga Harapan (PKH): dipariksa 3 dinten" in chat.text


class TestDates:
    """babel knows Sundanese: its month names, the same order of day, month and year."""

    def test_sundanese_month_names(self) -> None:
        assert format_day("su", date(2026, 11, 28)) == "28 Nopémber 2026"
        assert format_day("su", date(2027, 2, 1)) == "1 Pébruari 2027"
        assert format_day("id", date(2026, 11, 28)) == "28 November 2026"
        assert format_day("su", None) == "-"
