"""Bar and column charts as inline SVG, drawn on the server: no script, no stylesheet of their own.

Each chart names itself to screen readers (role="img" labelled by its <title>
and <desc>); the page puts its numbers beside it in a table. Colours come from
classes that panel.css styles, because the Content-Security-Policy refuses
inline styles; sizes are in the viewBox, so a chart shrinks with the screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 560
LABEL_WIDTH = 200
VALUE_WIDTH = 84
ROW_HEIGHT = 26
BAR_HEIGHT = 17
PAD = 6
COLUMN_HEIGHT = 190
COLUMN_LABEL_HEIGHT = 34
COLUMN_VALUE_HEIGHT = 18
MAX_LABEL_CHARACTERS = 25
# At most this many labels under a column chart; the others are left out, not squeezed.
MAX_COLUMN_LABELS = 7


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of a chart's table; `href` leads to the queue filtered to it."""

    cells: list[str]
    href: str | None


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart of the dashboard, with the table that holds its numbers."""

    chart_id: str
    title: str
    note: str
    svg: Markup | None
    columns: list[str]
    rows: list[TableRow]
    # (bar class, words) of a chart whose bars have parts.
    legend: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """A part of a bar: its value and the class that colours it."""

    value: float
    css: str


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar (or column): its label, its parts, and the figure written beside it.

    `long_label` and `long_value`, when given, are what a pointer's tooltip and the
    chart's description say instead of the short forms drawn.
    """

    label: str
    segments: tuple[Segment, ...]
    value_text: str
    long_label: str | None = None
    long_value: str | None = None

    @property
    def spoken(self) -> str:
        """The bar in words: label and figure, in full."""
        return f"{self.long_label or self.label}: {self.long_value or self.value_text}"

    @property
    def total(self) -> float:
        """The length of the whole bar."""
        return sum(segment.value for segment in self.segments)


def _short(label: str, limit: int = MAX_LABEL_CHARACTERS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    safe_id = escape(chart_id)
    head = (
        f'<svg class="chart" id="{safe_id}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {_number(height)}" role="img" '
        f'aria-labelledby="{safe_id}-title {safe_id}-desc">'
        f'<title id="{safe_id}-title">{escape(title)}</title>'
        f'<desc id="{safe_id}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one per row, labels on the left and the figure after each bar."""
    longest = max((bar.total for bar in bars), default=0) or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = PAD * 2 + ROW_HEIGHT * max(len(bars), 1)
    body = []
    for row, bar in enumerate(bars):
        top = PAD + row * ROW_HEIGHT
        middle = top + BAR_HEIGHT / 2
        parts = [
            f"<title>{escape(bar.spoken)}</title>",
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{_number(middle)}" '
            f'text-anchor="end" dominant-baseline="central">{escape(_short(bar.label))}</text>',
        ]
        x = float(LABEL_WIDTH)
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            # A non-zero value stays visible however small it is beside the longest.
            width = max(track * segment.value / longest, 2)
            parts.append(
                f'<rect class="{escape(segment.css)}" x="{_number(x)}" y="{top}" '
                f'width="{_number(width)}" height="{BAR_HEIGHT}" rx="2"/>'
            )
            x += width
        parts.append(
            f'<text class="chart-value" x="{_number(x + 6)}" y="{_number(middle)}" '
            f'dominant-baseline="central">{escape(bar.value_text)}</text>'
        )
        body.append(f'<g class="chart-row">{"".join(parts)}</g>')
    body.append(
        f'<line class="chart-axis" x1="{LABEL_WIDTH}" y1="{PAD - 2}" '
        f'x2="{LABEL_WIDTH}" y2="{height - PAD + 2}"/>'
    )
    return _frame(chart_id, title, desc, height, body)


def column_chart(chart_id: str, title: str, desc: str, columns: Sequence[Bar]) -> Markup:
    """Vertical columns left to right (time), the figure above each, some labels below."""
    count = max(len(columns), 1)
    slot = (WIDTH - 2 * PAD) / count
    column_width = max(slot * 0.7, 2)
    baseline = COLUMN_VALUE_HEIGHT + COLUMN_HEIGHT
    height = baseline + COLUMN_LABEL_HEIGHT
    highest = max((column.total for column in columns), default=0) or 1
    label_every = math.ceil(count / MAX_COLUMN_LABELS)
    show_values = count <= 2 * MAX_COLUMN_LABELS
    body = []
    for index, column in enumerate(columns):
        left = PAD + index * slot + (slot - column_width) / 2
        centre = left + column_width / 2
        parts = [f"<title>{escape(column.spoken)}</title>"]
        top = float(baseline)
        for segment in column.segments:
            if segment.value <= 0:
                continue
            length = max(COLUMN_HEIGHT * segment.value / highest, 2)
            top -= length
            parts.append(
                f'<rect class="{escape(segment.css)}" x="{_number(left)}" y="{_number(top)}" '
                f'width="{_number(column_width)}" height="{_number(length)}" rx="2"/>'
            )
        if show_values:
            parts.append(
                f'<text class="chart-value" x="{_number(centre)}" y="{_number(top - 4)}" '
                f'text-anchor="middle">{escape(column.value_text)}</text>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text class="chart-label" x="{_number(centre)}" y="{baseline + 16}" '
                f'text-anchor="middle">{escape(_short(column.label, 8))}</text>'
            )
        body.append(f'<g class="chart-row">{"".join(parts)}</g>')
    body.append(
        f'<line class="chart-axis" x1="{PAD}" y1="{baseline}" x2="{WIDTH - PAD}" y2="{baseline}"/>'
    )
    return _frame(chart_id, title, desc, height, body)
