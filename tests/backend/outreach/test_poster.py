"""A kelurahan's poster: one A4 page whose QR codes read exactly the links into the chats."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from backend.office.settings import office_settings
from backend.outreach.service import PosterSettings, poster_file_name, poster_pdf
from backend.outreach.texts import message_keys
from backend.regions.repository import get_kelurahan
from tests.backend.letters.world import first_page_png, pdf_text, qr_codes

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SETTINGS = PosterSettings(bot_username="slrt_bogor_bot", public_base="https://slrt.kotabogor.go.id")
TELEGRAM = "https://t.me/slrt_bogor_bot?start=src-3271041003"
WEB = "https://slrt.kotabogor.go.id/chat?src=3271041003"
HOURS = "Senin–Jumat 08.00–15.00 WIB"


async def _poster(session: AsyncSession, settings: PosterSettings = SETTINGS) -> bytes:
    kelurahan = await get_kelurahan(session, "32.71.04.1003")
    assert kelurahan is not None
    return await poster_pdf(session, kelurahan, settings)


class TestThePoster:
    """What the poster prints and what its QR codes open."""

    async def test_its_qr_codes_open_the_bot_and_the_web_chat_with_the_kelurahan(
        self, session: AsyncSession
    ) -> None:
        office = await office_settings(session)
        office.office_hours = HOURS
        office.office_address = "Jl. Pemuda No. 31, Bogor 16161"
        pdf = await _poster(session)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
        png = first_page_png(pdf)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "outreach-poster.png").write_bytes(png)
        assert sorted(qr_codes(png)) == sorted([TELEGRAM, WEB])
        text = pdf_text(pdf)
        assert "Kelurahan Bubulak · Kecamatan Bogor Barat" in text
        assert HOURS in text and "Jl. Pemuda No. 31" in text and "DINAS SOSIAL" in text
        # Indonesian first, English under it.
        assert text.index("Ada keluhan soal bantuan sosial?") < text.index(
            "A complaint about social assistance?"
        )
        # The links printed to type, without their scheme.
        flat = "".join(text.split())
        assert "t.me/slrt_bogor_bot?start=src-3271041003" in flat
        assert "slrt.kotabogor.go.id/chat?src=3271041003" in flat

    async def test_a_whatsapp_code_appears_only_once_a_number_is_set(
        self, session: AsyncSession
    ) -> None:
        office = await office_settings(session)
        assert len(qr_codes(first_page_png(await _poster(session)))) == 2
        office.whatsapp_number = "+6281299990001"
        pdf = await _poster(session)
        codes = qr_codes(first_page_png(pdf))
        [whatsapp] = [code for code in codes if "wa.me" in code]
        assert whatsapp == (
            "https://wa.me/6281299990001?text=Halo%20SLRT%2C%20saya%20ingin%20menyampaikan"
            "%20pengaduan.%20%28kode%20src-3271041003%29"
        )
        assert sorted(codes) == sorted([TELEGRAM, WEB, whatsapp])
        assert "+6281299990001" in pdf_text(pdf)

    async def test_without_the_bots_name_only_the_web_chat_is_printed(
        self, session: AsyncSession
    ) -> None:
        pdf = await _poster(session, PosterSettings(None, "http://127.0.0.1:8000"))
        assert qr_codes(first_page_png(pdf)) == ["http://127.0.0.1:8000/chat?src=3271041003"]
        assert "Telegram" not in pdf_text(pdf)

    async def test_the_hours_line_is_left_out_until_the_office_sets_them(
        self, session: AsyncSession
    ) -> None:
        text = pdf_text(await _poster(session))
        assert "Jam layanan kantor" not in text
        assert "Chat bisa dikirim kapan saja" in text

    async def test_the_file_is_named_by_code_and_kelurahan(self, session: AsyncSession) -> None:
        kelurahan = await get_kelurahan(session, "32.71.02.1005")
        assert kelurahan is not None
        assert poster_file_name(kelurahan).startswith("poster-slrt-3271021005-")
        assert poster_file_name(kelurahan).endswith(".pdf")


def test_both_catalogs_of_the_poster_have_the_same_keys() -> None:
    assert message_keys("id") == message_keys("en")
