"""The complaint lifecycle: one table of transitions, one machine built from it.

`lifecycle.mmd` beside this file draws the same table; a test keeps them equal, and
another keeps the copy in docs/ARCHITECTURE.md equal to both.
Who may fire an event, and what it needs, is part of each row, so the rules of
the lifecycle can be read in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from transitions import Machine, MachineError

from backend.actors import ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S

R = ActorRole


class LifecycleEvent(StrEnum):
    """Events that move a complaint (names are a contract: docs/ARCHITECTURE.md, Contracts)."""

    APPROVE = "approve"
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    PROVIDE_INFO = "provide_info"
    HANDLE = "handle"
    REFER = "refer"
    RECORD_OUTCOME = "record_outcome"
    RESOLVE = "resolve"
    CLOSE = "close"
    REJECT = "reject"
    APPEAL = "appeal"


class Outcome(StrEnum):
    """What an agency's answer to a referral means for the complaint."""

    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


E = LifecycleEvent
WORKERS = frozenset({R.BACK_OFFICE, R.SUPERVISOR, R.ADMIN})
MANAGERS = frozenset({R.SUPERVISOR, R.ADMIN})
# An agency answers its referral through the answer link (backend/complaints/agency_answers.py).
ANSWERERS = WORKERS | {R.AGENCY}


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the lifecycle: from where, to where, by whom, needing what."""

    event: LifecycleEvent
    sources: tuple[S, ...]
    dest: S
    roles: frozenset[ActorRole]
    requires: tuple[str, ...] = ()
    # record_outcome leads to two places; the outcome given chooses the row.
    outcome: Outcome | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition(E.APPROVE, (S.PENDING_APPROVAL,), S.RECEIVED, MANAGERS),
    Transition(E.START_REVIEW, (S.RECEIVED,), S.IN_REVIEW, WORKERS),
    Transition(E.REQUEST_INFO, (S.IN_REVIEW,), S.NEEDS_INFO, WORKERS, requires=("note",)),
    Transition(
        E.PROVIDE_INFO,
        (S.NEEDS_INFO,),
        S.IN_REVIEW,
        WORKERS | {R.CITIZEN, R.FACILITATOR, R.FRONT_OFFICE},
    ),
    Transition(E.HANDLE, (S.IN_REVIEW,), S.IN_PROGRESS, WORKERS),
    Transition(E.REFER, (S.IN_REVIEW,), S.REFERRED, WORKERS, requires=("agency",)),
    Transition(
        E.RECORD_OUTCOME, (S.REFERRED,), S.IN_PROGRESS, ANSWERERS,
        requires=("outcome",), outcome=Outcome.IN_PROGRESS,
    ),
    Transition(
        E.RECORD_OUTCOME, (S.REFERRED,), S.RESOLVED, ANSWERERS,
        requires=("outcome", "resolution"), outcome=Outcome.RESOLVED,
    ),
    Transition(E.RESOLVE, (S.IN_PROGRESS,), S.RESOLVED, WORKERS, requires=("resolution",)),
    Transition(E.CLOSE, (S.RESOLVED,), S.CLOSED, WORKERS | {R.CITIZEN, R.SYSTEM}),
    Transition(
        E.REJECT, (S.RECEIVED, S.IN_REVIEW, S.NEEDS_INFO), S.REJECTED, WORKERS,
        requires=("reason",),
    ),
    # Only a supervisor turns down a facilitator's filing.
    Transition(E.REJECT, (S.PENDING_APPROVAL,), S.REJECTED, MANAGERS, requires=("reason",)),
    Transition(
        E.APPEAL, (S.RESOLVED,), S.IN_REVIEW, frozenset({R.CITIZEN, R.FACILITATOR, R.FRONT_OFFICE}),
        requires=("reason",),
    ),
)  # fmt: skip

# Statuses in which the complaint is still being worked on.
OPEN_STATUSES = frozenset(
    {S.PENDING_APPROVAL, S.RECEIVED, S.IN_REVIEW, S.NEEDS_INFO, S.IN_PROGRESS, S.REFERRED}
)


class _Subject:
    """What the machine moves: the status, and the outcome that picks a branch."""

    def __init__(self, outcome: Outcome | None) -> None:
        self.outcome = outcome

    def is_outcome_resolved(self) -> bool:
        return self.outcome == Outcome.RESOLVED

    def is_outcome_in_progress(self) -> bool:
        return self.outcome == Outcome.IN_PROGRESS


_CONDITION_OF = {
    Outcome.RESOLVED: "is_outcome_resolved",
    Outcome.IN_PROGRESS: "is_outcome_in_progress",
}


def _build_machine() -> Machine:
    machine = Machine(
        model=None,
        states=list(S),
        initial=S.RECEIVED,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )
    for row in TRANSITIONS:
        machine.add_transition(
            trigger=row.event.value,
            source=list(row.sources),
            dest=row.dest,
            conditions=[_CONDITION_OF[row.outcome]] if row.outcome else [],
        )
    return machine


MACHINE = _build_machine()


def next_status(current: S, event: LifecycleEvent, outcome: Outcome | None = None) -> S | None:
    """Where the machine takes a complaint in `current` on `event`, or None if it cannot."""
    subject = _Subject(outcome)
    MACHINE.add_model(subject, initial=current)
    try:
        moved = subject.trigger(event.value)  # type: ignore[attr-defined]
    except MachineError:
        return None
    finally:
        MACHINE.remove_model(subject)
    return subject.state if moved else None  # type: ignore[attr-defined]


def transitions_from(current: S) -> tuple[Transition, ...]:
    """Rows of the table that start in `current`."""
    return tuple(row for row in TRANSITIONS if current in row.sources)


def rows_for(current: S, event: LifecycleEvent) -> tuple[Transition, ...]:
    """Rows for `event` from `current` (two for record_outcome, else at most one)."""
    return tuple(row for row in transitions_from(current) if row.event == event)


def events_allowed(current: S, role: ActorRole) -> list[LifecycleEvent]:
    """Events `role` may fire from `current`, in the table's order, without duplicates."""
    allowed: list[LifecycleEvent] = []
    for row in transitions_from(current):
        if role in row.roles and row.event not in allowed:
            allowed.append(row.event)
    return allowed


def appeal_window_passed(complaint: Complaint, window_days: int, now: datetime) -> bool:
    """Whether the days to appeal a resolution have run out (the one check every path uses)."""
    if complaint.status != S.RESOLVED:
        return False
    # A complaint resolved before resolved_at was recorded counts from its last change.
    resolved_at = complaint.resolved_at or complaint.updated_at
    return now > resolved_at + timedelta(days=window_days)
