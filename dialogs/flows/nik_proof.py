"""Proving who one is in a chat: the last four digits of the NIK, three tries a day.

Shared by /status (another chat's complaint) and /dataku (one's own data). Failures
are counted per chat over a day, across both flows and across attempts, so the
four digits cannot be guessed by starting again or by switching flows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from backend.citizens.models import Citizen
from dialogs.context import Context

MAX_VERIFY_TRIES = 3
VERIFY_WINDOW = timedelta(days=1)
# Kept when a flow ends (dialogs.context.PERSISTENT_KEYS).
FAILURES_KEY = "_verify_failures"


class Proof(StrEnum):
    """What came of one try."""

    PROVEN = "proven"
    WRONG = "wrong"
    # Too many wrong tries today: no more are taken.
    BLOCKED = "blocked"


def proof_blocked(ctx: Context) -> bool:
    """Whether this chat used up its tries of the last day."""
    since = ctx.now - VERIFY_WINDOW
    recent = [at for at in ctx.data.get(FAILURES_KEY, []) if datetime.fromisoformat(at) > since]
    return len(recent) >= MAX_VERIFY_TRIES


async def check_nik_digits(ctx: Context, citizen_id: int | None, typed: str) -> Proof:
    """Compares what was typed with the last four digits of the person's NIK; a wrong try counts."""
    digits = "".join(typed.split())
    citizen = await ctx.session.get(Citizen, citizen_id) if citizen_id is not None else None
    nik = (
        ctx.services.vault.decrypt(citizen.nik_ciphertext)
        if citizen is not None and citizen.nik_ciphertext
        else None
    )
    if nik is not None and digits == nik[-4:] and not proof_blocked(ctx):
        return Proof.PROVEN
    failures = [*ctx.data.get(FAILURES_KEY, []), ctx.now.isoformat()]
    ctx.data[FAILURES_KEY] = failures[-MAX_VERIFY_TRIES:]
    return Proof.BLOCKED if proof_blocked(ctx) else Proof.WRONG
