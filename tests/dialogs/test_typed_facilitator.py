"""A facilitator types what a button says, too (issue 17), through the engine."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from dialogs.engine import DialogServices
from tests.dialogs.test_facilitator_dialogs import BOT, bound
from tests.fixtures.chat import ChatDriver


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    return DialogServices(vault=vault, bot_username=BOT)


class TestAFacilitatorTypesTheButtons:
    """Consent, "lewati" at the KK, "lewati" at the phone (Warga tidak punya HP), a kelurahan."""

    async def test_typed_answers_to_an_assisted_filing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await chat.send("ajukan pengaduan untuk warga")
        assert "atas nama warga" in chat.text
        await chat.send("warga setuju")
        await chat.send("Siti Aminah")
        await chat.send("3271046501900001")
        await chat.send("1")  # the KK step reads numbers: a (too short) KK, not Lewati
        assert "16 angka" in chat.text
        await chat.send("lewati")
        assert "nomor HP warga" in chat.text
        await chat.send("lewati")  # the phone's skip button: "Warga tidak punya HP"
        assert "kelurahan mana" in chat.text
        await chat.send("bubulak")
        assert "alamat" in chat.text.casefold()
