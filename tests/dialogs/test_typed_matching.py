"""The rule that reads a typed text as a button (dialogs/typed.py), on its own."""

from __future__ import annotations

import pytest

from dialogs.typed import match_button

CONSENT = [("✅ Setuju", "1:consent:yes"), ("Tidak setuju", "1:consent:no")]
BLOCKS = [("Blok A1", "1:b:a1"), ("Blok A2", "1:b:a2")]


class TestMatchingATypedLabel:
    """Case, spaces, emoji and small typos aside; unsure means no button."""

    @pytest.mark.parametrize(
        ("typed", "payload"),
        [
            ("setuju", "1:consent:yes"), ("  SETUJU!! ", "1:consent:yes"),
            ("stuju", "1:consent:yes"), ("tidak setuju", "1:consent:no"),
            ("tdk setuju", "1:consent:no"), ("1", "1:consent:yes"), ("2", "1:consent:no"),
        ],
    )  # fmt: skip
    def test_names_its_button(self, typed: str, payload: str) -> None:
        assert match_button(typed, CONSENT, numbers=True) == payload

    @pytest.mark.parametrize(
        "typed", ["3", "0", "01", "0001", "١", "ya", "", "🙏", "saya setuju sekali dengan itu"]
    )
    def test_names_no_button(self, typed: str) -> None:
        assert match_button(typed, CONSENT, numbers=True) is None

    def test_the_first_words_of_one_label_only(self) -> None:
        for_whom = [
            ("Untuk diri sendiri", "1:for:self"),
            ("Untuk anggota keluarga lain", "1:for:m"),
        ]
        assert match_button("untuk diri", for_whom, numbers=True) == "1:for:self"
        assert match_button("untuk", for_whom, numbers=True) is None  # both start so

    def test_two_buttons_equally_close_are_no_choice(self) -> None:
        assert match_button("blok a3", BLOCKS, numbers=True) is None
        assert match_button("blok a2", BLOCKS, numbers=True) == "1:b:a2"

    def test_numbers_only_where_the_question_takes_no_text(self) -> None:
        assert match_button("1", CONSENT, numbers=False) is None

    def test_skip_words_press_a_skip_button_only(self) -> None:
        skip = [("Lewati", "1:skip:")]
        assert match_button("skip", skip, numbers=False, skip_labels=frozenset({"lewati"})) == (
            "1:skip:"
        )
        assert match_button("skip", CONSENT, numbers=False, skip_labels=frozenset()) is None
