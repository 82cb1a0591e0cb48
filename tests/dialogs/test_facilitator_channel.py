"""A facilitator is offered only what the chat and the answers can honour, in words for the chat."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.facilitators.models import AssistedFiling, HouseholdReach
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from tests.dialogs.test_facilitator_dialogs import bound, start_filing
from tests.fixtures.chat import ChatDriver
from tests.fixtures.facilitator_helpers import HOUSEHOLD_DESCRIPTION, invited


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    """Dialog services that know the bot's username (for the household's t.me link)."""
    return DialogServices(vault=vault, bot_username="slrt_bogor_bot")


def labels(chat: ChatDriver) -> list[str]:
    return [b.label for r in chat.replies for row in r.buttons for b in row]


async def up_to_reach(chat: ChatDriver, phone: str | None) -> None:
    """A filing as far as the question of how the household will hear."""
    await start_filing(chat)
    await chat.send("Siti Aminah")
    await chat.send("3271046501900001")
    await chat.press("Lewati")
    if phone:
        await chat.send(phone)
    else:
        await chat.press("tidak punya HP")
    await chat.press("Bubulak")
    await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
    await chat.press("Keluarga Harapan")
    await chat.send(HOUSEHOLD_DESCRIPTION)
    await chat.press("Lewati")
    assert "menerima kabar" in chat.text, chat.text


class TestWordsForTheChat:
    """In the web chat a facilitator is not told about a Telegram account they do not use."""

    async def test_the_web_chat_is_this_chat(
        self, dialog_engine: DialogEngine, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        web = ChatDriver(dialog_engine, chat_id="w" * 40, channel="web")
        person = await invited(sessions, name="Rina Marlina")
        await web.send(person.start)
        assert "Chat ini sekarang terhubung sebagai fasilitator" in web.text, web.text
        await web.send(person.start)
        assert "Chat ini sudah terhubung" in web.text, web.text
        assert "Telegram" not in "\n".join(reply.text for reply in web.history)

        # In Telegram the chat is a Telegram account, and is called so.
        telegram = ChatDriver(dialog_engine, chat_id="5550777")
        await bound(telegram, sessions, name="Dewi Lestari")
        assert "Akun Telegram ini sekarang terhubung" in telegram.text


class TestReachingTheHousehold:
    """Calling the household is offered only when its number was given."""

    async def test_without_a_phone_number_no_call_is_offered(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await up_to_reach(chat, phone=None)
        assert not any("Telepon" in label for label in labels(chat)), labels(chat)
        assert any("Hanya lewat saya" in label for label in labels(chat))

    async def test_removing_the_number_from_the_summary_asks_the_way_again(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await up_to_reach(chat, phone="081298765432")
        await chat.press("Telepon ke nomor HP warga")  # offered: the number was given
        await chat.press("Hari ini")
        assert "Periksa kembali data pengaduan warga" in chat.text
        await chat.press("✏️ No. HP")
        await chat.press("tidak punya HP")
        # The way by phone went with the number: the way is asked again, without it.
        assert "menerima kabar" in chat.text, chat.text
        assert not any("Telepon" in label for label in labels(chat)), labels(chat)
        await chat.press("Hanya lewat saya")
        assert "Periksa kembali data pengaduan warga" in chat.text
        await chat.press("Kirim untuk persetujuan")
        async with sessions() as session:
            filing = (await session.scalars(select(AssistedFiling))).one()
            assert filing.reach == HouseholdReach.FACILITATOR
