"""The lifecycle of docs/ARCHITECTURE.md written out independently of the code under test.

The tests compare backend/complaints/lifecycle.py against this table, so a
change to who may do what has to be made twice: here on purpose, there in code.
"""

from __future__ import annotations

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.complaints.lifecycle import Outcome
from backend.complaints.service import EventDetails

R = ActorRole
WORKERS = {R.BACK_OFFICE, R.SUPERVISOR, R.ADMIN}
MANAGERS = {R.SUPERVISOR, R.ADMIN}

# (status, event) -> (status after, roles that may fire it)
EXPECTED: dict[tuple[S, str], tuple[S, set[ActorRole]]] = {
    (S.PENDING_APPROVAL, "approve"): (S.RECEIVED, MANAGERS),
    (S.RECEIVED, "start_review"): (S.IN_REVIEW, WORKERS),
    (S.IN_REVIEW, "request_info"): (S.NEEDS_INFO, WORKERS),
    (S.NEEDS_INFO, "provide_info"): (
        S.IN_REVIEW,
        WORKERS | {R.CITIZEN, R.FACILITATOR, R.FRONT_OFFICE},
    ),
    (S.IN_REVIEW, "handle"): (S.IN_PROGRESS, WORKERS),
    (S.IN_REVIEW, "refer"): (S.REFERRED, WORKERS),
    # record_outcome's destination follows the outcome given; see FULL_DETAILS.
    (S.REFERRED, "record_outcome"): (S.RESOLVED, WORKERS | {R.AGENCY}),
    (S.IN_PROGRESS, "resolve"): (S.RESOLVED, WORKERS),
    (S.RESOLVED, "close"): (S.CLOSED, WORKERS | {R.CITIZEN, R.SYSTEM}),
    (S.RECEIVED, "reject"): (S.REJECTED, WORKERS),
    (S.IN_REVIEW, "reject"): (S.REJECTED, WORKERS),
    (S.NEEDS_INFO, "reject"): (S.REJECTED, WORKERS),
    (S.PENDING_APPROVAL, "reject"): (S.REJECTED, MANAGERS),
    (S.RESOLVED, "appeal"): (S.IN_REVIEW, {R.CITIZEN, R.FACILITATOR, R.FRONT_OFFICE}),
}

EVENTS = (
    "approve", "start_review", "request_info", "provide_info", "handle", "refer",
    "record_outcome", "resolve", "close", "reject", "appeal",
)  # fmt: skip

# Everything any event may need, so a refusal can only come from status or role.
FULL_DETAILS = EventDetails(
    note="Mohon lampirkan foto KK.",
    internal_note="Cek ke koordinator PKH.",
    reason="Data tidak sesuai.",
    agency="pkh",
    resolution="Bantuan sudah dicairkan.",
    outcome=Outcome.RESOLVED,
)


def actor_for(role: ActorRole, complaint: Complaint, staff_id: int) -> Actor:
    """An actor of `role` who is entitled to the complaint as far as ownership goes."""
    if role == R.CITIZEN:
        return Actor(role, citizen_id=complaint.citizen_id)
    if role == R.FACILITATOR:
        return Actor(role, facilitator_id=complaint.facilitator_id)
    if role == R.SYSTEM:
        return Actor(role)
    return Actor(role, staff_id=staff_id)


def expected_outbox_rows(role: ActorRole) -> int:
    """Rows an allowed event writes for a complaint with a citizen chat and a facilitator chat."""
    to_citizen = 0 if role == R.CITIZEN else 1
    to_facilitator = 0 if role == R.FACILITATOR else 1
    return to_citizen + to_facilitator
