"""The IKM (Indeks Kepuasan Masyarakat) as PermenPAN-RB 14/2017 computes it: one pure function.

Each of the nine elements (unsur) is scored 1-4 by a respondent. The mean score of
an element (nilai rata-rata, NRR) is taken over the respondents who answered it; the
elements are weighted equally (1/9 each); their weighted sum, times 25, is the IKM on
a 25-100 scale, graded A-D by the regulation's bands. docs/ikm.md says why skips are
left out rather than counted, and what happens when no one answered an element.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# The nine elements in the regulation's order (U1-U9).
ELEMENTS = (
    "requirements",  # persyaratan
    "procedure",  # sistem, mekanisme dan prosedur
    "turnaround",  # waktu penyelesaian
    "cost",  # biaya/tarif
    "product",  # produk spesifikasi jenis pelayanan
    "competence",  # kompetensi pelaksana
    "conduct",  # perilaku pelaksana
    "complaint_handling",  # penanganan pengaduan, saran dan masukan
    "facilities",  # sarana dan prasarana
)
SCORES = range(1, 5)
SCALE = Decimal(25)
CENTS = Decimal("0.01")
MEAN_PLACES = Decimal("0.0001")


class Grade(StrEnum):
    """Mutu pelayanan: the regulation's four grades of the converted IKM."""

    A = "A"  # sangat baik
    B = "B"  # baik
    C = "C"  # kurang baik
    D = "D"  # tidak baik


# Lowest converted IKM (two decimals) of each grade, best first; below C's floor is D.
GRADE_FLOORS = (
    (Decimal("88.31"), Grade.A),
    (Decimal("76.61"), Grade.B),
    (Decimal("65.00"), Grade.C),
)


def grade_of(ikm: Decimal) -> Grade:
    """The grade of an IKM, read on its value rounded to two decimals as it is published."""
    published = ikm.quantize(CENTS, rounding=ROUND_HALF_UP)
    for floor, grade in GRADE_FLOORS:
        if published >= floor:
            return grade
    return Grade.D


Answers = Sequence[int | None]


@dataclass(frozen=True, slots=True)
class ElementScore:
    """One element over the respondents: how many answered it and their mean (None: nobody)."""

    element: str
    answered: int
    mean: Decimal | None


@dataclass(frozen=True, slots=True)
class IkmResult:
    """The IKM of a group of respondents; `ikm` and `grade` are None when nobody scored."""

    respondents: int
    elements: tuple[ElementScore, ...]
    ikm: Decimal | None
    grade: Grade | None


def compute_ikm(responses: Iterable[Answers]) -> IkmResult:
    """The IKM of these responses, each nine scores (1-4, None where skipped) in ELEMENTS' order.

    A respondent is a response with at least one score. An element's mean is over those who
    answered it; elements nobody answered drop out and the rest share the weight equally
    (1/9 each when all nine were answered, the regulation's case).
    """
    totals = [0] * len(ELEMENTS)
    counts = [0] * len(ELEMENTS)
    respondents = 0
    for answers in responses:
        if len(answers) != len(ELEMENTS):
            raise ValueError(f"a response has {len(ELEMENTS)} scores, not {len(answers)}")
        scored = False
        for index, score in enumerate(answers):
            if score is None:
                continue
            if isinstance(score, bool) or score not in SCORES:
                raise ValueError(f"a score is 1 to 4, not {score!r}")
            totals[index] += score
            counts[index] += 1
            scored = True
        respondents += scored
    means = [
        Decimal(total) / Decimal(count) if count else None
        for total, count in zip(totals, counts, strict=True)
    ]
    elements = tuple(
        ElementScore(
            name, count, None if mean is None else mean.quantize(MEAN_PLACES, ROUND_HALF_UP)
        )
        for name, count, mean in zip(ELEMENTS, counts, means, strict=True)
    )
    answered = [mean for mean in means if mean is not None]
    if not answered:
        return IkmResult(respondents, elements, None, None)
    # Sum of NRR x 1/9 over the nine, times 25; computed as one division to stay exact.
    ikm = (sum(answered, Decimal(0)) * SCALE / Decimal(len(answered))).quantize(
        CENTS, rounding=ROUND_HALF_UP
    )
    return IkmResult(respondents, elements, ikm, grade_of(ikm))
