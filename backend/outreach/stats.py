"""Where outreach works: the complaints of a period by poster (source), channel and kelurahan.

One grouped count over the period's complaints (through the created_at index) gives,
per source and channel, the complaints that came through a kelurahan's poster; a
second gives the complaints of each kelurahan's households whatever their way in, so
the office can set one beside the other. The caller (the dashboard) checks the role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.outreach.sources import kelurahan_of_source
from backend.regions.models import Kecamatan, Kelurahan

# The channels a poster leads to, one column each (a WhatsApp channel joins them later).
POSTER_CHANNELS = (Channel.TELEGRAM, Channel.WEB, Channel.WHATSAPP)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A kelurahan's poster: complaints that came through it, by channel, beside all of its own.

    `kelurahan_code` None is the row of complaints without a poster (any kelurahan).
    """

    kelurahan_code: str | None
    kelurahan_name: str | None
    kecamatan_name: str | None
    by_channel: dict[Channel, int] = field(default_factory=dict)
    # Complaints through the poster in another channel than POSTER_CHANNELS.
    other_channels: int = 0
    # Complaints about households of this kelurahan, however they came (None: not counted).
    from_kelurahan: int | None = None

    @property
    def total(self) -> int:
        """Complaints through this poster (or without any), every channel."""
        return sum(self.by_channel.values()) + self.other_channels


async def complaints_by_source(
    session: AsyncSession, start: datetime, end: datetime, visible: ColumnElement[bool]
) -> list[SourceRow]:
    """Kelurahan whose poster or households had complaints filed in [start, end), the busiest
    posters first, then the row of complaints without a poster; of the complaints `visible`
    (the reader's, backend/casefiles/access.py)."""
    in_period = (Complaint.created_at >= start, Complaint.created_at < end, visible)
    by_source = Counter(
        {(source, channel): count for source, channel, count in await session.execute(
            select(Complaint.source, Complaint.channel, func.count())
            .where(*in_period).group_by(Complaint.source, Complaint.channel)
        )}
    )  # fmt: skip
    by_kelurahan: Counter[str | None] = Counter(
        {code: count for code, count in await session.execute(
            select(Complaint.kelurahan_code, func.count())
            .where(*in_period, Complaint.kelurahan_code.is_not(None))
            .group_by(Complaint.kelurahan_code)
        )}
    )  # fmt: skip
    poster: dict[str | None, Counter[Channel]] = {}
    for (source, channel), count in by_source.items():
        poster.setdefault(kelurahan_of_source(source), Counter())[channel] += count
    names = {
        code: (name, kecamatan)
        for code, name, kecamatan in await session.execute(
            select(Kelurahan.code, Kelurahan.name, Kecamatan.name).join(
                Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code
            )
        )
    }
    rows = [
        _row(code, names[code], poster.get(code, Counter()), by_kelurahan[code])
        for code in names
        if poster.get(code) or by_kelurahan[code]
    ]
    rows.sort(key=lambda row: (-row.total, -(row.from_kelurahan or 0), row.kelurahan_name or ""))
    if None in poster:
        rows.append(_row(None, (None, None), poster[None], None))
    return rows


def _row(
    code: str | None, names: tuple[str | None, str | None], channels: Counter[Channel],
    from_kelurahan: int | None,
) -> SourceRow:  # fmt: skip
    shown = {channel: channels[channel] for channel in POSTER_CHANNELS}
    others = sum(count for channel, count in channels.items() if channel not in POSTER_CHANNELS)
    return SourceRow(code, names[0], names[1], shown, others, from_kelurahan)
