"""The IKM of PermenPAN-RB 14/2017 on a fixed data set checked by hand, and its grade bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.satisfaction.ikm import ELEMENTS, Grade, compute_ikm, grade_of

# Five respondents; the fifth skipped cost (U4) and conduct (U7).
RESPONSES = [
    (4, 3, 3, 4, 3, 3, 4, 3, 3),
    (3, 3, 2, 4, 3, 3, 3, 3, 3),
    (4, 4, 3, 4, 4, 4, 4, 3, 4),
    (3, 2, 2, 4, 3, 3, 3, 2, 3),
    (3, 3, 3, None, 3, 4, None, 3, 3),
]
# By hand: the sums per element are 17 15 13 16 16 17 14 14 16 over 5 5 5 4 5 5 4 5 5 answers,
# so the means are 3.4 3.0 2.6 4.0 3.2 3.4 3.5 2.8 3.2. Their sum is 29.1; 29.1 / 9 = 3.2333...
# and x 25 = 80.8333..., published as 80.83: grade B (76.61-88.30).
HAND_MEANS = [
    "3.4000",
    "3.0000",
    "2.6000",
    "4.0000",
    "3.2000",
    "3.4000",
    "3.5000",
    "2.8000",
    "3.2000",
]


class TestTheIkmOfAFixedDataSet:
    """The mean per element over those who answered it, weighted 1/9, times 25."""

    def test_the_value_is_the_one_computed_by_hand(self) -> None:
        result = compute_ikm(RESPONSES)
        assert result.ikm == Decimal("80.83")
        assert result.grade == Grade.B
        assert result.respondents == 5

    def test_each_element_has_its_mean_and_the_number_who_answered_it(self) -> None:
        result = compute_ikm(RESPONSES)
        assert [e.element for e in result.elements] == list(ELEMENTS)
        assert [str(e.mean) for e in result.elements] == HAND_MEANS
        assert [e.answered for e in result.elements] == [5, 5, 5, 4, 5, 5, 4, 5, 5]

    def test_all_fours_is_one_hundred_and_all_ones_twenty_five(self) -> None:
        assert compute_ikm([(4,) * 9]).ikm == Decimal("100.00")
        assert compute_ikm([(1,) * 9]).grade == Grade.D
        assert compute_ikm([(1,) * 9]).ikm == Decimal("25.00")

    def test_a_response_with_every_element_skipped_is_no_respondent(self) -> None:
        result = compute_ikm([*RESPONSES, (None,) * 9])
        assert result.respondents == 5
        assert result.ikm == Decimal("80.83")

    def test_nobody_at_all_gives_no_index(self) -> None:
        result = compute_ikm([])
        assert (result.respondents, result.ikm, result.grade) == (0, None, None)
        assert all(e.mean is None and e.answered == 0 for e in result.elements)

    def test_an_element_nobody_answered_drops_out_and_the_rest_share_the_weight(self) -> None:
        # Cost skipped by all: the eight others, all 3, still give 75.00 (not 8/9 of it).
        result = compute_ikm([(3, 3, 3, None, 3, 3, 3, 3, 3)] * 2)
        assert result.ikm == Decimal("75.00")
        assert result.elements[3].mean is None

    @pytest.mark.parametrize("response", [(5,) * 9, (0,) * 9, (3,) * 8, (3,) * 10, (True,) * 9])
    def test_a_score_outside_one_to_four_or_a_wrong_length_is_refused(
        self, response: tuple[object, ...]
    ) -> None:
        with pytest.raises(ValueError):
            compute_ikm([response])  # type: ignore[list-item]


class TestTheGradeBands:
    """D 25.00-64.99, C 65.00-76.60, B 76.61-88.30, A 88.31-100.00 (on the published value)."""

    @pytest.mark.parametrize(
        ("value", "grade"),
        [
            ("25.00", Grade.D), ("64.99", Grade.D), ("65.00", Grade.C), ("76.60", Grade.C),
            ("76.61", Grade.B), ("88.30", Grade.B), ("88.31", Grade.A), ("100.00", Grade.A),
            # Read as published: 64.995 is shown as 65.00, so it is C; 76.604 shows 76.60.
            ("64.995", Grade.C), ("64.994", Grade.D), ("76.604", Grade.C), ("88.305", Grade.A),
        ],
    )  # fmt: skip
    def test_each_edge(self, value: str, grade: Grade) -> None:
        assert grade_of(Decimal(value)) == grade
