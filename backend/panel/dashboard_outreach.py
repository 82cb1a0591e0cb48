"""The dashboard's chart of complaints by source and kelurahan (backend/outreach/stats.py).

One bar per kelurahan whose poster brought complaints in the period, split by channel,
and one for the complaints without a poster;
its table sets beside them all the complaints of the kelurahan's households, so the
office sees where the posters work, and ends with the complaints without a poster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from backend.actors import Actor
from backend.casefiles.access import visible_to
from backend.complaints.stats import Period
from backend.outreach.stats import POSTER_CHANNELS, SourceRow, complaints_by_source
from backend.panel.dashboard_charts import Bar, Chart, Segment, TableRow, bar_chart
from backend.panel.i18n import Texts
from backend.panel.rendering import query_string

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

# Bar classes of the channels (dashboard.css has them).
CHANNEL_BARS = {"telegram": "bar", "web": "bar bar-open", "whatsapp": "bar bar-days"}
OTHER_BAR = "bar bar-days"


async def sources_chart(
    session: AsyncSession,
    actor: Actor,
    t: Texts,
    period: Period,
    number: Callable[[float], str],
) -> Chart:
    """Complaints of the period by poster (source) and channel, beside each kelurahan's total;
    of the complaints the reader sees (their areas)."""
    rows = await complaints_by_source(session, period.start, period.end, visible_to(actor))
    bars, table = [], []
    for row in rows:
        name = row.kelurahan_name or t("dashboard-no-source")
        cells = [name, *(number(row.by_channel[c]) for c in POSTER_CHANNELS), number(row.total)]
        cells.append("–" if row.from_kelurahan is None else number(row.from_kelurahan))
        table.append(TableRow(cells, _queue(period, row)))
        if row.total:
            segments = (
                *(Segment(row.by_channel[c], CHANNEL_BARS[c.value]) for c in POSTER_CHANNELS),
                Segment(row.other_channels, OTHER_BAR),
            )
            bars.append(Bar(name, segments, number(row.total)))
    title = t("dashboard-by-source")
    items = "; ".join(bar.spoken for bar in bars) or t("dashboard-no-data")
    svg = bar_chart("chart-source", title, t("dashboard-chart-desc", items=items), bars)
    columns = [
        t("dashboard-source"), *(t(f"channel-{c.value}") for c in POSTER_CHANNELS),
        t("dashboard-source-total"), t("dashboard-source-kelurahan"),
    ]  # fmt: skip
    legend = (
        *((CHANNEL_BARS[c.value], t(f"channel-{c.value}")) for c in POSTER_CHANNELS),
        (OTHER_BAR, t("dashboard-other-channels")),
    )
    return Chart(
        "chart-source", title, t("dashboard-by-source-note"), svg if bars else None, columns,
        table, legend,
    )  # fmt: skip


def _queue(period: Period, row: SourceRow) -> str | None:
    """The queue of the kelurahan's complaints in the period (all of them, not only the poster's)."""
    if row.kelurahan_code is None:
        return None
    params = {
        "kelurahan": row.kelurahan_code,
        "created_from": period.first_day.isoformat(),
        "created_to": period.last_day.isoformat(),
    }
    return "/panel?" + query_string(params)
