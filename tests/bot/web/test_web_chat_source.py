"""The web chat opened from a poster (/chat?src=…): the page sends the source with its greeting,
and the complaint filed next carries it; a source that is not one greets all the same."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from tests.bot.web.conftest import WebUser, file_by_web


async def _source_of(sessions: async_sessionmaker[AsyncSession], ticket: str) -> str | None:
    async with sessions() as session:
        return await session.scalar(select(Complaint.source).where(Complaint.ticket == ticket))


async def _start(user: WebUser, src: str | None) -> str:
    """The page's first request: the greeting, with the address's source when it has one."""
    body = {"id": uuid.uuid4().hex, "type": "start"} | ({"src": src} if src is not None else {})
    response = await user.post(body)
    assert response.status_code == 200, response.text
    return "\n".join(m["text"] for m in response.json()["messages"] if m["from"] == "out")


class TestAPostersLink:
    """The source rides on the greeting, as the bot's start parameter does."""

    async def test_the_complaint_filed_after_the_posters_link_carries_it(
        self, web_user: WebUser, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        assert (await web_user.client.get("/chat", params={"src": "3271041003"})).status_code == 200
        greeting = await _start(web_user, "3271041003")
        assert "Selamat datang" in greeting
        ticket = await file_by_web(web_user)
        assert await _source_of(sessions, ticket) == "poster:32.71.04.1003"

    @pytest.mark.parametrize(
        "src", ["", "32.71.04.1003", "abc", "3271999999", "<script>", "x" * 150, "src-3271041003"]
    )
    async def test_a_source_that_is_not_one_is_ignored_silently(
        self, web_user: WebUser, sessions: async_sessionmaker[AsyncSession], src: str
    ) -> None:
        greeting = await _start(web_user, src)
        assert "Selamat datang" in greeting
        ticket = await file_by_web(web_user)
        assert await _source_of(sessions, ticket) is None

    async def test_a_posters_link_in_the_middle_of_a_complaint_loses_nothing(
        self, web_user: WebUser, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await web_user.say("/lapor", "Sebelum mulai")
        await web_user.press("Setuju", "untuk siapa")
        await web_user.press("diri sendiri", "nama lengkap")
        await web_user.say("Siti Aminah", "Ketik NIK")
        assert "Ketik NIK" in await _start(web_user, "3271011001")
        await web_user.say("3271046501900001", "nomor KK")
        await web_user.press("Lewati", "nomor HP")
        await web_user.say("081234567890", "kecamatan")
        await web_user.press("Bogor Barat", "Pilih kelurahan")
        await web_user.press("Bubulak", "alamat lengkap")
        await web_user.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
        await web_user.press("Keluarga Harapan", "Ceritakan masalahnya")
        await web_user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")
        await web_user.press("Lewati", "Periksa kembali")
        await web_user.press("Kirim pengaduan", "Nomor tiket")
        ticket = web_user.text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()
        assert await _source_of(sessions, ticket) == "poster:32.71.01.1001"
