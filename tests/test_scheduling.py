"""The order of the tests for the workers (tests/fixtures/scheduling.py)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fixtures.scheduling import share_sizes, spread


@dataclass(frozen=True)
class _Test:
    nodeid: str


FLOOD = [_Test(f"tests/resilience/test_flood.py::test_flood[{n}]") for n in range(3)]
FUZZ = [_Test(f"tests/dialogs/test_fuzz.py::test_fuzz[{n}]") for n in range(2)]
QUICK = [_Test(f"tests/backend/test_quick.py::test_{n}") for n in range(20)]


class TestSpread:
    def test_each_share_starts_with_its_long_tests_the_longest_dealt_first(self) -> None:
        ordered = spread([*QUICK[:10], *FUZZ, *QUICK[10:], *FLOOD], workers=4)
        starts = [sum(share_sizes(len(ordered), 4)[:n]) for n in range(4)]
        assert [ordered[start] for start in starts] == [*FLOOD, FUZZ[0]]
        assert ordered[starts[0] + 1] == FUZZ[1]

    def test_the_other_tests_keep_their_order_and_none_is_lost(self) -> None:
        ordered = spread([*QUICK[:10], *FUZZ, *QUICK[10:], *FLOOD], workers=4)
        assert sorted(ordered, key=lambda test: test.nodeid) == sorted(
            [*QUICK, *FUZZ, *FLOOD], key=lambda test: test.nodeid
        )
        assert [test for test in ordered if test in QUICK] == QUICK

    def test_one_worker_runs_the_long_tests_first(self) -> None:
        assert spread([*QUICK[:3], *FLOOD[:1]], workers=1) == [FLOOD[0], *QUICK[:3]]

    def test_the_shares_are_as_even_as_the_scheduler_makes_them(self) -> None:
        assert share_sizes(10, 4) == [2, 2, 3, 3]
        assert sum(share_sizes(5955, 4)) == 5955
