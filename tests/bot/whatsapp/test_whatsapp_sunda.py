"""Basa Sunda end to end on WhatsApp: chosen with /bahasa, a complaint filed, its news.

Free-form messages inside the 24-hour window are Sundanese; outside it WhatsApp takes
only approved templates, which exist in Indonesian and English: Sunda readers get the
Indonesian one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel, ChannelIdentity
from dialogs.i18n import format_day
from tests.bot.whatsapp.conftest import WhatsAppPerson, WhatsAppService
from tests.bot.whatsapp.test_whatsapp_intake import _quiet_for_a_day, _staff


async def file_in_sundanese(person: WhatsAppPerson) -> str:
    """/bahasa → Basa Sunda, then the whole intake read in Sundanese. Returns the ticket."""
    await person.say("halo", "Silakan pilih")
    choose = await person.say("/bahasa", "Pilih bahasa / Choose your language / Pilih basa")
    assert [title for _, title in choose.choices] == ["Bahasa Indonesia", "English", "Basa Sunda"]
    await person.press("Basa Sunda", "Basa parantos digentos ka Basa Sunda")
    await person.say("/lapor", "Sateuacan ngamimitian")
    await person.press("Satuju", "kanggo saha")
    await person.press("diri nyalira", "nami lengkep")
    await person.say("Siti Aminah", "Ketik NIK")
    await person.say("3271 0465 0190 0001", "nomer KK")
    await person.press("Liwat", "kecamatan")
    await person.press("Bogor Barat", "Pilih kelurahan")
    await person.press("Bubulak", "alamat lengkep")
    await person.say("Jl. Mawar No. 5, RT 02/RW 03", "perkawis naon")
    await person.press("Keluarga Harapan", "caroskeun masalahna")
    await person.say("Bantosan PKH ibu abdi teu cair ti bulan Agustus.", "poto atanapi dokumén")
    await person.press("Liwat", "parios deui")
    done = await person.press("Kintun pangaduan", "Nomer tikét")
    return done.text.split("Nomer tikét: ", 1)[1].split("\n", 1)[0].strip()


class TestBasaSundaOnWhatsApp:
    async def test_file_then_news_inside_and_outside_the_window(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        local = whatsapp_service.local
        local.world.add_template(
            "slrt_status_in_progress", "id", "Pengaduan {{1}} sedang ditangani."
        )
        person = WhatsAppPerson(local)
        ticket = await file_in_sundanese(person)
        async with sessions() as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
            identity = (
                await session.execute(
                    select(ChannelIdentity).where(ChannelIdentity.channel == Channel.WHATSAPP)
                )
            ).scalar_one()
        assert identity.language == "su"

        # Inside the window: the status message in Sundanese, its date with Sundanese months.
        await _staff(sessions, ticket, "start_review")
        news = await local.wait_for_message(person.wa_id, "Dipariksa")
        assert "nuju dipariksa ku patugas Dinas Sosial" in news.text
        due = format_day("su", complaint.expected_completion_on)
        assert f"Kinten-kinten réngsé: {due}" in news.text

        # Outside it: the approved Indonesian template, since WhatsApp has none in Sundanese.
        await _quiet_for_a_day(sessions, whatsapp_service, person.wa_id)
        await _staff(sessions, ticket, "handle")
        sent = await local.wait_for_message(person.wa_id, f"Pengaduan {ticket} sedang ditangani.")
        assert sent.type == "template" and sent.delivered
        assert sent.content["language"]["code"] == "id"
