"""Time in one place: UTC for storage, Western Indonesia Time (WIB) for people."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Kota Bogor is in WIB; every date a citizen or staff member reads is a WIB date.
LOCAL_ZONE = ZoneInfo("Asia/Jakarta")


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


def local_date(instant: datetime) -> date:
    """The calendar date in Kota Bogor at the given instant."""
    return instant.astimezone(LOCAL_ZONE).date()
