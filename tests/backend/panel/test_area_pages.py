"""Areas in the panel: an admin sets them on the account's page, and the dashboard and
the facilitator pages of a limited supervisor hold only its areas."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.security.crypto import Vault
from backend.staff.areas import area_codes_of, set_areas
from backend.staff.models import Role, StaffUser
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser
from tests.backend.panel.test_facilitator_pages import pending_filing
from tests.backend.panel.world import walk_in_form
from tests.fixtures.factories import BUBULAK, make_facilitator

ADMIN = Actor(ActorRole.ADMIN)
BOGOR_BARAT, BOGOR_SELATAN, BATU_TULIS = "32.71.04", "32.71.01", "32.71.01.1001"


async def _limit(db: async_sessionmaker[AsyncSession], user: PanelUser, *codes: str) -> None:
    async with unit_of_work(db) as session:
        await set_areas(session, await session.get_one(StaffUser, user.user_id), codes, ADMIN)


async def _areas_audit(db: async_sessionmaker[AsyncSession]) -> list[AuditRecord]:
    async with db() as session:
        statement = select(AuditRecord).where(AuditRecord.action == "staff.areas_changed")
        return list(await session.scalars(statement.order_by(AuditRecord.id)))


class TestTheAdminSetsAreas:
    """The account's page ticks kecamatan and kelurahan; the change is audited and applies
    from the account's next request."""

    async def test_ticking_areas_limits_the_account_at_its_next_request(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        admin, clerk = await panel(Role.ADMIN), await panel(Role.BACK_OFFICE)
        ticket = await complaint_in(db, vault)  # filed in Bubulak, Bogor Barat
        assert (await clerk.get(f"/panel/complaints/{ticket}")).status_code == 200
        page = await admin.get(f"/panel/admin/users/{clerk.user_id}")
        assert 'id="form-areas"' in page.text and "Seluruh kota" in page.text
        response = await admin.client.post(
            f"/panel/admin/users/{clerk.user_id}/areas",
            data={"csrf_token": admin.csrf, "area": [BOGOR_SELATAN, BATU_TULIS]},
        )
        assert response.status_code == 303
        assert response.headers["location"].endswith("notice=areas-changed")
        assert (await clerk.get(f"/panel/complaints/{ticket}")).status_code == 404
        async with db() as session:
            assert await area_codes_of(session, clerk.user_id) == [BOGOR_SELATAN, BATU_TULIS]
        (record,) = await _areas_audit(db)
        assert record.detail == {"from": [], "to": [BOGOR_SELATAN, BATU_TULIS]}
        shown = await admin.get(f"/panel/admin/users/{clerk.user_id}?notice=areas-changed")
        assert f"{BOGOR_SELATAN}, {BATU_TULIS}" in shown.text
        assert "Wilayah kerja diubah" in shown.text
        # Nothing ticked: the whole city again.
        await admin.post(f"/panel/admin/users/{clerk.user_id}/areas", {})
        assert (await clerk.get(f"/panel/complaints/{ticket}")).status_code == 200

    async def test_an_unknown_code_is_refused_and_nothing_changes(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin, clerk = await panel(Role.ADMIN), await panel(Role.BACK_OFFICE)
        response = await admin.client.post(
            f"/panel/admin/users/{clerk.user_id}/areas",
            data={"csrf_token": admin.csrf, "area": [BOGOR_BARAT, "32.71.99"]},
        )
        assert response.status_code == 422
        assert "Kode wilayah tidak dikenal" in response.text and "32.71.99" in response.text
        async with db() as session:
            assert await area_codes_of(session, clerk.user_id) == []
        assert await _areas_audit(db) == []


def _figure(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>\s*([^<]*)<', page)
    assert found is not None, element_id
    return found.group(1).strip()


class TestALimitedSupervisor:
    """A supervisor of Bogor Selatan sees Bogor Selatan's facilitators, filings and figures."""

    async def test_the_facilitator_pages_hold_only_its_areas(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        supervisor = await panel(Role.SUPERVISOR)
        ticket, facilitator_id = await pending_filing(db, vault)  # in Bubulak, Bogor Barat
        async with unit_of_work(db) as session:
            south = await make_facilitator(session)
            south.kelurahan_code, south.full_name = BATU_TULIS, "Rina Batu Tulis"
            south_id = south.id
        async with db() as session:
            west_name = (await session.get_one(Facilitator, facilitator_id)).full_name
        listing = await supervisor.get("/panel/facilitators")
        approvals = await supervisor.get("/panel/facilitators/approvals")
        assert west_name in listing.text and ticket in approvals.text
        await _limit(db, supervisor, BOGOR_SELATAN)
        listing = await supervisor.get("/panel/facilitators")
        assert "Rina Batu Tulis" in listing.text and west_name not in listing.text
        assert BUBULAK not in listing.text  # not offered to register a facilitator in
        assert ticket not in (await supervisor.get("/panel/facilitators/approvals")).text
        # Another area's facilitator and filing are not found.
        invite = await supervisor.post(f"/panel/facilitators/{facilitator_id}/invitations")
        assert invite.status_code == 404
        assert (await supervisor.get(f"/panel/complaints/{ticket}")).status_code == 404
        approve = await supervisor.post(f"/panel/complaints/{ticket}/events", {"event": "approve"})
        assert approve.status_code == 404
        assert (
            await supervisor.post(f"/panel/facilitators/{south_id}/invitations")
        ).status_code == 200
        registered = await supervisor.post(
            "/panel/facilitators",
            {"full_name": "Dewi Lestari", "phone": "+6281299990001", "kelurahan": BUBULAK},
        )
        assert registered.status_code == 422

    async def test_the_supervisor_of_the_area_approves_its_filing(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        supervisor = await panel(Role.SUPERVISOR)
        ticket, _ = await pending_filing(db, vault)
        await _limit(db, supervisor, BOGOR_BARAT)
        assert ticket in (await supervisor.get("/panel/facilitators/approvals")).text
        approve = await supervisor.post(f"/panel/complaints/{ticket}/events", {"event": "approve"})
        assert approve.status_code == 303

    async def test_the_dashboard_counts_only_its_areas(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        supervisor = await panel(Role.SUPERVISOR)
        for _ in range(2):
            await complaint_in(db, vault)  # in Bubulak, Bogor Barat
        whole = await supervisor.get("/panel/dashboard")
        assert (_figure(whole.text, "tile-filed"), _figure(whole.text, "tile-open")) == ("2", "2")
        await _limit(db, supervisor, BOGOR_SELATAN)
        limited = await supervisor.get("/panel/dashboard")
        assert (_figure(limited.text, "tile-filed"), _figure(limited.text, "tile-open")) == (
            "0", "0",
        )  # fmt: skip
        assert "Bogor Barat" not in limited.text
        await _limit(db, supervisor, BOGOR_BARAT)
        again = await supervisor.get("/panel/dashboard")
        assert (_figure(again.text, "tile-filed"), _figure(again.text, "tile-open")) == ("2", "2")
        assert "Bogor Selatan" not in again.text


class TestAWalkIn:
    """A front desk limited to areas registers walk-ins of its kelurahan only."""

    async def test_a_household_of_another_area_is_refused_at_the_kelurahan(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        desk = await panel(Role.FRONT_OFFICE)
        await _limit(db, desk, BOGOR_SELATAN)
        form = await desk.get("/panel/walk-in")
        assert BATU_TULIS in form.text and BUBULAK not in form.text
        refused = await desk.post("/panel/walk-in", walk_in_form() | {"kelurahan": BUBULAK})
        assert refused.status_code == 422
        filed = await desk.post("/panel/walk-in", walk_in_form() | {"kelurahan": BATU_TULIS})
        assert filed.status_code == 303
        assert (await desk.get(filed.headers["location"])).status_code == 200
