"""The queue page: filters, search, counts per status, deadlines at a glance, keyset pages."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import local_date
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in
from tests.backend.api.queue_world import SPECS, Queue, queue
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser
from tests.fixtures.factories import make_facilitator

__all__ = ["queue"]  # the fixture of the API's queue tests, used by name
_ROW = re.compile(r'<tr class="row([^"]*)" data-ticket="([^"]+)"')


def rows(html: str, queue: Queue) -> list[str]:
    """The short names of the complaints listed, in order."""
    by_ticket = {ticket: name for name, ticket in queue.tickets.items()}
    return [by_ticket[ticket] for _, ticket in _ROW.findall(html)]


def row_classes(html: str, queue: Queue) -> dict[str, str]:
    by_ticket = {ticket: name for name, ticket in queue.tickets.items()}
    return {by_ticket[ticket]: classes.strip() for classes, ticket in _ROW.findall(html)}


async def _admin(panel: SignIn) -> PanelUser:
    return await panel(Role.ADMIN)


class TestTheList:
    """By deadline, overdue and soon-due marked, NIK masked, counts on top."""

    async def test_orders_by_deadline_and_marks_overdue_and_soon_due(
        self, panel: SignIn, queue: Queue
    ) -> None:
        page = await (await _admin(panel)).get("/panel")
        assert page.status_code == 200
        assert rows(page.text, queue) == ["ani", "dedi", "budi", "citra", "euis"]
        marks = row_classes(page.text, queue)
        assert marks["ani"] == "due-overdue"
        assert marks["dedi"] == "due-due_soon"  # tomorrow is within 2 working days
        assert marks["budi"] == "due-on_track"
        assert marks["citra"] == "" and marks["euis"] == ""  # no clock runs

    async def test_nik_is_masked_and_names_shown(self, panel: SignIn, queue: Queue) -> None:
        page = (await (await _admin(panel)).get("/panel")).text
        assert "Ani Suryani" in page
        assert "3271********0011" in page
        assert "3271045001900011" not in page

    async def test_counts_per_status_lead_to_the_status(self, panel: SignIn, queue: Queue) -> None:
        user = await _admin(panel)
        page = (await user.get("/panel", kecamatan="32.71.04")).text
        assert "Diterima · 1" in page and "Perlu Data Tambahan · 1" in page
        assert "Ditelaah · 0" in page
        link = re.search(r'href="(/panel\?[^"]*status=received[^"]*)"', page)
        assert link is not None
        assert "kecamatan=32.71.04" in link.group(1).replace("&amp;", "&")
        filtered = await user.get(link.group(1).replace("&amp;", "&"))
        assert rows(filtered.text, queue) == ["ani"]


class TestFilters:
    """Each filter of the form narrows the list; the form keeps what was chosen."""

    async def test_filters_by_query(self, panel: SignIn, queue: Queue) -> None:
        user = await _admin(panel)
        cases = {
            (("status", "needs_info"), ("status", "in_review")): ["budi", "citra"],
            (("category", "pkh"), ("kecamatan", "32.71.04")): ["ani", "citra"],
            (("kelurahan", "32.71.04.1001"),): ["citra"],
            (("assignee", "none"),): ["dedi", "budi", "euis"],
            (("assignee", str(queue.worker.user_id)),): ["ani", "citra"],
            (("channel", "walk_in"),): ["budi"],
            (("overdue", "1"),): ["ani"],
            (("sort", "newest"),): ["dedi", "citra", "budi", "ani", "euis"],
        }
        for params, expected in cases.items():
            page = await user.client.get("/panel", params=list(params))
            assert rows(page.text, queue) == expected, params

    async def test_the_date_range_is_in_wib_days(self, panel: SignIn, queue: Queue) -> None:
        user = await _admin(panel)
        day = local_date(SPECS["citra"].created).isoformat()
        page = await user.get("/panel", created_from=day, created_to=day)
        assert rows(page.text, queue) == ["citra"]
        assert 'value="' + day + '"' in page.text

    async def test_the_form_posts_and_becomes_an_address(self, panel: SignIn, queue: Queue) -> None:
        user = await _admin(panel)
        response = await user.post(
            "/panel", {"status": ["received", "in_review"], "category": "", "sort": "due"}
        )
        assert response.status_code == 303
        query = parse_qs(urlsplit(response.headers["location"]).query)
        assert query == {"status": ["received", "in_review"], "sort": ["due"]}
        page = await user.client.get(response.headers["location"])
        assert rows(page.text, queue) == ["ani", "budi"]
        assert 'value="received" checked' in page.text

    async def test_an_unknown_code_is_explained_with_the_filters_kept(
        self, panel: SignIn, queue: Queue
    ) -> None:
        page = await (await _admin(panel)).get("/panel", category="nope", channel="web")
        assert page.status_code == 422
        assert "Ada isian yang belum benar." in page.text
        assert "Unknown category &#39;nope&#39;" in page.text
        assert '<option value="web" selected>' in page.text


class TestSearch:
    """A ticket, a name, a phone or an exact NIK; the text is posted, never put in an address."""

    async def test_search_by_exact_nik_keeps_it_out_of_every_link(
        self, panel: SignIn, queue: Queue
    ) -> None:
        user = await _admin(panel)
        page = await user.post("/panel", {"q": "3271 0450 0190 0011"})
        assert page.status_code == 200
        assert rows(page.text, queue) == ["ani"]
        hrefs = re.findall(r'href="([^"]*)"', page.text)
        assert not [href for href in hrefs if "3271" in href or "q=" in href]
        # The status counts stay usable: they post the search again.
        assert re.search(r'<input type="hidden" name="q" value="3271 0450 0190 0011">', page.text)

    async def test_search_by_ticket_phone_and_name(self, panel: SignIn, queue: Queue) -> None:
        user = await _admin(panel)
        by_ticket = await user.post("/panel", {"q": queue.tickets["budi"].lower()})
        assert rows(by_ticket.text, queue) == ["budi"]
        by_phone = await user.post("/panel", {"q": "0812-1111-0004"})
        assert rows(by_phone.text, queue) == ["dedi"]
        by_name = await user.post("/panel", {"q": "aminah"})
        assert rows(by_name.text, queue) == ["euis"]

    async def test_a_too_short_name_is_explained(self, panel: SignIn, queue: Queue) -> None:
        page = await (await _admin(panel)).post("/panel", {"q": "an"})
        assert page.status_code == 422
        assert "at least 3 characters" in page.text


class TestPages:
    """Keyset paging: a next-page link carries the cursor and the filters, never a row count."""

    async def test_walks_the_queue_two_by_two(self, panel: SignIn, queue: Queue) -> None:
        user = await _admin(panel)
        seen: list[str] = []
        address = "/panel?limit=2"
        for _ in range(5):
            page = await user.client.get(address)
            seen += rows(page.text, queue)
            found = re.search(r'<a class="button primary" href="([^"]+)"', page.text)
            if found is None:
                break
            address = found.group(1).replace("&amp;", "&")
            assert "cursor=" in address and "limit=2" in address and "offset" not in address
        assert seen == ["ani", "dedi", "budi", "citra", "euis"]

    async def test_a_broken_cursor_is_explained(self, panel: SignIn, queue: Queue) -> None:
        page = await (await _admin(panel)).get("/panel", cursor="not-a-cursor")
        assert page.status_code == 422
        assert "cursor is not valid" in page.text


class TestFacilitators:
    """A facilitator account sees only the complaints it filed."""

    async def test_sees_only_its_own(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(db) as session:
            mine, theirs = (
                (await make_facilitator(session)).id,
                (await make_facilitator(session)).id,
            )
        own = await complaint_in(db, vault, facilitator_id=mine)
        other = await complaint_in(db, vault, facilitator_id=theirs)
        office = await complaint_in(db, vault)
        user = await panel(Role.FACILITATOR, facilitator_id=mine)
        page = (await user.get("/panel")).text
        assert own in page
        assert other not in page and office not in page
        assert (await user.get(f"/panel/complaints/{other}")).status_code == 404
