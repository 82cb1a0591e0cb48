"""One guard for /status and /dataku: failures of every chat count against the ticket."""

from __future__ import annotations

from dialogs.engine import DialogEngine
from tests.fixtures.chat import ChatDriver, file_complete_complaint

LOCKED = "terlalu sering dicoba"


class TestAcrossChats:
    """Telegram chats each have three tries, but a ticket has five a day between them all."""

    async def test_failures_of_several_chats_lock_the_ticket_for_every_chat(
        self, chat: ChatDriver, dialog_engine: DialogEngine
    ) -> None:
        ticket = await file_complete_complaint(chat)
        first = ChatDriver(dialog_engine, chat_id="8880001")
        await first.send(ticket)
        for guess in ("1111", "2222", "3333"):
            await first.send(guess)
        assert "tidak dapat dilihat lewat chat hari ini" in first.text
        second = ChatDriver(dialog_engine, chat_id="8880002")
        await second.send(ticket)
        await second.send("4444")
        assert "tidak cocok" in second.text and LOCKED not in second.text
        await second.send("5555")
        assert "tidak dapat dilihat lewat chat hari ini" in second.text
        third = ChatDriver(dialog_engine, chat_id="8880003")
        await third.send(ticket)
        assert LOCKED in third.text
        await third.send("0001")
        assert "Status:" not in third.text
        # The chat that filed it sees its complaint without a proof ...
        await chat.send(ticket)
        assert f"Tiket {ticket}" in chat.text and "Status: Diterima" in chat.text
        # ... but /dataku needs one, and the ticket is locked today.
        await chat.send("/dataku")
        assert "data pribadi tidak dapat ditampilkan" in chat.text and LOCKED in chat.text
        await chat.send("0001")
        assert "3271********0001" not in chat.text
