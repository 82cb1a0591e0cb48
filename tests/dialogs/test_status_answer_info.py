"""Checking on complaints, answering staff questions, and the information pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import (
    Attachment,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    StatusEvent,
)
from backend.complaints.service import EventDetails, fire_event
from backend.info.models import InfoPage
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine
from tests.fixtures.chat import ChatDriver, file_complete_complaint, reach_summary


async def _staff_event(
    sessions: async_sessionmaker[AsyncSession], ticket: str, event: str, **details: str
) -> None:
    async with sessions() as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        await fire_event(
            session, complaint, event, Actor(ActorRole.BACK_OFFICE), EventDetails(**details)
        )
        await session.commit()


async def _complaint(sessions: async_sessionmaker[AsyncSession], ticket: str) -> Complaint:
    async with sessions() as session:
        return (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()


class TestCheckingStatus:
    """/status lists this chat's complaints; a typed ticket works anywhere."""

    async def test_status_lists_own_complaints_with_status_and_deadline(
        self, chat: ChatDriver
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await chat.send("/status")
        assert ticket in chat.text and "Diterima" in chat.text and "perkiraan selesai" in chat.text
        await chat.press(ticket)
        assert f"Tiket {ticket}" in chat.text and "Pembaruan terakhir" in chat.text

    async def test_status_follows_staff_changes(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff_event(sessions, ticket, "start_review")
        await chat.send(f"kak, gimana pengaduan {ticket.lower().replace('-', '')}?")
        assert "Status: Ditelaah" in chat.text

    async def test_no_complaints_yet(self, chat: ChatDriver) -> None:
        await chat.send("/status")
        assert "Belum ada pengaduan" in chat.text
        await chat.send("bukan tiket")
        assert "ketik nomor tiket" in chat.text

    async def test_another_chat_needs_the_last_four_nik_digits(
        self, chat: ChatDriver, dialog_engine: DialogEngine
    ) -> None:
        ticket = await file_complete_complaint(chat)
        stranger = ChatDriver(dialog_engine, chat_id="4440001")
        await stranger.send(ticket)
        assert "4 angka terakhir NIK" in stranger.text and "Diterima" not in stranger.text
        await stranger.send("1234")
        assert "tidak cocok" in stranger.text
        await stranger.send("0001")
        assert f"Tiket {ticket}" in stranger.text and "Diterima" in stranger.text

    async def test_three_wrong_tries_end_the_check(
        self, chat: ChatDriver, dialog_engine: DialogEngine
    ) -> None:
        ticket = await file_complete_complaint(chat)
        stranger = ChatDriver(dialog_engine, chat_id="4440002")
        await stranger.send(f"/status {ticket}")
        for _ in range(3):
            await stranger.send("9999")
        assert "datang ke kantor" in stranger.text
        await stranger.send("0001")
        assert f"Tiket {ticket}" not in stranger.text

    async def test_an_unknown_ticket_is_asked_about_like_any_other(self, chat: ChatDriver) -> None:
        # Whether a ticket exists is not told: the digits are asked for and refused.
        await chat.send("/status 261128-001T")
        assert "4 angka terakhir NIK" in chat.text and "tidak ditemukan" not in chat.text
        await chat.send("0001")
        assert "tidak cocok" in chat.text

    async def test_a_mistyped_ticket_is_not_found(self, chat: ChatDriver) -> None:
        # The check character catches a mistyped ticket before anything is looked up.
        await chat.send("/status 261128-001A")
        assert "tidak ditemukan" in chat.text


class TestAnsweringStaff:
    """When staff ask for more data, the citizen's next message answers and review resumes."""

    async def test_next_text_answers_the_question_and_fires_provide_info(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff_event(sessions, ticket, "start_review")
        await _staff_event(sessions, ticket, "request_info", note="Mohon kirim nomor KK.")
        await chat.send("/status")
        await chat.press(ticket)
        assert "Mohon kirim nomor KK." in chat.text
        assert "tertahan sampai Anda menjawab" in chat.text  # the date is on hold, and says so
        await chat.send("Nomor KK kami 3271040101200003")
        assert "Diterima (1)" in chat.text
        await chat.press("Selesai")
        assert "jawaban Anda sudah kami teruskan" in chat.text
        complaint = await _complaint(sessions, ticket)
        assert complaint.status == ComplaintStatus.IN_REVIEW
        async with sessions() as session:
            message = (await session.execute(select(ComplaintMessage))).scalar_one()
            last = (
                await session.execute(select(StatusEvent).order_by(StatusEvent.id.desc()).limit(1))
            ).scalar_one()
            mentions = (await session.execute(select(IdentityMention))).scalars().all()
        # The answer is kept masked; the KK it carries is kept encrypted beside the case.
        assert message.text == "Nomor KK kami 3271********0003"
        assert [(m.complaint_id, m.source, vault.decrypt(m.ciphertext)) for m in mentions] == [
            (complaint.id, "complaint_messages.text", "3271040101200003")
        ]
        assert (last.event, last.actor_role) == ("provide_info", "citizen")

    async def test_a_photo_can_be_the_answer(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff_event(sessions, ticket, "start_review")
        await _staff_event(sessions, ticket, "request_info", note="Mohon foto KK.")
        await chat.send("/jawab")
        assert "Mohon foto KK." in chat.text
        await chat.send_file("photo")
        await chat.press("Selesai")
        assert "jawaban Anda sudah kami teruskan" in chat.text
        async with sessions() as session:
            attachment = (await session.execute(select(Attachment))).scalar_one()
        assert attachment.status_event_id is not None
        assert (await _complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW

    async def test_the_answer_button_of_the_status_message_works(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff_event(sessions, ticket, "start_review")
        await _staff_event(sessions, ticket, "request_info", note="Sejak kapan?")
        await chat.press_payload(f"g:answer:{ticket}")
        assert "Sejak kapan?" in chat.text
        await chat.send("Sejak Agustus 2026.")
        await chat.send("selesai")
        assert (await _complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW

    async def test_nothing_waiting(self, chat: ChatDriver) -> None:
        await chat.send("/jawab")
        assert "tidak ada pertanyaan petugas" in chat.text


class TestDuplicateGuard:
    """An open complaint with the same NIK and category is offered instead of a new one."""

    async def _file_again(self, chat: ChatDriver) -> None:
        await reach_summary(chat, description="Sudah tiga bulan bantuan belum juga cair.")
        await chat.press("Kirim pengaduan")

    async def test_details_can_be_added_to_the_open_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await self._file_again(chat)
        assert ticket in chat.text and "masih diproses" in chat.text
        await chat.press("Tambahkan")
        assert f"ditambahkan ke pengaduan {ticket}" in chat.text
        async with sessions() as session:
            assert len((await session.execute(select(Complaint))).scalars().all()) == 1
            message = (await session.execute(select(ComplaintMessage))).scalar_one()
        assert message.text == "Sudah tiga bulan bantuan belum juga cair."

    async def test_or_filed_as_a_new_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await file_complete_complaint(chat)
        await self._file_again(chat)
        await chat.press("pengaduan baru")
        assert "Nomor tiket" in chat.text
        async with sessions() as session:
            assert len((await session.execute(select(Complaint))).scalars().all()) == 2


class TestInformation:
    """Information pages come from the database (admins edit them), deadlines from categories."""

    async def test_topics_pages_and_deadlines(self, chat: ChatDriver) -> None:
        await chat.send("/info")
        await chat.press("Cara kerja SLRT")
        assert "nomor tiket" in chat.text
        await chat.press("Program bantuan")
        assert "PKH" in chat.text and "BPNT" in chat.text
        await chat.press("Alamat dan jam")
        assert "Senin sampai Jumat" in chat.text
        await chat.press("Batas waktu")
        assert "Program Keluarga Harapan (PKH): ditelaah 3 hari" in chat.text
        await chat.press("Kembali ke menu")
        # Back at the menu means the menu's buttons, not "type /menu".
        assert "/menu" not in chat.text and chat.button("Buat pengaduan")

    async def test_an_edited_page_is_shown_as_edited(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async with sessions() as session:
            page = await session.get_one(InfoPage, ("office", "id"))
            page.body = "Loket pindah ke Jl. Baru No. 1 mulai Desember."
            await session.commit()
        await chat.send("/info")
        await chat.press("Alamat dan jam")
        assert "Loket pindah ke Jl. Baru No. 1" in chat.text
