"""Actions on a complaint besides events: messages to the citizen, internal notes,
assignment and an agency's answer to a referral."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.casefiles.models import ComplaintMessage, MessageDirection
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from backend.notifications.models import OutboxMessage
from backend.referrals.models import Referral, ReferralStatus
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import (
    REFERRED,
    SignedIn,
    complaint_in,
    get_complaint,
    make_account,
    sign_in,
)

Sessions = async_sessionmaker[AsyncSession]
BO, SUP, FO = Role.BACK_OFFICE, Role.SUPERVISOR, Role.FRONT_OFFICE


def url(ticket: str, rest: str) -> str:
    """The URL of one action on a complaint."""
    return f"/api/v1/complaints/{ticket}{rest}"


async def _post(
    client: httpx.AsyncClient, caller: SignedIn, path: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(path, json=body, headers=caller.headers)


async def _rows(db: Sessions, model: type, *where: Any) -> list[Any]:
    async with db() as session:
        return list(await session.scalars(select(model).where(*where).order_by(model.id)))


class TestWritingToTheCitizen:
    """POST /messages records the message and queues it for the chat the complaint came from."""

    async def test_the_message_is_stored_and_queued_with_identity_numbers_masked(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, FO)
        text = "NIK 3271041501900001 sudah kami cek."
        response = await _post(client, caller, url(ticket, "/messages"), {"text": text})
        assert response.status_code == 201
        assert response.json()["text"] == "NIK 3271********0001 sudah kami cek."
        assert response.json()["queued_deliveries"] == 1
        [queued] = await _rows(db, OutboxMessage)
        assert (queued.template, queued.params["text"]) == (
            "complaint.message",
            response.json()["text"],
        )

    async def test_a_blank_message_is_refused_with_a_reason(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/messages"), {"text": "   "})
        assert response.status_code == 422
        assert response.json() == {
            "detail": "The message is empty: write what the citizen should read"
        }
        assert await _rows(db, OutboxMessage) == []

    async def test_a_missing_text_field_is_a_readable_422(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/messages"), {})
        assert response.status_code == 422
        assert response.json()["detail"][0]["msg"] == "text is required"


class TestInternalNotes:
    """POST /notes adds a staff-only note: stored as internal, never queued to a chat."""

    async def test_the_note_stays_inside_the_office(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, BO)
        response = await _post(
            client, caller, url(ticket, "/notes"), {"text": "Rumah kosong saat dikunjungi."}
        )
        assert response.status_code == 201
        [note] = await _rows(db, ComplaintMessage)
        assert (note.direction, note.author_staff_id) == (MessageDirection.INTERNAL, caller.user_id)
        assert await _rows(db, OutboxMessage) == []
        [audit] = await _rows(db, AuditRecord, AuditRecord.action == "complaint.note")
        assert audit.object_id == ticket


class TestAssignment:
    """Supervisors assign anyone in back office; back office takes unassigned complaints only."""

    async def test_back_office_takes_an_unassigned_complaint(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, BO)
        response = await _post(
            client, caller, url(ticket, "/assignee"), {"assignee_id": caller.user_id}
        )
        assert response.status_code == 200
        assert response.json()["assignee"]["id"] == caller.user_id
        [audit] = await _rows(db, AuditRecord, AuditRecord.action == "complaint.assign")
        assert audit.detail == {"from": None, "to": caller.user_id}

    async def test_back_office_cannot_take_a_colleagues_complaint(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        colleague, caller = await sign_in(db, BO), await sign_in(db, BO)
        supervisor = await sign_in(db, SUP)
        await _post(
            client, supervisor, url(ticket, "/assignee"), {"assignee_id": colleague.user_id}
        )
        response = await _post(
            client, caller, url(ticket, "/assignee"), {"assignee_id": caller.user_id}
        )
        assert response.status_code == 403
        assert response.json()["detail"].endswith("ask a supervisor to reassign it")
        assert (await get_complaint(db, ticket)).assignee_id == colleague.user_id

    async def test_a_supervisor_reassigns_and_unassigns(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        first, second = await sign_in(db, BO), await sign_in(db, BO)
        supervisor = await sign_in(db, SUP)
        for assignee in (first.user_id, second.user_id, None):
            response = await _post(
                client, supervisor, url(ticket, "/assignee"), {"assignee_id": assignee}
            )
            assert response.status_code == 200
            assert (await get_complaint(db, ticket)).assignee_id == assignee

    @pytest.mark.parametrize("target", ["front_office", "nobody"])
    async def test_only_an_active_worker_can_be_assigned(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault, target: str
    ) -> None:
        ticket = await complaint_in(db, vault)
        supervisor = await sign_in(db, SUP)
        async with unit_of_work(db) as session:
            user, _ = await make_account(session, FO)
        assignee_id = user.id if target == "front_office" else 999_999
        response = await _post(
            client, supervisor, url(ticket, "/assignee"), {"assignee_id": assignee_id}
        )
        assert response.status_code == 422
        expected = (
            "complaints go to back office"
            if target == "front_office"
            else "No active staff account"
        )
        assert expected in response.json()["detail"]

    async def test_a_closed_complaint_cannot_be_assigned(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(
            db, vault, ("reject", EventDetails(reason="Bukan kewenangan Dinsos"))
        )
        supervisor = await sign_in(db, SUP)
        worker = await sign_in(db, BO)
        response = await _post(
            client, supervisor, url(ticket, "/assignee"), {"assignee_id": worker.user_id}
        )
        assert response.status_code == 409
        assert response.json() == {
            "detail": "The complaint is rejected: only open complaints can be assigned"
        }


class TestReferralAnswers:
    """POST /referral-answer stores the agency's answer on the referral and records the outcome."""

    async def test_a_resolving_answer_resolves_the_complaint(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, *REFERRED)
        caller = await sign_in(db, BO)
        body = {"answer": "Dana tahap 4 sudah cair 2 Des.", "outcome": "resolved",
                "resolution": "Bantuan PKH sudah cair."}  # fmt: skip
        response = await _post(client, caller, url(ticket, "/referral-answer"), body)
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["resolution"]) == (
            "resolved",
            "Bantuan PKH sudah cair.",
        )
        [referral] = await _rows(db, Referral)
        assert (referral.status, referral.answer) == (
            ReferralStatus.ANSWERED,
            "Dana tahap 4 sudah cair 2 Des.",
        )
        assert referral.answered_at is not None

    async def test_an_answer_in_progress_keeps_the_case_running(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, *REFERRED)
        caller = await sign_in(db, SUP)
        body = {"answer": "Sedang diverifikasi.", "outcome": "in_progress"}
        response = await _post(client, caller, url(ticket, "/referral-answer"), body)
        assert response.status_code == 200
        assert response.json()["status"] == "in_progress"

    async def test_a_complaint_not_referred_is_a_conflict(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/referral-answer"),
                               {"answer": "Sudah.", "outcome": "in_progress"})  # fmt: skip
        assert response.status_code == 409
        assert "record_outcome a complaint that is in_review" in response.json()["detail"]

    async def test_resolved_without_a_resolution_is_refused_and_nothing_is_stored(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, *REFERRED)
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/referral-answer"),
                               {"answer": "Sudah.", "outcome": "resolved"})  # fmt: skip
        assert response.status_code == 422
        assert response.json()["detail"].endswith("resolution is required")
        [referral] = await _rows(db, Referral)
        assert (referral.status, referral.answer) == (ReferralStatus.SENT, None)
