"""The facilitator's lists run over pages: my cases and the news to pass on, ◀ / ▶ beneath,
a typed ticket still opens a case, and anything else leaves the relay list (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.facilitators.models import Facilitator, Relay
from backend.security.crypto import Vault
from dialogs.engine import DialogServices
from dialogs.flows.facilitator_cases import PER_PAGE
from tests.dialogs.test_facilitator_dialogs import bound
from tests.fixtures.chat import ChatDriver
from tests.fixtures.factories import make_complaint

CASES = PER_PAGE + 2


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    """The engine's services (as the facilitator dialogs have them)."""
    return DialogServices(vault=vault)


async def _filed(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, facilitator_id: int, *, relays: bool
) -> list[str]:
    """CASES complaints filed by the facilitator (newest last), each with a relay if asked."""
    tickets = []
    async with unit_of_work(sessions) as session:
        facilitator = await session.get_one(Facilitator, facilitator_id)
        for _ in range(CASES):
            complaint = await make_complaint(session, vault, facilitator=facilitator)
            tickets.append(complaint.ticket)
            if relays:
                session.add(Relay(complaint_id=complaint.id, facilitator_id=facilitator_id))
    return tickets


class TestMyCasesInPages:
    """Newest first, PER_PAGE a page; the other page is a button away."""

    async def test_next_and_previous_page_and_a_typed_ticket(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        person = await bound(chat, sessions)
        tickets = await _filed(sessions, vault, person.facilitator_id, relays=False)
        await chat.send("/menu")
        await chat.press("Pengaduan dampingan saya")
        first = chat.text
        assert "Halaman 1 dari 2" in first
        assert all(ticket in first for ticket in tickets[-PER_PAGE:])
        assert not any(ticket in first for ticket in tickets[:2])
        await chat.press("Berikutnya")
        assert "Halaman 2 dari 2" in chat.text
        assert all(ticket in chat.text for ticket in tickets[:2])
        with pytest.raises(AssertionError, match="no button"):
            chat.button("Berikutnya")
        await chat.press("Sebelumnya")
        assert "Halaman 1 dari 2" in chat.text
        await chat.send(tickets[0])
        assert tickets[0] in chat.text and "Warga: Siti Aminah" in chat.text


class TestRelaysInPages:
    """The list stays open for ◀ / ▶ only; anything else goes to the menu as usual."""

    async def test_pages_then_something_else(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        person = await bound(chat, sessions)
        await _filed(sessions, vault, person.facilitator_id, relays=True)
        await chat.send("/menu")
        await chat.press(f"Kabar untuk disampaikan ({CASES})")
        assert f"({CASES})" in chat.text and "Halaman 1 dari 2" in chat.text
        assert chat.text.count("Siti Aminah") == PER_PAGE
        await chat.press("Berikutnya")
        assert "Halaman 2 dari 2" in chat.text and chat.text.count("Siti Aminah") == 2
        await chat.send("/menu")
        assert "Menu fasilitator" in chat.text
