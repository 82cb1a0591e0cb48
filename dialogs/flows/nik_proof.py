"""Proving who one is in a chat: the last four digits of the NIK behind a ticket.

Shared by /status (another chat's complaint) and /dataku (one's own data). Two
counts of wrong tries stand in the way of guessing:

- the look-up guard (`backend/complaints/lookup_guard.py`) counts failures in the
  database per ticket (5 a WIB day) and per origin (10 a day: a web client's
  address, a Telegram chat), across every chat, so new chats or cookies gain
  nothing;
- this chat's own three tries a day, kept in its state across both flows.

A ticket that no complaint has is asked about and refused exactly like one whose
digits are wrong, so a chat never learns whether a ticket exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from backend.citizens.models import Citizen
from backend.complaints.lookup_guard import (
    LookupOutcome,
    lookups_locked,
    origin_key,
    settle_lookup,
)
from dialogs.context import Context

MAX_VERIFY_TRIES = 3
VERIFY_WINDOW = timedelta(days=1)
# Kept when a flow ends (dialogs.context.PERSISTENT_KEYS).
FAILURES_KEY = "_verify_failures"


class Proof(StrEnum):
    """What came of one try."""

    PROVEN = "proven"
    WRONG = "wrong"
    # This wrong try used up the tries: no more are taken today.
    BLOCKED = "blocked"
    # Not tried: look-ups of the ticket, from this origin or by this chat are closed today.
    LOCKED = "locked"


def proof_blocked(ctx: Context) -> bool:
    """Whether this chat used up its tries of the last day."""
    since = ctx.now - VERIFY_WINDOW
    recent = [at for at in ctx.data.get(FAILURES_KEY, []) if datetime.fromisoformat(at) > since]
    return len(recent) >= MAX_VERIFY_TRIES


def _origin(ctx: Context) -> str:
    event = ctx.event
    return origin_key(
        ctx.services.vault, channel=event.channel, chat_id=event.chat_id, address=event.origin
    )


async def proof_closed(ctx: Context, ticket: str) -> bool:
    """Whether a proof for `ticket` cannot be tried now (asked before asking for the digits)."""
    return proof_blocked(ctx) or await lookups_locked(
        ctx.session, ticket=ticket, origin=_origin(ctx), now=ctx.now
    )


async def check_nik_digits(ctx: Context, ticket: str, citizen_id: int | None, typed: str) -> Proof:
    """Compares what was typed with the last four digits of the NIK of the person on `ticket`.

    `citizen_id` is None when no complaint has that ticket: the try counts as a wrong one.
    """
    digits = "".join(typed.split())
    citizen = await ctx.session.get(Citizen, citizen_id) if citizen_id is not None else None
    nik = (
        ctx.services.vault.decrypt(citizen.nik_ciphertext)
        if citizen is not None and citizen.nik_ciphertext
        else None
    )
    if proof_blocked(ctx):
        return Proof.LOCKED
    outcome = await settle_lookup(
        ctx.session,
        ticket=ticket,
        origin=_origin(ctx),
        now=ctx.now,
        matched=nik is not None and digits == nik[-4:],
    )
    if outcome == LookupOutcome.LOCKED:
        return Proof.LOCKED
    if outcome == LookupOutcome.MATCHED:
        return Proof.PROVEN
    failures = [*ctx.data.get(FAILURES_KEY, []), ctx.now.isoformat()]
    ctx.data[FAILURES_KEY] = failures[-MAX_VERIFY_TRIES:]
    if outcome == LookupOutcome.FAILED_AND_LOCKED or proof_blocked(ctx):
        return Proof.BLOCKED
    return Proof.WRONG
