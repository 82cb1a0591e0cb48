"""Approving or rejecting a facilitator's filing through the REST API tells the facilitator."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.clock import local_date, utcnow
from backend.complaints.assisted_filing import HouseholdAnswers, file_for_household
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator, HouseholdReach, Relay
from backend.facilitators.service import accept_invitation
from backend.notifications.models import OutboxMessage, Recipient
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import get_complaint, sign_in
from tests.fixtures.facilitator_helpers import invited
from tests.fixtures.factories import BUBULAK, category, made_up_nik


async def pending(db: async_sessionmaker[AsyncSession], vault: Vault) -> tuple[str, int]:
    person = await invited(db)
    async with unit_of_work(db) as session:
        await accept_invitation(session, person.token, Channel.TELEGRAM, "8800001")
        facilitator = await session.get_one(Facilitator, person.facilitator_id)
        result = await file_for_household(
            session, vault, facilitator,
            HouseholdAnswers(
                full_name="Siti Aminah", nik=made_up_nik(), kk=None, phone="+6281298765432",
                kelurahan_code=BUBULAK, address="Jl. Mawar No. 5, RT 02/RW 03",
                category=await category(session), description="Bantuan PKH tidak cair sejak Agustus.",
                reach=HouseholdReach.PHONE, visit_on=local_date(utcnow()),
            ),
            channel=Channel.TELEGRAM, link_valid_for=timedelta(days=30),
        )  # fmt: skip
        return result.complaint.ticket, facilitator.id


class TestApprovalByApi:
    """POST /api/v1/complaints/{ticket}/events with approve or reject, by a supervisor."""

    async def test_a_supervisor_approves_and_the_facilitator_gets_the_relay(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket, facilitator_id = await pending(db, vault)
        supervisor = await sign_in(db, Role.SUPERVISOR)
        response = await client.post(
            f"/api/v1/complaints/{ticket}/events",
            json={"event": "approve"},
            headers=supervisor.headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "received"
        assert (await get_complaint(db, ticket)).due_on is not None
        async with db() as session:
            [message] = list(await session.scalars(select(OutboxMessage)))
            relay = (await session.execute(select(Relay))).scalar_one()
        assert (message.recipient, message.template, message.params["reach"]) == (
            Recipient.FACILITATOR,
            "relay",
            "phone",
        )
        assert relay.facilitator_id == facilitator_id

    async def test_a_rejection_carries_its_reason_to_the_facilitator(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket, _ = await pending(db, vault)
        supervisor = await sign_in(db, Role.SUPERVISOR)
        body = {"event": "reject", "reason": "Warga sudah menerima PKH tahap ini."}
        response = await client.post(
            f"/api/v1/complaints/{ticket}/events", json=body, headers=supervisor.headers
        )
        assert response.status_code == 200, response.text
        async with db() as session:
            [message] = list(await session.scalars(select(OutboxMessage)))
        assert message.params["inner_template"] == "complaint.reject"
        assert message.params["inner_params"]["note"] == "Warga sudah menerima PKH tahap ini."

    @pytest.mark.parametrize("role", [Role.BACK_OFFICE, Role.FRONT_OFFICE])
    async def test_other_staff_may_not_approve(
        self,
        client: httpx.AsyncClient,
        db: async_sessionmaker[AsyncSession],
        vault: Vault,
        role: Role,
    ) -> None:
        ticket, _ = await pending(db, vault)
        worker = await sign_in(db, role)
        response = await client.post(
            f"/api/v1/complaints/{ticket}/events", json={"event": "approve"}, headers=worker.headers
        )
        assert response.status_code == 403
        assert (await get_complaint(db, ticket)).status.value == "pending_approval"
