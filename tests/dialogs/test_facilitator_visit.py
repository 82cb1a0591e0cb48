"""Recording a home visit in the chat, step by step: wrong input at each step is explained and
loses nothing, "Batal" keeps nothing, and a visit called off meanwhile is not recorded (both
databases). The whole way through the Telegram libraries is tests/bot/test_visit_e2e.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Attachment
from backend.clock import local_date, utcnow
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.security.crypto import Vault
from backend.visits.models import HomeVisit, VisitState
from backend.visits.service import cancel_visit, request_visit, take_visit
from dialogs.engine import DialogServices
from dialogs.events import Event, EventKind
from tests.dialogs.test_facilitator_dialogs import bound
from tests.fixtures.chat import ChatDriver
from tests.fixtures.factories import make_complaint, make_staff


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    """The engine's services (as the facilitator dialogs have them)."""
    return DialogServices(vault=vault)


async def _taken_visit(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, facilitator_id: int
) -> int:
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault)
        staff = await make_staff(session)
        visit = await request_visit(
            session, complaint, Actor(ActorRole.BACK_OFFICE, staff_id=staff.id),
            reason="Cek rumah.", due_on=local_date(utcnow()) + timedelta(days=2), now=utcnow(),
        )  # fmt: skip
        facilitator = await session.get_one(Facilitator, facilitator_id)
        await take_visit(session, visit.id, facilitator, utcnow())
        return visit.id


async def _location(chat: ChatDriver, latitude: float, longitude: float) -> None:
    await chat.deliver(
        Event(chat.channel, chat.chat_id, EventKind.LOCATION, chat.next_id(),
              latitude=latitude, longitude=longitude)
    )  # fmt: skip


class TestRecordingStepByStep:
    """Each step says what it takes; wrong input does not move on or lose answers."""

    async def test_wrong_input_then_a_full_record(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        person = await bound(chat, sessions)
        visit_id = await _taken_visit(sessions, vault, person.facilitator_id)
        await chat.send("/menu")
        await chat.press("Kunjungan rumah (1)")
        assert "Kunjungan yang sudah Anda ambil" in chat.text
        await chat.press("Catat kunjungan")
        assert "Kapan Anda berkunjung" in chat.text
        await chat.send("31-02-2026")
        assert "tidak dapat dibaca" in chat.text
        future = (local_date(utcnow()) + timedelta(days=3)).strftime("%d-%m-%Y")
        await chat.send(future)
        assert "tidak boleh di masa depan" in chat.text
        await chat.press("Hari ini")
        await _location(chat, -6.6, 106.8)
        assert "hanya bisa membaca pesan teks" in chat.text and "Siapa yang Anda temui" in chat.text
        await chat.send("Pak Budi, kepala keluarga")
        await chat.send_sticker()
        assert "Apa yang Anda temukan" in chat.text
        await chat.send("Rumah semi permanen, lantai tanah.")
        await chat.send_file("document", mime_type="application/pdf")
        assert "hanya foto yang diterima" in chat.text
        await chat.send_file("photo")
        await chat.send_file("photo")
        assert "Foto diterima (2)" in chat.text
        await chat.press("Selesai")
        await chat.send("di gang sebelah masjid")
        assert "kirim lokasi lewat" in chat.text
        await chat.press("Lewati")
        for phrase in ("Pak Budi, kepala keluarga", "lantai tanah", "Foto: 2", "tidak dibagikan"):
            assert phrase in chat.text, chat.text
        await chat.press("Kirim catatan kunjungan")
        assert "sudah diterima petugas" in chat.text
        async with sessions() as session:
            visit = await session.get_one(HomeVisit, visit_id)
            photos = list(
                await session.scalars(
                    select(Attachment).where(Attachment.home_visit_id == visit_id)
                )
            )
        assert (visit.state, visit.met, visit.latitude) == (
            VisitState.DONE, "Pak Budi, kepala keluarga", None,
        )  # fmt: skip
        assert [photo.kind for photo in photos] == ["photo", "photo"]
        await chat.press_payload(f"g:vrecord:{visit_id}")
        assert "tidak lagi menunggu" in chat.text


class TestNothingKept:
    """Batal keeps nothing; a visit called off meanwhile is not recorded."""

    async def test_discarded(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        person = await bound(chat, sessions)
        visit_id = await _taken_visit(sessions, vault, person.facilitator_id)
        await chat.press_payload(f"g:vrecord:{visit_id}")
        await chat.press("Hari ini")
        await chat.send("Ibu Ani")
        await chat.send("Tidak ada orang di rumah.")
        await chat.press("Lewati")
        await _location(chat, -6.6, 106.8)
        assert "-6.60000, 106.80000" in chat.text
        await chat.press("Batal")
        assert "tidak dikirim" in chat.text
        async with sessions() as session:
            assert (await session.get_one(HomeVisit, visit_id)).state == VisitState.TAKEN

    async def test_called_off_meanwhile(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        person = await bound(chat, sessions)
        visit_id = await _taken_visit(sessions, vault, person.facilitator_id)
        await chat.press_payload(f"g:vrecord:{visit_id}")
        await chat.press("Kemarin")
        assert "sebelum kunjungan diminta" in chat.text  # asked for today
        await chat.press("Hari ini")
        await chat.send("Ibu Ani")
        await chat.send("Baik.")
        await chat.press("Lewati")
        await chat.press("Lewati")
        async with unit_of_work(sessions) as session:
            staff = await make_staff(session)
            await cancel_visit(
                session, visit_id, Actor(ActorRole.BACK_OFFICE, staff_id=staff.id), now=utcnow()
            )
        await chat.press("Kirim catatan kunjungan")
        assert "tidak lagi menunggu" in chat.text

    async def test_anothers_visit_is_not_found(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await bound(chat, sessions)
        other = await _facilitator_elsewhere(sessions)
        visit_id = await _taken_visit(sessions, vault, other)
        await chat.press_payload(f"g:vrecord:{visit_id}")
        assert "tidak ditemukan di antara tugas Anda" in chat.text
        await chat.press_payload(f"g:vtake:{visit_id}")
        assert "sudah diambil oleh Dewi Lestari" in chat.text


async def _facilitator_elsewhere(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Another facilitator of the same kelurahan (no chat)."""
    async with unit_of_work(sessions) as session:
        other = Facilitator(full_name="Dewi Lestari", phone="+6281399990001",
                            kelurahan_code="32.71.04.1003")  # fmt: skip
        session.add(other)
        await session.flush()
        return other.id
