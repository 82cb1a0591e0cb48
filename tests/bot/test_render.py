"""Rendering replies for Telegram: escaping, splitting, keyboards, limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.render import render, split_text
from dialogs.events import Button, Reply


class TestEscaping:
    """User text is always shown literally in HTML parse mode."""

    def test_script_and_ampersand_are_escaped(self) -> None:
        [message] = render(Reply("<script>alert(1)</script> & <b>"))
        assert message.text == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"


class TestSplitting:
    """Text over 4,096 characters is split at line breaks; nothing is lost."""

    def test_short_text_is_one_piece(self) -> None:
        assert split_text("Halo") == ["Halo"]

    def test_long_text_is_split_at_line_breaks(self) -> None:
        text = "\n".join(f"baris {n} " + "x" * 50 for n in range(200))
        pieces = split_text(text)
        assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)
        assert "\n".join(pieces) == text

    @given(st.text(min_size=1, max_size=12000))
    def test_every_piece_fits_and_the_text_survives(self, text: str) -> None:
        pieces = split_text(text)
        assert all(len(piece) <= 4096 for piece in pieces)
        assert "".join(pieces).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
            " ", ""
        )

    def test_escaped_pieces_still_fit_after_telegram_decodes_them(self) -> None:
        messages = render(Reply("&" * 5000))
        assert len(messages) == 2
        assert all(len(m.text.replace("&amp;", "&")) <= 4096 for m in messages)


class TestKeyboards:
    """Inline buttons go with the last piece; a contact request becomes a reply keyboard."""

    def test_inline_buttons_on_the_last_piece(self) -> None:
        reply = Reply("x\n" * 3000, buttons=((Button("Ya", "1:ok:yes"),),))
        messages = render(reply)
        assert messages[0].inline_keyboard is None
        assert messages[-1].inline_keyboard == ((("Ya", "1:ok:yes"),),)

    def test_contact_request(self) -> None:
        [message] = render(Reply("Nomor?", request_contact="Kirim nomor saya"))
        assert message.keyboard is not None and message.keyboard[0][0].request_contact

    def test_remove_keyboard(self) -> None:
        [message] = render(Reply("Dicatat", remove_keyboard=True))
        assert message.remove_keyboard and message.keyboard is None

    def test_callback_data_over_64_bytes_is_refused(self) -> None:
        with pytest.raises(ValueError, match="64 bytes"):
            render(Reply("x", buttons=((Button("Ya", "é" * 40),),)))

    def test_more_than_100_buttons_is_refused(self) -> None:
        rows = tuple((Button(str(n), str(n)),) for n in range(101))
        with pytest.raises(ValueError, match="100"):
            render(Reply("x", buttons=rows))
