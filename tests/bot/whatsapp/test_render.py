"""Replies mapped onto what WhatsApp takes: buttons, lists, pieces (bot/whatsapp/render.py)."""

from __future__ import annotations

import pytest

from bot.whatsapp.render import TYPED_PREFIX, ListWords, render
from dialogs.events import Button, Reply

WORDS = ListWords("Pilih", "Pilihan lainnya:")


def _reply(*labels: str, text: str = "Pilih salah satu") -> Reply:
    return Reply(text, buttons=tuple((Button(label, f"p:{n}"),) for n, label in enumerate(labels)))


def test_three_short_choices_are_reply_buttons() -> None:
    [message] = render(_reply("Ya", "Tidak", "Batal"), WORDS)
    assert [(c.id, c.title) for c in message.buttons] == [
        ("p:0", "Ya"),
        ("p:1", "Tidak"),
        ("p:2", "Batal"),
    ]
    assert message.rows == ()


@pytest.mark.parametrize(
    "labels",
    [("A", "B", "C", "D"), ("Ya", "Label yang lebih dari dua puluh")],
    ids=["four", "long"],
)
def test_more_choices_or_a_long_label_make_a_list(labels: tuple[str, ...]) -> None:
    [message] = render(_reply(*labels), WORDS)
    assert message.buttons == () and len(message.rows) == len(labels)
    assert message.list_label == "Pilih"


def test_a_label_too_long_for_a_row_is_cut_and_kept_whole_below() -> None:
    label = "Program Keluarga Harapan (PKH)"
    [message] = render(_reply(label, "B", "C", "D"), WORDS)
    row = message.rows[0]
    assert row.title == "Program Keluarga Harapa…" and len(row.title) == 24
    assert row.description == label


def test_more_than_ten_choices_go_in_lists_of_ten() -> None:
    messages = render(_reply(*(f"Pilihan {n}" for n in range(23))), WORDS)
    assert [len(m.rows) for m in messages] == [10, 10, 3]
    assert [m.text for m in messages] == [
        "Pilih salah satu",
        "Pilihan lainnya:",
        "Pilihan lainnya:",
    ]


def test_long_text_goes_before_the_question_in_pieces() -> None:
    text = "\n".join(f"Baris {n} " + "x" * 90 for n in range(60))  # about 6,000 characters
    messages = render(_reply("Ya", "Tidak", text=text), WORDS)
    assert len(messages[-1].text) <= 1024 and all(len(m.text) <= 4096 for m in messages)
    assert messages[-1].buttons and not any(m.buttons for m in messages[:-1])
    assert "\n".join(m.text for m in messages) == text
    [plain] = render(Reply("x" * 4000), WORDS)
    assert len(plain.text) == 4000 and not plain.buttons and not plain.rows


def test_a_question_run_in_after_a_long_explanation_stays_whole_over_its_choices() -> None:
    # The engine runs a statement into the question after it (one message where it fits);
    # WhatsApp's choices hold 1,024 characters: the question goes over them whole.
    explanation = "\n".join(f"Baris {n} " + "x" * 90 for n in range(9))  # about 900 characters
    question = "Periksa kembali data pengaduan Anda:\n" + "Nama: Siti Aminah\n" * 20
    question += "\nBila sudah benar, tekan Kirim."
    messages = render(_reply("Kirim", "Ubah", text=f"{explanation}\n\n{question}"), WORDS)
    assert [m.text for m in messages] == [explanation, question]
    assert messages[-1].buttons


def test_a_reply_keyboard_comes_back_as_typed_text_and_a_contact_request_is_left_out() -> None:
    [message] = render(
        Reply("Lanjut?", keyboard=(("Ya", "Tidak"),), request_contact="Kirim nomor"), WORDS
    )
    assert [(c.id, c.title) for c in message.buttons] == [
        (f"{TYPED_PREFIX}Ya", "Ya"),
        (f"{TYPED_PREFIX}Tidak", "Tidak"),
    ]
