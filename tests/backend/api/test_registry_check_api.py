"""The registry check through the API: the route the complaint detail suggests, and the
audited re-run after a new import of the extract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import SYSTEM, Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.citizens.models import Channel
from backend.complaints.service import register_complaint
from backend.db import unit_of_work
from backend.registry.importer import import_registry
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in, get_complaint, sign_in
from tests.backend.registry.files import Person, made_up_people, write_csv
from tests.fixtures.factories import category, make_citizen, make_facilitator, make_identity

Sessions = async_sessionmaker[AsyncSession]


def url(ticket: str, rest: str = "") -> str:
    """The URL of a complaint, or of one of its actions."""
    return f"/api/v1/complaints/{ticket}{rest}"


def _registered_person() -> Person:
    """A person of the extract with decile 3 who receives PKH and PBI-JK, not BPNT."""
    return made_up_people(1)[0].but(decile="3", pkh="1", bpnt="0", pbi="1", pip="0")


async def _complaint_of(db: Sessions, vault: Vault, person: Person, category_code: str) -> str:
    """A complaint filed in the chat by this person, about the category; checked at intake."""
    async with unit_of_work(db) as session:
        citizen = await make_citizen(session, vault, nik=person.nik, name=person.name)
        complaint = await register_complaint(
            session, citizen=citizen, category=await category(session, category_code),
            description="Bantuan tidak cair sejak tiga bulan.", channel=Channel.TELEGRAM,
            actor=Actor(ActorRole.CITIZEN, citizen_id=citizen.id),
            identity=await make_identity(session, citizen),
        )  # fmt: skip
        return complaint.ticket


async def _import(db: Sessions, vault: Vault, path: Path, people: list[Person]) -> None:
    """Imports an extract in one committed transaction, as `slrt import-registry` does."""
    async with unit_of_work(db) as session:
        report = await import_registry(session, vault, write_csv(path, people), actor=SYSTEM)
    assert (report.inserted, report.rejected) == (len(people), 0), report.problems


async def _audits(db: Sessions) -> list[AuditRecord]:
    async with db() as session:
        return list(await session.scalars(
            select(AuditRecord).where(AuditRecord.action == "complaint.registry_check")
        ))  # fmt: skip


def _route(body: dict[str, Any]) -> tuple[Any, ...]:
    route = body["suggested_route"]
    return (route["kind"], route["agency_code"], route["program"], route["receives_program"])


class TestTheSuggestedRouteInTheDetail:
    """GET /complaints/{ticket} answers the route the registry result and category suggest."""

    async def test_an_unregistered_household_is_for_an_inclusion_proposal(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        ticket = await _complaint_of(db, vault, made_up_people(1)[0], "pkh")
        worker = await sign_in(db, Role.BACK_OFFICE)
        body = (await client.get(url(ticket), headers=worker.headers)).json()
        assert body["registry"]["status"] == "not_registered"
        assert _route(body) == ("inclusion_proposal", None, None, None)
        assert "usulkan" in body["suggested_route"]["explanation"]

    async def test_a_registered_household_not_receiving_the_program_goes_to_its_agency(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault, tmp_path: Path
    ) -> None:
        person = _registered_person()
        await _import(db, vault, tmp_path / "dtsen.csv", [person])
        ticket = await _complaint_of(db, vault, person, "bpnt")
        clerk = await sign_in(db, Role.FRONT_OFFICE)
        body = (await client.get(url(ticket), headers=clerk.headers)).json()
        assert _route(body) == ("refer_to_program", "sembako", "bpnt", False)
        assert "tidak tercatat penerima BPNT" in body["suggested_route"]["explanation"]

    async def test_a_facilitator_sees_the_route_of_its_own_complaint(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault
    ) -> None:
        async with unit_of_work(db) as session:
            facilitator_id = (await make_facilitator(session)).id
        ticket = await complaint_in(db, vault, facilitator_id=facilitator_id)
        account = await sign_in(db, Role.FACILITATOR, facilitator_id=facilitator_id)
        response = await client.get(url(ticket), headers=account.headers)
        assert response.status_code == 200
        assert _route(response.json()) == ("inclusion_proposal", None, None, None)


class TestRerunningTheCheck:
    """POST /complaints/{ticket}/registry-check checks the NIK against the extract as it is now."""

    async def test_after_an_import_the_household_is_registered_and_the_route_changes(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault, tmp_path: Path
    ) -> None:
        person = _registered_person()
        ticket = await _complaint_of(db, vault, person, "pkh")
        worker = await sign_in(db, Role.BACK_OFFICE)
        before = (await client.get(url(ticket), headers=worker.headers)).json()
        assert before["registry"]["status"] == "not_registered"
        assert _route(before)[0] == "inclusion_proposal"
        await _import(db, vault, tmp_path / "dtsen.csv", [*made_up_people(2), person])

        response = await client.post(url(ticket, "/registry-check"), headers=worker.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["ticket"] == ticket
        registry = body["registry"]
        assert (registry["status"], registry["decile"], registry["programs"]) == (
            "registered", 3, ["pbi_jk", "pkh"],
        )  # fmt: skip
        assert registry["checked_at"] is not None
        assert _route(body) == ("refer_to_program", "pkh", "pkh", True)
        # The detail now shows the same, and the change is stored.
        after = (await client.get(url(ticket), headers=worker.headers)).json()
        assert after["registry"] == registry
        assert after["suggested_route"] == body["suggested_route"]
        assert (await get_complaint(db, ticket)).registry_decile == 3
        [audit] = await _audits(db)
        assert (audit.object_type, audit.object_id) == ("complaint", ticket)
        assert (audit.actor_role, audit.actor_id) == ("back_office", str(worker.user_id))
        assert audit.detail == {
            "from": "not_registered", "to": "registered",
            "decile": 3, "programs": ["pbi_jk", "pkh"],
        }  # fmt: skip

    async def test_a_household_still_not_registered_stays_for_a_proposal(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault, tmp_path: Path
    ) -> None:
        ticket = await _complaint_of(db, vault, made_up_people(1)[0], "pkh")
        await _import(db, vault, tmp_path / "dtsen.csv", made_up_people(2))
        clerk = await sign_in(db, Role.FRONT_OFFICE)
        response = await client.post(url(ticket, "/registry-check"), headers=clerk.headers)
        assert response.status_code == 200
        assert response.json()["registry"]["status"] == "not_registered"
        assert _route(response.json()) == ("inclusion_proposal", None, None, None)
        [audit] = await _audits(db)
        assert (audit.detail["from"], audit.detail["to"]) == ("not_registered", "not_registered")

    async def test_a_facilitator_is_refused_and_nothing_changes(
        self, client: httpx.AsyncClient, db: Sessions, vault: Vault, tmp_path: Path
    ) -> None:
        person = _registered_person()
        async with unit_of_work(db) as session:
            facilitator_id = (await make_facilitator(session)).id
        ticket = await complaint_in(db, vault, facilitator_id=facilitator_id)
        checked = (await get_complaint(db, ticket)).registry_checked_at
        await _import(db, vault, tmp_path / "dtsen.csv", [person])
        account = await sign_in(db, Role.FACILITATOR, facilitator_id=facilitator_id)
        response = await client.post(url(ticket, "/registry-check"), headers=account.headers)
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "The role facilitator may not re-run the registry check "
            "(allowed: admin, back_office, front_office, supervisor)"
        )
        assert (await get_complaint(db, ticket)).registry_checked_at == checked
        assert await _audits(db) == []

    async def test_an_unknown_ticket_is_not_found(
        self, client: httpx.AsyncClient, db: Sessions
    ) -> None:
        worker = await sign_in(db, Role.BACK_OFFICE)
        response = await client.post(url("991231-FFFF", "/registry-check"), headers=worker.headers)
        assert response.status_code == 404
        assert "991231-FFFF" in response.json()["detail"]
        assert "check the number" in response.json()["detail"]
        assert await _audits(db) == []


class TestTheOpenApiDocument:
    """Integrators find the re-check, its answer and its errors in /openapi.json."""

    async def test_the_recheck_declares_its_answer_and_errors(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        operation = document["paths"]["/api/v1/complaints/{ticket}/registry-check"]["post"]
        responses = operation["responses"]
        assert set(responses) == {"200", "400", "401", "403", "404", "422"}
        for code in ("400", "401", "403", "404"):
            schema = responses[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, code
        answer = responses["200"]["content"]["application/json"]["schema"]
        assert answer == {"$ref": "#/components/schemas/RegistryCheckOut"}
        detail = document["components"]["schemas"]["ComplaintOut"]
        assert detail["properties"]["suggested_route"] == {"$ref": "#/components/schemas/RouteOut"}
        assert "suggested_route" in detail["required"]
