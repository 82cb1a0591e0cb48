"""One complaint through the API: its page, the audited NIK view, events, messages, notes,
assignment and referral answers, with the errors a person can act on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.casefiles.models import ComplaintMessage, MessageDirection
from backend.citizens.models import Citizen
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role, StaffUser
from tests.backend.api.helpers import REFERRED, SignedIn, complaint_in, get_complaint, sign_in
from tests.fixtures.factories import make_facilitator

FO, BO, SUP, ADM, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
Sessions = async_sessionmaker[AsyncSession]


def url(ticket: str, rest: str = "") -> str:
    """The URL of a complaint, or of one of its actions."""
    return f"/api/v1/complaints/{ticket}{rest}"


async def _post(
    client: httpx.AsyncClient, caller: SignedIn, path: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(path, json=body, headers=caller.headers)


async def _facilitator(db: Sessions) -> int:
    async with unit_of_work(db) as session:
        return (await make_facilitator(session, chat_id="7700001")).id


async def _inbound(db: Sessions, ticket: str, text: str) -> None:
    complaint = await get_complaint(db, ticket)
    async with unit_of_work(db) as session:
        session.add(ComplaintMessage(
            complaint_id=complaint.id, direction=MessageDirection.INBOUND, author_role="citizen",
            identity_id=complaint.identity_id, text=text,
        ))  # fmt: skip


class TestTheComplaintPage:
    """GET /complaints/{ticket} answers the complaint, the household masked, and one timeline."""

    async def test_the_timeline_merges_events_messages_notes_referrals_and_deliveries(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        admin = await sign_in(db, ADM)
        await _inbound(db, ticket, "Saya sudah datang ke kelurahan.")
        await _post(client, admin, url(ticket, "/messages"), {"text": "Terima kasih, kami cek."})
        await _post(client, admin, url(ticket, "/notes"), {"text": "Cek ke koordinator dulu."})
        refer = {"event": "refer", "agency": "pkh", "internal_note": "Kasus lama"}
        await _post(client, admin, url(ticket, "/events"), refer)
        answer = {"answer": "Sudah diproses.", "outcome": "in_progress", "note": "Sedang diproses"}
        await _post(client, admin, url(ticket, "/referral-answer"), answer)
        body = (await client.get(url(ticket), headers=admin.headers)).json()
        kinds = [entry["kind"] for entry in body["timeline"]]
        assert kinds == [
            "status", "status", "message_in", "message_out", "note",
            "status", "referral", "status", "referral_answer",
        ]  # fmt: skip
        by_kind = {entry["kind"]: entry for entry in body["timeline"]}
        assert by_kind["message_out"]["deliveries"][0]["recipient"] == "citizen"
        assert by_kind["message_out"]["actor_name"] == (await _name(db, admin))
        assert by_kind["referral"]["agency_code"] == "pkh"
        assert by_kind["referral_answer"]["text"] == "Sudah diproses."
        refer = body["timeline"][5]
        assert (refer["event"], refer["internal_note"]) == ("refer", "Kasus lama")
        assert [d["template"] for d in refer["deliveries"]] == ["complaint.refer"]
        assert body["status"] == "in_progress"

    async def test_the_household_is_shown_with_nik_and_kk_masked(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        admin = await sign_in(db, ADM)
        response = await client.get(url(ticket), headers=admin.headers)
        household = response.json()["household"]
        assert household["nik_masked"].startswith("3271") and "********" in household["nik_masked"]
        assert not any(
            len(word) == 16 and word.isdigit() for word in response.text.replace('"', " ").split()
        )
        assert response.json()["registry"]["status"] == "not_registered"

    async def test_a_facilitator_sees_no_internal_note(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        facilitator_id = await _facilitator(db)
        ticket = await complaint_in(
            db, vault, ("start_review", EventDetails(internal_note="Rahasia kantor")),
            facilitator_id=facilitator_id,
        )  # fmt: skip
        admin = await sign_in(db, ADM)
        await _post(client, admin, url(ticket, "/notes"), {"text": "Jangan diteruskan."})
        caller = await sign_in(db, FAC, facilitator_id=facilitator_id)
        response = await client.get(url(ticket), headers=caller.headers)
        assert response.status_code == 200
        assert "note" not in [entry["kind"] for entry in response.json()["timeline"]]
        assert "Rahasia kantor" not in response.text and "Jangan diteruskan" not in response.text

    async def test_an_unknown_ticket_is_not_found_with_a_hint(
        self, client: httpx.AsyncClient, db: Sessions
    ) -> None:
        admin = await sign_in(db, ADM)
        for ticket in ("261128-00A7", "nonsense"):
            response = await client.get(url(ticket), headers=admin.headers)
            assert response.status_code == 404
            assert response.json()["detail"] == (
                f"No complaint with the ticket '{ticket}'; check the number (like 261128-00A7)"
            )


async def _name(db: Sessions, caller: SignedIn) -> str:
    async with db() as session:
        return (await session.get_one(StaffUser, caller.user_id)).full_name


class TestAllowedEvents:
    """allowed_events lists exactly what the role may fire from the status, with its fields."""

    @pytest.mark.parametrize(
        ("events", "role", "expected"),
        [
            ((), BO, [("start_review", []), ("reject", ["reason"])]),
            ((), FO, []),
            (("start_review",), SUP, [("request_info", ["note"]), ("handle", []),
                                      ("refer", ["agency"]), ("reject", ["reason"])]),
            (("start_review", ("request_info", EventDetails(note="Foto KK?"))), FO,
             [("provide_info", [])]),
            (REFERRED, BO, [("record_outcome", ["outcome"])]),
            (("start_review", "handle", ("resolve", EventDetails(resolution="Cair"))), FO,
             [("appeal", ["reason"])]),
        ],
        ids=["received-back-office", "received-front-office", "in-review-supervisor",
             "needs-info-front-office", "referred-back-office", "resolved-front-office"],
    )  # fmt: skip
    async def test_lists_the_events_of_the_role_and_status(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault,
        events: tuple[Any, ...], role: Role, expected: list[tuple[str, list[str]]],
    ) -> None:  # fmt: skip
        ticket = await complaint_in(db, vault, *events)
        caller = await sign_in(db, role)
        allowed = (await client.get(url(ticket), headers=caller.headers)).json()["allowed_events"]
        assert [(a["event"], a["requires"]) for a in allowed] == expected
        if expected and expected[0][0] == "record_outcome":
            assert allowed[0]["outcomes"] == {"in_progress": [], "resolved": ["resolution"]}

    async def test_every_listed_event_can_be_fired(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        fields = {"note": "Catatan", "reason": "Alasan", "agency": "pkh", "resolution": "Selesai"}
        caller = await sign_in(db, SUP)
        for events in ((), ("start_review",), REFERRED):
            probe = await complaint_in(db, vault, *events)
            allowed = (await client.get(url(probe), headers=caller.headers)).json()[
                "allowed_events"
            ]
            for event in allowed:
                ticket = await complaint_in(db, vault, *events)
                body = {
                    "event": event["event"],
                    **{f: fields[f] for f in event["requires"] if f in fields},
                }
                if event["outcomes"]:
                    body |= {"outcome": "resolved", "resolution": "Selesai"}
                response = await _post(client, caller, url(ticket, "/events"), body)
                assert response.status_code == 200, (event, response.text)


class TestFiringEvents:
    """POST /events moves the complaint, or says why not: 409, 403 or 422."""

    async def test_a_worker_starts_the_review(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/events"), {"event": "start_review"})
        assert response.status_code == 200
        assert response.json()["status"] == "in_review"
        assert (await get_complaint(db, ticket)).status == "in_review"

    @pytest.mark.parametrize(
        ("events", "body", "status", "detail"),
        [
            ((), {"event": "resolve", "resolution": "x"}, 409,
             "Cannot resolve a complaint that is received: "
             "this event is not possible from this status"),
            (("start_review",), {"event": "refer"}, 422,
             "Cannot refer a complaint that is in_review: agency is required"),
            (("start_review",), {"event": "refer", "agency": "nasa"}, 422,
             "Cannot refer a complaint that is in_review: unknown agency 'nasa'"),
            (REFERRED, {"event": "record_outcome", "outcome": "resolved"}, 422,
             "Cannot record_outcome a complaint that is referred: resolution is required"),
        ],
        ids=["wrong-status", "missing-agency", "unknown-agency", "missing-resolution"],
    )  # fmt: skip
    async def test_a_refused_event_says_why_and_changes_nothing(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault,
        events: tuple[Any, ...], body: dict[str, str], status: int, detail: str,
    ) -> None:  # fmt: skip
        ticket = await complaint_in(db, vault, *events)
        before = await get_complaint(db, ticket)
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/events"), body)
        assert (response.status_code, response.json()) == (status, {"detail": detail})
        after = await get_complaint(db, ticket)
        assert (after.status, after.version) == (before.status, before.version)

    async def test_an_unknown_event_lists_the_known_ones(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, BO)
        response = await _post(client, caller, url(ticket, "/events"), {"event": "approved"})
        assert response.status_code == 422
        [error] = response.json()["detail"]
        assert error["loc"] == ["body", "event"]
        assert error["msg"].startswith("event: Input should be 'approve', 'start_review'")


class TestFullIdentityNumbers:
    """GET /nik shows the full NIK and KK to office staff and writes each view to the audit log."""

    async def test_the_view_is_audited_with_who_what_and_where(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, FO)
        response = await client.get(url(ticket, "/nik"), headers=caller.headers)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        complaint = await get_complaint(db, ticket)
        async with db() as session:
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            [record] = (await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "citizen.identity_viewed")
            )).all()  # fmt: skip
        assert response.json() == {
            "ticket": ticket,
            "nik": vault.decrypt(citizen.nik_ciphertext),
            "kk": None,
            "typed_numbers": [],
        }
        assert (record.actor_role, record.actor_id) == ("front_office", str(caller.user_id))
        assert (record.object_type, record.object_id) == ("citizen", str(complaint.citizen_id))
        assert record.detail == {"ticket": ticket, "fields": ["nik"], "typed_numbers": 0}
        assert record.ip_address == "127.0.0.1"

    async def test_numbers_typed_in_the_text_show_masked_and_in_full_only_here(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        caller = await sign_in(db, FO)
        note = "Anak kami NIK 3271 0465-0190.0009 belum terdaftar"
        sent = await client.post(url(ticket, "/notes"), json={"text": note}, headers=caller.headers)
        assert sent.status_code in (200, 201), sent.text
        detail = await client.get(url(ticket), headers=caller.headers)
        assert "3271 0465-0190.0009" not in detail.text
        assert "3271********0009" in detail.text
        shown = await client.get(url(ticket, "/nik"), headers=caller.headers)
        assert shown.json()["typed_numbers"] == [
            {"source": "complaint_messages.text", "number": "3271046501900009"}
        ]

    async def test_a_refused_view_writes_no_audit_record(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        facilitator_id = await _facilitator(db)
        ticket = await complaint_in(db, vault, facilitator_id=facilitator_id)
        caller = await sign_in(db, FAC, facilitator_id=facilitator_id)
        response = await client.get(url(ticket, "/nik"), headers=caller.headers)
        assert response.status_code == 403
        async with db() as session:
            viewed = await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "citizen.identity_viewed")
            )
            assert viewed.all() == []
