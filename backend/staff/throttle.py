"""How fast sign-ins may fail: moving windows per address, per address and account, per account.

There is no lock a stranger can set off. Three counts of failed sign-ins (a wrong
password, an unknown email, a wrong two-factor code) are kept in moving windows
(the `limits` library, in memory or in Redis, backend/rate_limits.py):

- per client address, whatever the email: past `per_address` the address waits
  (answered 429 with Retry-After). It says nothing about any account.
- per address and email: past `per_pair` that address may not try that email
  until the window has moved on. The real person at another address never meets
  it, so hammering an account from elsewhere cannot keep its owner out.
- per email, from every address: past the much higher `per_account` ceiling,
  only addresses with no failure of their own on the email may still try. An
  attacker spread over many addresses gets one guess per address; the owner,
  signing in from an address that has not failed, still gets in.

Counts are keyed by the typed email, known or not, so an unknown email is throttled
exactly like an account; the email is hashed, so no address book builds up in the
store. A success forgets that address's failures on the account.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse

from backend.rate_limits import SharedRateLimiter

# A host holds a whole IPv6 /64: counting each of its addresses apart would give it 2**64 tries.
_IPV6_PREFIX = 64


@dataclass(frozen=True, slots=True)
class ThrottleLimits:
    """The windows, in the `limits` notation ("10/minute", "5 per 15 minutes")."""

    # An office behind one NAT address shares these; a script guessing across accounts does not.
    per_address: tuple[str, ...] = ("10/minute", "100/hour")
    per_pair: str = "5 per 15 minutes"
    per_account: str = "50/hour"


class SigninThrottle:
    """Counts failed sign-ins and says whether the next attempt may be checked at all."""

    def __init__(self, storage: str = "memory://", limits: ThrottleLimits | None = None) -> None:
        limits = limits or ThrottleLimits()
        self._limiter = SharedRateLimiter(storage)
        self._per_address = tuple(parse(text) for text in limits.per_address)
        self._per_pair = parse(limits.per_pair)
        self._per_account = parse(limits.per_account)

    async def address_wait(self, address: str | None) -> int | None:
        """Seconds this address must wait before its next sign-in, or None if it may try now."""
        key = address_key(address)
        waits = []
        for item in self._per_address:
            if not await self._limiter.test(item, "signin-address", key):
                waits.append(await self._seconds_to_wait(item, "signin-address", key))
        return max(waits) if waits else None

    async def account_refuses(self, address: str | None, email: str) -> bool:
        """Whether attempts on this email from this address are held back for now."""
        pair, account = pair_key(address, email), email_key(email)
        if not await self._limiter.test(self._per_pair, "signin-pair", pair):
            return True
        if await self._limiter.test(self._per_account, "signin-account", account):
            return False
        # Above the ceiling: only an address that has not failed on this email may go on.
        stats = await self._limiter.get_window_stats(self._per_pair, "signin-pair", pair)
        return stats.remaining < self._per_pair.amount

    async def record_failure(self, address: str | None, email: str) -> None:
        """Counts one failed sign-in in every window it belongs to."""
        for item in self._per_address:
            await self._limiter.hit(item, "signin-address", address_key(address))
        await self._limiter.hit(self._per_pair, "signin-pair", pair_key(address, email))
        await self._limiter.hit(self._per_account, "signin-account", email_key(email))

    async def record_success(self, address: str | None, email: str) -> None:
        """Forgets this address's failures on the account: its owner's typos do not pile up."""
        await self._limiter.clear(self._per_pair, "signin-pair", pair_key(address, email))

    async def _seconds_to_wait(self, item: RateLimitItem, *identifiers: str) -> int:
        stats = await self._limiter.get_window_stats(item, *identifiers)
        return max(1, math.ceil(stats.reset_time - time.time()))


def address_key(address: str | None) -> str:
    """The address as counted: an IPv4 address, or the /64 network of an IPv6 one."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{_IPV6_PREFIX}", strict=False))
    return str(parsed)


def email_key(email: str) -> str:
    """The email as counted: a digest of its normalised form, never the email itself."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]


def pair_key(address: str | None, email: str) -> str:
    """One address trying one email."""
    return f"{address_key(address)}|{email_key(email)}"
