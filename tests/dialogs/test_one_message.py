"""An answer's plain messages run into the message after them (dialogs/events.py), and through
the engine /start is one message: the greeting with the menu's buttons under it."""

from __future__ import annotations

from dialogs.events import MAX_TEXT_LENGTH, Button, Reply, one_message_each
from tests.fixtures.chat import ChatDriver

QUESTION = Reply("Pilih satu", buttons=((Button("Ya", "p:1"),),))


class TestOneMessageEach:
    def test_plain_messages_run_into_the_question_after_them(self) -> None:
        joined = one_message_each([Reply("Terima kasih."), Reply("NIK valid."), QUESTION])
        assert joined == [
            Reply("Terima kasih.\n\nNIK valid.\n\nPilih satu", buttons=QUESTION.buttons)
        ]

    def test_a_message_with_a_keyboard_of_its_own_stays_apart(self) -> None:
        keyboards = [
            QUESTION,
            Reply("Nomor HP?", keyboard=(("Lewati",),)),
            Reply("Kirim nomor", request_contact="Bagikan nomor"),
            Reply("Keyboard ditutup.", remove_keyboard=True),
        ]
        for first in keyboards:
            assert one_message_each([first, Reply("Lanjut")]) == [first, Reply("Lanjut")]

    def test_a_plain_last_message_joins_nothing_after_it(self) -> None:
        assert one_message_each([QUESTION, Reply("Selesai.")]) == [QUESTION, Reply("Selesai.")]
        assert one_message_each([]) == []

    def test_what_would_not_fit_in_one_message_stays_apart(self) -> None:
        long = Reply("x" * (MAX_TEXT_LENGTH - len("\n\nPilih satu")))
        assert len(one_message_each([long, QUESTION])[0].text) == MAX_TEXT_LENGTH
        longer = Reply(long.text + "x")
        assert one_message_each([longer, QUESTION]) == [longer, QUESTION]


async def test_start_is_one_message_with_the_menu_under_the_greeting(chat: ChatDriver) -> None:
    [answer] = await chat.send("/start")
    assert answer.text.startswith("Selamat datang") and "Silakan pilih layanan" in answer.text
    assert "Buat pengaduan" in answer.buttons[0][0].label
