"""The engine's guarantees: state in the database, repeats dropped, one event at a time per chat."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.conversations.models import Conversation
from dialogs.engine import DialogEngine, DialogServices
from dialogs.events import Event, EventKind
from tests.fixtures.chat import ChatDriver, file_complete_complaint


async def _conversation(sessions: async_sessionmaker[AsyncSession], chat_id: str) -> Conversation:
    async with sessions() as session:
        statement = select(Conversation).where(
            Conversation.channel == Channel.TELEGRAM, Conversation.chat_id == chat_id
        )
        return (await session.execute(statement)).scalar_one()


class TestStateLivesInTheDatabase:
    """A new engine (a restart, another worker) continues every conversation where it was."""

    async def test_resume_after_the_engine_is_rebuilt_mid_dialog(
        self, sessions: async_sessionmaker[AsyncSession], services: DialogServices
    ) -> None:
        first = ChatDriver(DialogEngine(sessions, services))
        await first.send("/lapor")
        await first.press("Setuju")
        await first.press("diri sendiri")
        await first.send("Siti Aminah")
        stored = await _conversation(sessions, first.chat_id)
        assert (stored.flow, stored.step) == ("intake", "nik")
        assert "3271" not in str(stored.data)
        restarted = ChatDriver(DialogEngine(sessions, services), replies=first.replies)
        await restarted.send("3271046501900001")
        assert "nomor KK" in restarted.text
        for label in ("Lewati",):
            await restarted.press(label)
        await restarted.send("081234567890")
        await restarted.press("Bogor Barat")
        await restarted.press("Bubulak")
        await restarted.send("Jl. Mawar No. 5, RT 02/RW 03")
        await restarted.press("Keluarga Harapan")
        await restarted.send("Bantuan PKH ibu saya tidak cair sejak Agustus.")
        await restarted.press("Lewati")
        assert "Nama: Siti Aminah" in restarted.text
        await restarted.press("Kirim pengaduan")
        assert "Nomor tiket" in restarted.text

    async def test_identity_numbers_in_the_dialog_state_are_encrypted(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        await chat.send("Siti Aminah")
        await chat.send("3271046501900001")
        await chat.send("3271040101200003")
        stored = await _conversation(sessions, chat.chat_id)
        assert "3271046501900001" not in str(stored.data)
        assert "3271040101200003" not in str(stored.data)


class TestRepeatedAndConcurrentEvents:
    """Telegram delivers at least once and may deliver two updates of a chat at once."""

    async def test_an_event_id_seen_before_is_dropped_without_a_reply(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        event = Event.from_text("telegram", chat.chat_id, "/start", "same-id")
        assert await chat.engine.handle(
            Event(
                "telegram",
                chat.chat_id,
                EventKind.BUTTON,
                "press-1",
                payload=chat.button("diri sendiri").payload,
            )
        )
        assert (
            await chat.engine.handle(
                Event("telegram", chat.chat_id, EventKind.BUTTON, "press-1", payload="x")
            )
            == []
        )
        assert await chat.engine.handle(event)
        assert await chat.engine.handle(event) == []
        stored = await _conversation(sessions, chat.chat_id)
        assert stored.last_event_id == "same-id"

    async def test_the_same_submit_delivered_twice_files_one_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await file_complete_complaint(chat)
        # The "Kirim" press again, with a new event id (a double tap): the button is old now.
        await chat.send("/status")
        async with sessions() as session:
            assert len((await session.execute(select(Complaint))).scalars().all()) == 1

    @pytest.mark.own_database  # connections racing each other
    async def test_two_events_of_one_chat_at_once_are_handled_one_after_the_other(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        payload = chat.button("Setuju").payload
        presses = [
            Event("telegram", chat.chat_id, EventKind.BUTTON, f"tap-{n}", payload=payload)
            for n in range(2)
        ]
        results = await asyncio.gather(*(chat.engine.handle(event) for event in presses))
        texts = ["\n".join(reply.text for reply in replies) for replies in results]
        # One tap moves on; the other is recognised as a press on a question already answered.
        assert sum("untuk siapa" in text for text in texts) == 2
        assert sum("pesan lama" in text for text in texts) == 1
        stored = await _conversation(sessions, chat.chat_id)
        assert (stored.flow, stored.step) == ("intake", "for_whom")

    @pytest.mark.own_database  # connections racing each other
    async def test_different_chats_do_not_wait_for_each_other(
        self, dialog_engine: DialogEngine
    ) -> None:
        chats = [ChatDriver(dialog_engine, chat_id=str(9000 + n)) for n in range(5)]
        await asyncio.gather(
            *(
                file_complete_complaint(chat, nik=f"32710465019000{n + 10}")
                for n, chat in enumerate(chats)
            )
        )
        assert all("Nomor tiket" in chat.text for chat in chats)


class TestAfterADayAway:
    """A conversation idle for more than a day asks whether to continue or start again."""

    async def _idle(self, sessions: async_sessionmaker[AsyncSession], chat_id: str) -> None:
        async with sessions() as session:
            conversation = (
                await session.execute(select(Conversation).where(Conversation.chat_id == chat_id))
            ).scalar_one()
            conversation.updated_at = utcnow() - timedelta(days=2)
            await session.commit()

    async def _at_nik(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        await chat.send("Siti Aminah")

    async def test_continue_keeps_the_answers(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await self._at_nik(chat)
        await self._idle(sessions, chat.chat_id)
        await chat.send("3271046501900001")
        assert "sejak kemarin" in chat.text
        await chat.press("Lanjutkan")
        assert "Ketik NIK" in chat.text
        await chat.send("3271046501900001")
        assert "nomor KK" in chat.text

    async def test_start_again_begins_with_consent(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await self._at_nik(chat)
        await self._idle(sessions, chat.chat_id)
        await chat.send("halo")
        await chat.press("Mulai dari awal")
        assert "Sebelum mulai" in chat.text


class TestMenuAndLanguage:
    """The greeting, the menu, unknown commands and switching language."""

    async def test_start_greets_and_shows_the_menu(self, chat: ChatDriver) -> None:
        await chat.send("/start")
        assert "SLRT" in chat.text
        await chat.press("Buat pengaduan")
        assert "Sebelum mulai" in chat.text

    async def test_unknown_command_is_explained(self, chat: ChatDriver) -> None:
        await chat.send("/terbang")
        assert "tidak dikenal" in chat.text

    async def test_bahasa_switches_to_english_and_back(self, chat: ChatDriver) -> None:
        await chat.send("/bahasa")
        await chat.press("English")
        assert "now English" in chat.text
        await chat.send("/lapor")
        assert "Before we start" in chat.text
        await chat.send("/bahasa")
        await chat.press("Bahasa Indonesia")
        await chat.send("/menu")
        assert "Silakan pilih" in chat.text

    async def test_english_hint_of_a_new_chat_is_followed(
        self, dialog_engine: DialogEngine
    ) -> None:
        replies = await dialog_engine.handle(
            Event(
                "telegram",
                "777",
                EventKind.COMMAND,
                "e1",
                text="/start",
                command="start",
                language_hint="en-GB",
            )
        )
        assert "Welcome" in replies[0].text


class TestDeepLinks:
    """A /start payload goes to the part of the service that owns its prefix."""

    async def test_status_link_opens_the_complaint(self, chat: ChatDriver) -> None:
        ticket = await file_complete_complaint(chat)
        await chat.send(f"/start status_{ticket.replace('-', '')}")
        assert f"Tiket {ticket}" in chat.text

    async def test_a_registered_prefix_receives_the_rest_of_the_payload(
        self, chat: ChatDriver
    ) -> None:
        received: list[str] = []

        async def invitation(ctx, token: str) -> None:  # type: ignore[no-untyped-def]
            received.append(token)
            ctx.say("cancelled")

        chat.engine.add_deep_link("inv_", invitation)
        await chat.send("/start inv_abc123")
        assert received == ["abc123"]

    async def test_an_unknown_payload_just_greets(self, chat: ChatDriver) -> None:
        await chat.send("/start something-else")
        assert "Selamat datang" in chat.text
