"""The guard on ticket look-ups by "ticket + last four digits of the NIK".

Four digits are 10,000 guesses, and a ticket number is easy to make up (a date
and a serial), so failures are counted where no client can reset them: in the
database, per ticket and per origin, across every chat, channel and process.

- A ticket locks for look-ups after `TICKET_LIMIT` failures in a WIB day,
  whoever made them. A ticket no complaint has counts and locks the same way,
  so the lock never tells whether a ticket exists.
- An origin (a web client's address, a Telegram chat) locks after
  `ORIGIN_LIMIT` failures in a WIB day, whichever tickets they were for.
- Both open again at midnight WIB.

The flows compare the digits; this module decides whether the comparison may
count, and counts it. A correct answer while locked is refused like a wrong
one, so the lock cannot be used to test guesses.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.clock import local_date
from backend.complaints.lookup_failures import LookupFailureCount, LookupScope
from backend.security.crypto import Vault

TICKET_LIMIT = 5
# Many phones share one address behind a carrier's NAT: an origin gets twice a ticket's.
ORIGIN_LIMIT = 10
LIMITS = {LookupScope.TICKET: TICKET_LIMIT, LookupScope.ORIGIN: ORIGIN_LIMIT}
# IPv6 hands a household a /64; counting single addresses would give an attacker billions.
IPV6_PREFIX = 64


class LookupOutcome(StrEnum):
    """What came of one look-up."""

    MATCHED = "matched"
    FAILED = "failed"
    # This failure reached a limit: no more look-ups today.
    FAILED_AND_LOCKED = "failed_and_locked"
    # Refused without looking: the ticket or the origin is locked today.
    LOCKED = "locked"


def origin_key(vault: Vault, *, channel: str, chat_id: str, address: str | None) -> str:
    """The key failures from one origin are counted under: a web client's address, else the chat.

    Kept as a keyed digest, so the table holds no address or chat id.
    """
    if address:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            source = f"address:{address}"
        else:
            if ip.version == 6 and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            if ip.version == 6:
                source = f"ip:{ipaddress.ip_network(f'{ip}/{IPV6_PREFIX}', strict=False)}"
            else:
                source = f"ip:{ip}"
    else:
        source = f"chat:{channel}:{chat_id}"
    return vault.lookup_hash(f"lookup-origin:{source}")


def _keys(ticket: str, origin: str) -> tuple[tuple[LookupScope, str], ...]:
    # Always the ticket first, then the origin: transactions lock rows in one order.
    return ((LookupScope.TICKET, ticket), (LookupScope.ORIGIN, origin))


async def lookups_locked(session: AsyncSession, *, ticket: str, origin: str, now: datetime) -> bool:
    """Whether look-ups of `ticket`, or any from `origin`, are locked for the day of `now`."""
    day = local_date(now)
    for scope, key in _keys(ticket, origin):
        failures = await session.scalar(
            select(LookupFailureCount.failures).where(
                LookupFailureCount.scope == scope,
                LookupFailureCount.key == key,
                LookupFailureCount.day == day,
            )
        )
        if failures is not None and failures >= LIMITS[scope]:
            return True
    return False


async def settle_lookup(
    session: AsyncSession, *, ticket: str, origin: str, now: datetime, matched: bool
) -> LookupOutcome:
    """Decides one look-up whose digits did (`matched`) or did not match, counting a failure.

    The day's rows of the ticket and the origin stay locked until the caller's
    transaction ends, so look-ups of one ticket from many chats at once are
    decided one after another and cannot all slip under the limit together.
    """
    rows = [await _locked_row(session, scope, key, now) for scope, key in _keys(ticket, origin)]
    if any(row.failures >= LIMITS[row.scope] for row in rows):
        return LookupOutcome.LOCKED
    if matched:
        return LookupOutcome.MATCHED
    for row in rows:
        row.failures += 1
        row.last_failure_at = now
    if any(row.failures >= LIMITS[row.scope] for row in rows):
        return LookupOutcome.FAILED_AND_LOCKED
    return LookupOutcome.FAILED


async def _locked_row(
    session: AsyncSession, scope: LookupScope, key: str, now: datetime
) -> LookupFailureCount:
    """The day's row of (scope, key), made if missing, locked until commit.

    PostgreSQL locks the row (FOR UPDATE); SQLite's write transaction (BEGIN
    IMMEDIATE, backend/db.py) already keeps writers apart.
    """
    day = local_date(now)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(LookupFailureCount)
        .values(scope=scope, key=key, day=day, failures=0)
        .on_conflict_do_nothing(index_elements=["scope", "key", "day"])
    )
    statement = (
        select(LookupFailureCount)
        .where(
            LookupFailureCount.scope == scope,
            LookupFailureCount.key == key,
            LookupFailureCount.day == day,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one()


@dataclass(frozen=True, slots=True)
class TicketLookups:
    """Failed look-ups of one ticket, for staff."""

    failures_today: int
    failures_total: int
    locked_today: bool
    last_failure_at: datetime | None
    limit: int = TICKET_LIMIT


async def ticket_lookups(session: AsyncSession, ticket: str, now: datetime) -> TicketLookups:
    """How often look-ups of `ticket` failed today (WIB) and in all, and whether it is locked."""
    rows = list(
        await session.scalars(
            select(LookupFailureCount).where(
                LookupFailureCount.scope == LookupScope.TICKET, LookupFailureCount.key == ticket
            )
        )
    )
    today = sum(row.failures for row in rows if row.day == local_date(now))
    times = [row.last_failure_at for row in rows if row.last_failure_at is not None]
    return TicketLookups(
        failures_today=today,
        failures_total=sum(row.failures for row in rows),
        locked_today=today >= TICKET_LIMIT,
        last_failure_at=max(times, default=None),
    )
