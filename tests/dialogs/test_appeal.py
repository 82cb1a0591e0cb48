"""Appealing a resolution: the 'Appeal' button or /banding, a reason, Send, and the refusals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus, StatusEvent
from backend.clock import utcnow
from backend.complaints.service import fire_event
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from dialogs.flows.appeal import APPEAL
from dialogs.i18n import LANGUAGES, has_message
from tests.dialogs.test_flow_diagrams import drawing_of, drawn_edges
from tests.dialogs.test_rating import (
    OTHER_CHAT,
    RESOLUTION,
    RESOLVED,
    audit_of,
    complaint,
    complaint_of_chat,
)
from tests.fixtures.chat import ChatDriver

REASON = "Bantuan belum juga cair sampai hari ini."


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def last_event(sessions: async_sessionmaker[AsyncSession], ticket: str) -> StatusEvent:
    """The complaint's latest status event."""
    async with sessions() as session:
        statement = (
            select(StatusEvent).join(Complaint, Complaint.id == StatusEvent.complaint_id)
            .where(Complaint.ticket == ticket).order_by(StatusEvent.id.desc()).limit(1)
        )  # fmt: skip
        return (await session.execute(statement)).scalar_one()


async def write_reason_and_send(chat: ChatDriver, reason: str = REASON) -> None:
    """Answers the reason question and presses Send."""
    assert "Ceritakan dengan singkat" in chat.text, chat.text
    await chat.send(reason)
    assert reason in chat.text and "Periksa kembali banding Anda" in chat.text
    await chat.press("Kirim banding")


class TestAppealingAResolution:
    """The chat that filed a resolved complaint appeals it; review starts again."""

    async def test_the_button_asks_a_reason_shows_it_back_and_sends_it(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        assert f"Banding untuk pengaduan {ticket}" in chat.text and RESOLUTION in chat.text
        await write_reason_and_send(chat)
        assert f"banding Anda untuk pengaduan {ticket} sudah kami terima" in chat.text
        assert "Status: Ditelaah" in chat.text and "Perkiraan selesai" in chat.text
        appealed = await complaint(sessions, ticket)
        assert (appealed.status, appealed.appeal_count) == (ComplaintStatus.IN_REVIEW, 1)
        event = await last_event(sessions, ticket)
        assert (event.event, event.from_status, event.to_status) == (
            "appeal", ComplaintStatus.RESOLVED, ComplaintStatus.IN_REVIEW,
        )  # fmt: skip
        assert (event.public_note, event.actor_role) == (REASON, "citizen")
        assert event.actor_citizen_id == appealed.citizen_id
        [record] = await audit_of(sessions, "complaint.appeal")
        assert (record.actor_role, record.object_id) == ("citizen", ticket)

    @pytest.mark.parametrize("command", ["/banding", "/appeal"])
    async def test_the_command_goes_straight_to_the_only_appealable_complaint(
        self,
        chat: ChatDriver,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        command: str,
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await complaint_of_chat(sessions, vault, chat.chat_id, through=("start_review",))
        await chat.send(command)
        assert f"Banding untuk pengaduan {ticket}" in chat.text
        await write_reason_and_send(chat)
        assert (await complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW

    async def test_the_command_with_a_ticket_appeals_that_one(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send(f"/banding {ticket.lower()}")
        await write_reason_and_send(chat)
        assert (await complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW

    async def test_with_two_resolved_complaints_the_chosen_ticket_is_appealed(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        first = await complaint_of_chat(sessions, vault, chat.chat_id)
        second = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/banding")
        assert "Pengaduan mana" in chat.text and first in chat.text and second in chat.text
        labels = {button.label for reply in chat.replies for row in reply.buttons for button in row}
        assert labels == {first, second}
        await chat.send("yang kedua")
        assert "pilih salah satu tombol" in chat.text
        await chat.press(second)
        assert f"Banding untuk pengaduan {second}" in chat.text
        await write_reason_and_send(chat)
        assert (await complaint(sessions, second)).status == ComplaintStatus.IN_REVIEW
        assert (await complaint(sessions, first)).status == ComplaintStatus.RESOLVED

    async def test_with_two_resolved_complaints_the_button_decides(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        first = await complaint_of_chat(sessions, vault, chat.chat_id)
        second = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{first}")
        await write_reason_and_send(chat)
        assert (await complaint(sessions, first)).status == ComplaintStatus.IN_REVIEW
        assert (await complaint(sessions, second)).status == ComplaintStatus.RESOLVED

    async def test_the_reason_can_be_written_again_before_sending(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send("Bantuan belum cair.")
        await chat.press("Ubah alasan")
        await write_reason_and_send(
            chat, "Nama penerima di kartu salah, jadi tidak bisa dicairkan."
        )
        event = await last_event(sessions, ticket)
        assert event.public_note == "Nama penerima di kartu salah, jadi tidak bisa dicairkan."

    async def test_cancel_sends_nothing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send(REASON)
        await chat.press("Batalkan")
        assert "Banding dibatalkan" in chat.text
        assert (await complaint(sessions, ticket)).status == ComplaintStatus.RESOLVED
        assert (await last_event(sessions, ticket)).event == "resolve"
        assert await audit_of(sessions, "complaint.appeal") == []
        await chat.send("halo")
        assert "Selamat datang" in chat.text

    async def test_in_english(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/language")
        await chat.press("English")
        await chat.press_payload(f"g:appeal:{ticket}")
        assert f"Appeal for complaint {ticket}" in chat.text
        await chat.send(REASON)
        await chat.press("Send appeal")
        assert "we have received your appeal" in chat.text and "Status: In review" in chat.text


class TestTheReasonQuestion:
    """The reason is typed text of a few words; anything else is explained and asked again."""

    async def test_a_sticker_or_a_photo_gets_the_usual_reask(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send_sticker()
        assert (
            "hanya bisa membaca pesan teks" in chat.text and "Ceritakan dengan singkat" in chat.text
        )
        await chat.send_file("photo")
        assert (
            "hanya bisa membaca pesan teks" in chat.text and "Ceritakan dengan singkat" in chat.text
        )
        await write_reason_and_send(chat)
        assert (await complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW

    async def test_a_voice_note_may_be_the_reason(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        # Issue 17: spoken instead of typed, kept with the appeal's status event.
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "sebagai alasan banding" in chat.text and "Periksa kembali banding" in chat.text
        await chat.press("Kirim banding")
        event = await last_event(sessions, ticket)
        assert event.event == "appeal" and "pesan suara" in (event.public_note or "")
        async with sessions() as session:
            kept = (await session.scalars(select(Attachment))).one()
        assert (kept.mime_type, kept.status_event_id) == ("audio/ogg", event.id)

    async def test_a_reason_too_short_is_asked_again(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send("tidak")
        assert "terlalu singkat" in chat.text and "Ceritakan dengan singkat" in chat.text

    async def test_a_reason_longer_than_a_note_is_asked_again(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send("Bantuan belum cair. " * 120)
        assert "terlalu panjang" in chat.text and "Ceritakan dengan singkat" in chat.text

    async def test_help_and_back_explain_and_return(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send("/bantuan")
        assert (
            "menelaah ulang hasil penanganan" in chat.text
            and "Ceritakan dengan singkat" in chat.text
        )
        await chat.send(REASON)
        await chat.send("/kembali")
        assert "Ceritakan dengan singkat" in chat.text


class TestAnAppealThatCannotBeMade:
    """Refusals say kindly why, and how else to object; nothing changes."""

    async def _unchanged(
        self, sessions: async_sessionmaker[AsyncSession], ticket: str, status: ComplaintStatus
    ) -> None:
        assert (await complaint(sessions, ticket)).status == status
        assert await audit_of(sessions, "complaint.appeal") == []

    async def test_after_the_window_the_office_and_a_new_complaint_are_offered(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(
            sessions, vault, chat.chat_id, at=utcnow() - timedelta(days=15)
        )
        await chat.press_payload(f"g:appeal:{ticket}")
        assert "tidak dapat lagi diajukan" in chat.text and "14 hari" in chat.text
        assert "KTP dan KK" in chat.text and "/lapor" in chat.text
        assert "Ceritakan" not in chat.text
        await self._unchanged(sessions, ticket, ComplaintStatus.RESOLVED)

    async def test_the_window_running_out_while_typing_is_refused_at_send(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, services: DialogServices
    ) -> None:
        resolved_at = utcnow() - timedelta(days=30)
        clock = Clock(resolved_at + timedelta(days=13, hours=23))
        chat = ChatDriver(DialogEngine(sessions, services, clock=clock))
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id, at=resolved_at)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send(REASON)
        clock.now += timedelta(hours=2)
        await chat.press("Kirim banding")
        assert "tidak dapat lagi diajukan" in chat.text and "KTP dan KK" in chat.text
        await self._unchanged(sessions, ticket, ComplaintStatus.RESOLVED)

    async def test_a_complaint_still_being_handled(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(
            sessions, vault, chat.chat_id, through=("start_review", "handle")
        )
        await chat.press_payload(f"g:appeal:{ticket}")
        assert f"Pengaduan {ticket} masih diproses (status: Ditangani)" in chat.text
        await self._unchanged(sessions, ticket, ComplaintStatus.IN_PROGRESS)

    async def test_a_closed_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(
            sessions, vault, chat.chat_id, through=(*RESOLVED, "close")
        )
        await chat.send(f"/banding {ticket}")
        assert (
            "berstatus Ditutup" in chat.text and "KTP dan KK" in chat.text and "/lapor" in chat.text
        )
        await self._unchanged(sessions, ticket, ComplaintStatus.CLOSED)

    async def test_staff_closing_it_while_the_reason_is_typed(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:appeal:{ticket}")
        await chat.send(REASON)
        async with sessions() as session:
            closing = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
            assert closing is not None
            await fire_event(session, closing, "close", Actor(ActorRole.BACK_OFFICE))
            await session.commit()
        await chat.press("Kirim banding")
        assert "berstatus Ditutup" in chat.text and "KTP dan KK" in chat.text
        await self._unchanged(sessions, ticket, ComplaintStatus.CLOSED)

    async def test_another_chats_complaint_is_treated_as_unknown(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, OTHER_CHAT)
        await chat.press_payload(f"g:appeal:{ticket}")
        assert "tidak kami temukan di chat ini" in chat.text
        await chat.send(f"/banding {ticket}")
        assert "tidak kami temukan di chat ini" in chat.text
        await self._unchanged(sessions, ticket, ComplaintStatus.RESOLVED)

    async def test_nothing_to_appeal(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await complaint_of_chat(sessions, vault, chat.chat_id, through=("start_review",))
        await complaint_of_chat(sessions, vault, chat.chat_id, at=utcnow() - timedelta(days=20))
        await chat.send("/banding")
        assert "tidak ada pengaduan Anda yang dapat diajukan banding" in chat.text


class TestTheAppealButtonDuringAnotherFlow:
    """A filing in progress is not thrown away: the citizen finishes or cancels it first."""

    async def test_the_intake_goes_on_and_the_button_works_afterwards(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press_payload(f"g:appeal:{ticket}")
        assert "selesaikan dulu langkah ini" in chat.replies[0].text
        assert "untuk siapa" in chat.replies[-1].text
        await chat.send("/batal")
        await chat.press_payload(f"g:appeal:{ticket}")
        assert f"Banding untuk pengaduan {ticket}" in chat.text

    async def test_from_the_status_flow_the_appeal_starts(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/status")
        await chat.press_payload(f"g:appeal:{ticket}")
        assert f"Banding untuk pengaduan {ticket}" in chat.text


class TestTheAppealFlowDrawing:
    """appeal.mmd is the machine of the appeal flow, and every step is explained in both languages."""

    def test_drawing_equals_the_generated_diagram(self) -> None:
        assert drawing_of("appeal") == APPEAL.mermaid()

    def test_every_arrow_is_a_transition_and_every_transition_is_drawn(self) -> None:
        drawn = {edge for edge in drawn_edges("appeal") if "[*]" not in edge[:2]}
        assert drawn == APPEAL.edges()

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_help_of_every_step_and_the_command_exist(self, language: str) -> None:
        keys = [step.help_key for step in APPEAL.steps.values()] + ["command-banding"]
        assert [key for key in keys if not has_message(language, key)] == []

    def test_the_engine_runs_the_appeal_flow(self, dialog_engine: DialogEngine) -> None:
        assert dialog_engine.flows["appeal"] is APPEAL
