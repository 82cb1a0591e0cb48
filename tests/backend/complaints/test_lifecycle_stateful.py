"""Random events by random roles: status, events, audit and outbox always agree."""

from __future__ import annotations

import asyncio
import itertools
import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from backend.actors import ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import ComplaintStatus, StatusEvent
from backend.complaints.lifecycle import Outcome
from backend.complaints.service import EventDetails, fire_event
from backend.db import create_engine, create_session_factory
from backend.errors import DomainError
from backend.notifications.models import OutboxMessage
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.complaints.lifecycle_spec import (
    EVENTS,
    EXPECTED,
    actor_for,
    expected_outbox_rows,
)
from tests.fixtures.factories import make_complaint, make_facilitator, make_staff

details_strategy = st.builds(
    EventDetails,
    note=st.sampled_from([None, "Mohon kirim foto KK."]),
    internal_note=st.sampled_from([None, "catatan internal"]),
    reason=st.sampled_from([None, "", "Alasan"]),
    agency=st.sampled_from([None, "pkh", "kemensos", "tidak-ada"]),
    resolution=st.sampled_from([None, "Selesai ditangani"]),
    outcome=st.sampled_from([None, Outcome.IN_PROGRESS, Outcome.RESOLVED]),
)


def _would_succeed(
    status: ComplaintStatus, event: str, role: ActorRole, details: EventDetails
) -> ComplaintStatus | None:
    """What the documented lifecycle (docs/ARCHITECTURE.md) says should happen, without the code."""
    expected = EXPECTED.get((status, event))
    if expected is None or role not in expected[1]:
        return None
    required = {
        "request_info": ["note"], "refer": ["agency"], "resolve": ["resolution"],
        "reject": ["reason"], "appeal": ["reason"], "record_outcome": ["outcome"],
    }.get(event, [])  # fmt: skip
    if event == "record_outcome" and details.outcome == Outcome.RESOLVED:
        required = ["outcome", "resolution"]
    if any(not getattr(details, name) for name in required):
        return None
    if event == "refer" and details.agency not in ("pkh", "kemensos"):
        return None
    if event == "record_outcome":
        return (
            ComplaintStatus.RESOLVED
            if details.outcome == Outcome.RESOLVED
            else ComplaintStatus.IN_PROGRESS
        )
    return expected[0]


class LifecycleMachine(RuleBasedStateMachine):
    """Drives one complaint with random events; the database is checked after every step."""

    database_url: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.runner = asyncio.Runner()
        self.engine = create_engine(self.database_url)
        self.session = create_session_factory(self.engine)()
        self.vault = Vault("stateful-test-data-key-0123456789abcdef")
        self.fired = 0
        self.outbox = 0

    @initialize(approved=st.booleans())
    def file_complaint(self, approved: bool) -> None:
        """A facilitator files (pending approval); often a supervisor approves at once."""

        async def create() -> None:
            staff = await make_staff(self.session, Role.ADMIN)
            self.staff_id = staff.id
            facilitator = await make_facilitator(self.session, chat_id=uuid.uuid4().hex[:10])
            self.complaint = await make_complaint(self.session, self.vault, facilitator=facilitator)
            if approved:
                admin = actor_for(ActorRole.ADMIN, self.complaint, self.staff_id)
                await fire_event(self.session, self.complaint, "approve", admin)
            await self.session.commit()

        self.runner.run(create())
        self.expected_status = ComplaintStatus.PENDING_APPROVAL
        if approved:
            self.expected_status = ComplaintStatus.RECEIVED
            self.fired += 1
            self.outbox += expected_outbox_rows(ActorRole.ADMIN)

    @rule(
        event=st.sampled_from(EVENTS),
        role=st.sampled_from(list(ActorRole)),
        details=details_strategy,
    )
    def fire(self, event: str, role: ActorRole, details: EventDetails) -> None:
        expected = _would_succeed(self.expected_status, event, role, details)

        async def attempt() -> bool:
            actor = actor_for(role, self.complaint, self.staff_id)
            try:
                await fire_event(self.session, self.complaint, event, actor, details)
            except DomainError:
                await self.session.rollback()
                await self.session.refresh(self.complaint)
                return False
            await self.session.commit()
            return True

        succeeded = self.runner.run(attempt())
        assert succeeded == (expected is not None), (self.expected_status, event, role, details)
        if succeeded:
            self.expected_status = expected
            self.fired += 1
            self.outbox += expected_outbox_rows(role)

    @invariant()
    def database_agrees(self) -> None:
        if not hasattr(self, "complaint"):
            return
        self.runner.run(self._check())

    async def _check(self) -> None:
        session = self.session
        complaint_id = self.complaint.id
        await session.refresh(self.complaint)
        assert self.complaint.status == self.expected_status
        events = (
            (
                await session.execute(
                    select(StatusEvent)
                    .where(StatusEvent.complaint_id == complaint_id)
                    .order_by(StatusEvent.id)
                )
            )
            .scalars()
            .all()
        )
        assert len(events) == 1 + self.fired
        assert events[-1].to_status == self.complaint.status
        for earlier, later in itertools.pairwise(events):
            assert later.from_status == earlier.to_status
        audits = await session.scalar(
            select(func.count()).where(
                AuditRecord.object_type == "complaint",
                AuditRecord.object_id == self.complaint.ticket,
            )
        )
        assert audits == len(events)
        outbox = await session.scalar(
            select(func.count()).where(OutboxMessage.complaint_id == complaint_id)
        )
        assert outbox == self.outbox
        open_statuses = {
            ComplaintStatus.RESOLVED,
            ComplaintStatus.CLOSED,
            ComplaintStatus.REJECTED,
            ComplaintStatus.NEEDS_INFO,
            ComplaintStatus.PENDING_APPROVAL,
        }
        assert (self.complaint.due_on is None) == (self.complaint.status in open_statuses)

    def teardown(self) -> None:
        async def close() -> None:
            await self.session.close()
            await self.engine.dispose()

        self.runner.run(close())
        self.runner.close()


def test_random_event_sequences_keep_the_database_consistent(database_url: str) -> None:
    """Hypothesis fires random events; after each step the database matches the model."""
    LifecycleMachine.database_url = database_url
    run_state_machine_as_test(
        LifecycleMachine,
        # As many runs as the profile says (tests/conftest.py: fast, or thorough at night).
        settings=settings(
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
