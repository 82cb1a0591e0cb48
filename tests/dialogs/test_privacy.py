"""One chat never learns about, or changes, another chat's complaint."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintMessage, StatusEvent
from backend.citizens.models import Citizen
from backend.complaints.service import EventDetails, fire_event
from backend.notifications.models import OutboxMessage
from dialogs.engine import DialogEngine
from tests.fixtures.chat import ChatDriver, file_complete_complaint


async def _staff(
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


class TestAnotherChatsComplaint:
    """Typing someone else's NIK, ticket or a forged button reveals nothing of theirs."""

    async def test_the_duplicate_guard_does_not_reveal_another_chats_ticket(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket = await file_complete_complaint(chat)
        stranger = ChatDriver(dialog_engine, chat_id="6660001")
        await file_complete_complaint(stranger, description="Saya juga mau lapor soal PKH ini.")
        assert all(ticket not in reply.text for reply in stranger.history)
        async with sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Complaint)) == 2
            assert await session.scalar(select(func.count()).select_from(ComplaintMessage)) == 0
            citizen = (await session.execute(select(Citizen))).scalar_one()
        assert citizen.full_name == "Siti Aminah"

    async def test_a_forged_answer_button_shows_no_question(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff(sessions, ticket, "start_review")
        await _staff(sessions, ticket, "request_info", note="RAHASIA: nama ibu kandung?")
        stranger = ChatDriver(dialog_engine, chat_id="6660002")
        await stranger.press_payload(f"g:answer:{ticket}")
        assert "RAHASIA" not in stranger.text and "tidak ada pertanyaan" in stranger.text
        await stranger.press_payload(f"g:status:{ticket}")
        assert "RAHASIA" not in stranger.text

    async def test_the_nik_digits_show_the_status_but_not_the_staffs_words(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff(sessions, ticket, "start_review")
        await _staff(sessions, ticket, "request_info", note="RAHASIA: nama ibu kandung?")
        relative = ChatDriver(dialog_engine, chat_id="6660003")
        await relative.send(ticket)
        await relative.send("0001")
        assert "Perlu Data Tambahan" in relative.text and "RAHASIA" not in relative.text

    async def test_guessing_digits_is_blocked_for_a_day_across_attempts(
        self, chat: ChatDriver, dialog_engine: DialogEngine
    ) -> None:
        ticket = await file_complete_complaint(chat)
        guesser = ChatDriver(dialog_engine, chat_id="6660004")
        for guess in ("1111", "2222"):
            await guesser.send(f"/status {ticket}")
            await guesser.send(guess)
        await guesser.send(f"/status {ticket}")
        await guesser.send("3333")
        assert "datang ke kantor" in guesser.text
        await guesser.send(f"/status {ticket}")
        assert "datang ke kantor" in guesser.text
        await guesser.send("0001")
        assert f"Tiket {ticket}" not in guesser.text


class TestIdentityNumbersInNotes:
    """A NIK or KK written into a note or an answer is not copied around in full."""

    async def test_answer_text_stays_out_of_status_events_and_outbox(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await _staff(sessions, ticket, "start_review")
        await _staff(sessions, ticket, "request_info", note="Nomor KK 3271040101200003 benar?")
        await chat.send("Betul, KK kami 3271040101200003")
        async with sessions() as session:
            events = (await session.execute(select(StatusEvent))).scalars().all()
            outbox = (await session.execute(select(OutboxMessage))).scalars().all()
        text = " ".join(str(e.public_note) for e in events) + " ".join(
            str(o.params) for o in outbox
        )
        assert "3271040101200003" not in text
        assert "3271********0003" in text
