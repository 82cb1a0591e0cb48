"""GET /api/v1/complaints: filters, search, counts and facilitators' view of the staff queue."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Citizen
from backend.clock import local_date
from backend.complaints.queue import COUNT_CAP
from backend.complaints.queue_filters import MAX_PEOPLE_FOUND
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in, sign_in
from tests.backend.api.queue_world import SPECS, Queue, queue
from tests.backend.api.queue_world import get_queue as _get
from tests.backend.api.queue_world import search_queue as _search
from tests.fixtures.factories import make_facilitator

__all__ = ["queue"]  # the fixture, used by name


class TestTheDefaultOrder:
    """By deadline, earliest first; complaints without one come last, oldest first."""

    async def test_orders_by_due_date_then_nulls_by_id(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        response = await _get(client, queue.admin)
        assert queue.names(response) == ["ani", "dedi", "budi", "citra", "euis"]

    async def test_newest_first_orders_by_filing_time(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        response = await _get(client, queue.admin, sort="newest")
        assert queue.names(response) == ["dedi", "citra", "budi", "ani", "euis"]

    async def test_items_show_deadline_state_and_places(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        items = {
            item["citizen_name"]: item for item in (await _get(client, queue.admin)).json()["items"]
        }
        assert items["Ani Suryani"]["due_state"] == "overdue"
        assert items["Dedi Kurniawan"]["due_state"] == "due_soon"
        assert items["Budi Santoso"]["due_state"] == "on_track"
        assert items["Citra Lestari"]["due_state"] is None
        assert items["Ani Suryani"]["kecamatan"] == {"code": "32.71.04", "name": "Bogor Barat"}
        assert items["Ani Suryani"]["assignee"]["id"] == queue.worker.user_id


class TestFilters:
    """Each filter keeps exactly the complaints it names."""

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"status": "received"}, ["ani"]),
            ({"status": ["needs_info", "in_review"]}, ["budi", "citra"]),
            ({"category": "pkh"}, ["ani", "citra", "euis"]),
            ({"kecamatan": "32.71.04"}, ["ani", "citra"]),
            ({"kelurahan": "32.71.04.1001"}, ["citra"]),
            ({"assignee": "none"}, ["dedi", "budi", "euis"]),
            ({"channel": "walk_in"}, ["budi"]),
            ({"overdue": "true"}, ["ani"]),
            ({"category": "pkh", "kecamatan": "32.71.04", "status": "needs_info"}, ["citra"]),
        ],
        ids=lambda value: str(value),
    )
    async def test_keeps_only_matching_complaints(
        self, client: httpx.AsyncClient, queue: Queue, params: dict[str, Any], expected: list[str]
    ) -> None:
        assert queue.names(await _get(client, queue.admin, **params)) == expected

    async def test_assignee_by_id_and_me(self, client: httpx.AsyncClient, queue: Queue) -> None:
        by_id = await _get(client, queue.admin, assignee=str(queue.worker.user_id))
        assert queue.names(by_id) == ["ani", "citra"]
        assert queue.names(await _get(client, queue.worker, assignee="me")) == ["ani", "citra"]

    async def test_created_date_range_is_inclusive_in_wib(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        start = local_date(SPECS["budi"].created).isoformat()
        end = local_date(SPECS["citra"].created).isoformat()
        response = await _get(client, queue.admin, created_from=start, created_to=end)
        assert queue.names(response) == ["budi", "citra"]


class TestSearch:
    """The search box finds a ticket, an exact NIK or KK, a phone number, or part of a name."""

    async def test_finds_a_ticket_typed_loosely(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        typed = queue.tickets["dedi"].replace("-", " ").lower()
        assert queue.names(await _get(client, queue.admin, q=typed)) == ["dedi"]

    async def test_finds_the_exact_nik_through_the_keyed_hash(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        assert queue.names(await _search(client, queue.admin, "3271 0115 0185 0022")) == ["budi"]
        # A number one digit off is nobody's: no partial matches on identity numbers.
        assert queue.names(await _search(client, queue.admin, "3271011501850023")) == []

    async def test_finds_a_household_by_kk(self, client: httpx.AsyncClient, queue: Queue) -> None:
        assert queue.names(await _search(client, queue.admin, "3271040101090001")) == ["ani"]

    async def test_finds_a_phone_number_written_the_local_way(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        assert queue.names(await _get(client, queue.admin, q="0812-1111-0004")) == ["dedi"]

    async def test_finds_part_of_a_name_in_any_case(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        assert queue.names(await _get(client, queue.admin, q="AMINAH")) == ["euis"]
        assert queue.names(await _get(client, queue.admin, q="ani")) == ["ani"]

    async def test_percent_signs_are_searched_literally(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        assert queue.names(await _get(client, queue.admin, q="%%%")) == []

    async def test_search_by_post_keeps_the_nik_out_of_the_url(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        assert queue.names(await _search(client, queue.admin, SPECS["citra"].nik)) == ["citra"]
        refused = await _get(client, queue.admin, q=SPECS["citra"].nik)
        assert refused.status_code == 400
        assert "POST /api/v1/complaints/search" in refused.json()["detail"]


class TestSearchesTooBroadToPage:
    """A name fragment shared by more people than a person could look through is refused."""

    async def test_asks_for_more_of_the_name(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], queue: Queue
    ) -> None:
        async with unit_of_work(db) as session:
            session.add_all(
                Citizen(full_name=f"Siti Nurhaliza {i}", language="id")
                for i in range(MAX_PEOPLE_FOUND + 1)
            )
        response = await _get(client, queue.admin, q="nurhaliza")
        assert response.status_code == 422
        assert response.json()["detail"] == (
            f"More than {MAX_PEOPLE_FOUND} people have 'nurhaliza' in their name: type more of "
            "the name, or search by NIK, phone or ticket"
        )
        assert (await _get(client, queue.admin, q="nurhaliza 7")).status_code == 200


class TestPrivacyOfTheList:
    """Lists show NIK masked, never in full."""

    async def test_no_full_nik_appears_in_the_list(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        response = await _get(client, queue.admin)
        for spec in SPECS.values():
            assert spec.nik not in response.text
        masked = {item["nik_masked"] for item in response.json()["items"]}
        assert "3271********0011" in masked


class TestCountsPerStatus:
    """Counts per status follow every filter but the status filter itself."""

    async def test_counts_leave_out_the_status_filter(
        self, client: httpx.AsyncClient, queue: Queue
    ) -> None:
        body = (await _get(client, queue.admin, category="pkh", status="received")).json()
        counts = {c["status"]: c["count"] for c in body["counts"]}
        assert counts == {s.value: 0 for s in S} | {"received": 1, "needs_info": 1, "closed": 1}
        assert not any(c["capped"] for c in body["counts"])

    async def test_a_search_counts_exactly(self, client: httpx.AsyncClient, queue: Queue) -> None:
        body = (await _get(client, queue.admin, q="Budi Santoso")).json()
        assert {c["status"]: c["count"] for c in body["counts"] if c["count"]} == {"in_review": 1}

    async def test_counting_stops_at_the_cap_and_says_so(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], queue: Queue
    ) -> None:
        async with unit_of_work(db) as session:
            template = await get_by_ticket(session, queue.tickets["euis"])
            assert template is not None
            session.add_all(
                Complaint(
                    ticket=f"T{i:06d}", citizen_id=template.citizen_id, channel=template.channel,
                    category_id=template.category_id, description="-", status=S.CLOSED,
                )
                for i in range(COUNT_CAP)
            )  # fmt: skip
        counts = {c["status"]: c for c in (await _get(client, queue.admin)).json()["counts"]}
        assert counts["closed"] == {"status": "closed", "count": COUNT_CAP, "capped": True}
        assert counts["received"] == {"status": "received", "count": 1, "capped": False}

    async def test_counts_can_be_left_out(self, client: httpx.AsyncClient, queue: Queue) -> None:
        assert (await _get(client, queue.admin, counts="false")).json()["counts"] is None


class TestFacilitatorsQueue:
    """A facilitator account sees only the complaints its facilitator filed."""

    async def test_lists_and_counts_only_own_complaints(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        queue: Queue,
    ) -> None:  # fmt: skip
        async with unit_of_work(db) as session:
            facilitator_id = (await make_facilitator(session)).id
        own = await complaint_in(db, vault, facilitator_id=facilitator_id)
        await complaint_in(db, vault, facilitator_id=None)
        caller = await sign_in(db, Role.FACILITATOR, facilitator_id=facilitator_id)
        body = (await _get(client, caller)).json()
        assert [item["ticket"] for item in body["items"]] == [own]
        assert sum(c["count"] for c in body["counts"]) == 1
        assert (await _get(client, caller, q=queue.tickets["ani"])).json()["items"] == []

    async def test_an_unlinked_facilitator_account_sees_nothing(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], queue: Queue
    ) -> None:
        caller = await sign_in(db, Role.FACILITATOR)
        async with unit_of_work(db) as session:
            linked = await session.get_one(Facilitator, caller.facilitator_id)
            linked.staff_user_id = None
        assert (await _get(client, caller)).json()["items"] == []
