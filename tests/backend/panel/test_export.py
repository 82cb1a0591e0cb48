"""Export of the filtered queue: its filters, NIK masked unless allowed, audited, safe cells."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Citizen
from backend.complaints.export import ExportFormat, ExportTooLarge, count_for_export, export_queue
from backend.complaints.queue_filters import QueueFilters
from backend.db import unit_of_work
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.queue_world import SPECS, Queue, queue
from tests.backend.panel.conftest import SignIn

__all__ = ["queue"]  # the fixture of the API's queue tests, used by name
BO, SUP, ADMIN = Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN
NIK_COLUMN = 9


def read_csv(response: httpx.Response) -> list[list[str]]:
    """The rows of a CSV download (header first); it must start with the UTF-8 BOM."""
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response: httpx.Response) -> list[list[object]]:
    """The rows of an XLSX download (header first)."""
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def tickets_of(rows: list[list[object]], queue: Queue) -> list[str]:
    """The short names of the exported complaints, in order."""
    by_ticket = {ticket: name for name, ticket in queue.tickets.items()}
    return [by_ticket[str(row[0])] for row in rows[1:]]


async def audits(db: async_sessionmaker[AsyncSession], *actions: str) -> list[AuditRecord]:
    """Audit records of these actions, oldest first."""
    async with db() as session:
        statement = select(AuditRecord).where(AuditRecord.action.in_(actions))
        return list(await session.scalars(statement.order_by(AuditRecord.id)))


EXPORTS = ("complaints.exported", "citizen.identity_exported")


class TestFiltersAndOrder:
    """An export holds what the queue shows for the same filters, in the same order."""

    async def test_csv_of_the_whole_queue_by_deadline(self, panel: SignIn, queue: Queue) -> None:
        rows = read_csv(await (await panel(BO)).get("/panel/export.csv"))
        assert rows[0][:4] == ["Tiket", "Diajukan (WIB)", "Saluran", "Status"]
        assert rows[0][NIK_COLUMN] == "NIK"
        assert tickets_of(rows, queue) == ["ani", "dedi", "budi", "citra", "euis"]
        ani = rows[1]
        assert ani[3] == "Diterima" and ani[6] == "Bubulak" and ani[7] == "32.71.04.1003"
        assert ani[8] == "Ani Suryani"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", ani[1])

    async def test_the_queues_filters_apply(self, panel: SignIn, queue: Queue) -> None:
        user = await panel(SUP)
        cases = {
            (("status", "needs_info"), ("status", "in_review")): ["budi", "citra"],
            (("category", "pkh"), ("kecamatan", "32.71.04")): ["ani", "citra"],
            (("assignee", "none"),): ["dedi", "budi", "euis"],
            (("channel", "walk_in"),): ["budi"],
            (("overdue", "1"),): ["ani"],
            (("sort", "newest"),): ["dedi", "citra", "budi", "ani", "euis"],
        }
        for params, expected in cases.items():
            response = await user.client.get("/panel/export.csv", params=list(params))
            assert tickets_of(read_csv(response), queue) == expected, params
            sheet = await user.client.get("/panel/export.xlsx", params=list(params))
            assert tickets_of(read_xlsx(sheet), queue) == expected, params

    async def test_a_posted_search_exports_what_it_found(self, panel: SignIn, queue: Queue) -> None:
        user = await panel(BO)
        rows = read_csv(await user.post("/panel/export.csv", {"q": "3271045001900011"}))
        assert tickets_of(rows, queue) == ["ani"]

    async def test_an_unknown_code_is_explained_not_exported(
        self, panel: SignIn, queue: Queue
    ) -> None:
        response = await (await panel(BO)).get("/panel/export.csv", category="nope")
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("text/html")
        assert "Unknown category" in response.text


class TestIdentityNumbers:
    """NIK masked in every export; full only for supervisors and admins, asked by the form."""

    @pytest.mark.parametrize("role", [BO, SUP, ADMIN])
    async def test_masked_by_default_for_every_role(
        self, panel: SignIn, queue: Queue, role: Role
    ) -> None:
        user = await panel(role)
        for response in (
            await user.get("/panel/export.csv"),
            await user.post("/panel/export.csv", {"identity": "masked"}),
        ):
            rows = read_csv(response)
            assert rows[1][NIK_COLUMN] == "3271********0011"
            assert SPECS["ani"].nik not in response.content.decode("utf-8-sig")
        sheet = read_xlsx(await user.get("/panel/export.xlsx"))
        assert sheet[1][NIK_COLUMN] == "3271********0011"

    @pytest.mark.parametrize("role", [SUP, ADMIN])
    async def test_full_nik_for_managers_audited_as_such(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession], role: Role
    ) -> None:
        user = await panel(role)
        rows = read_xlsx(
            await user.post("/panel/export.xlsx", {"identity": "full", "category": "pkh"})
        )
        assert {row[NIK_COLUMN] for row in rows[1:]} == {
            SPECS[name].nik for name in ("ani", "citra", "euis")
        }
        (record,) = await audits(db, *EXPORTS)
        assert record.action == "citizen.identity_exported"
        assert (record.actor_role, record.actor_id) == (role.value, str(user.user_id))
        assert record.detail["identity"] == "full" and record.detail["rows"] == 3
        assert record.detail["filters"] == {"category": "pkh"}
        async with db() as session:
            people = await session.scalars(
                select(Citizen.id).where(Citizen.full_name.in_(
                    [SPECS[name].name for name in ("ani", "citra", "euis")]
                ))
            )  # fmt: skip
            assert record.detail["citizen_ids"] == sorted(people)

    async def test_back_office_may_not_export_full_nik(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await (await panel(BO)).post("/panel/export.csv", {"identity": "full"})
        assert response.status_code == 403
        assert "text/html" in response.headers["content-type"]
        assert SPECS["ani"].nik not in response.text
        assert await audits(db, *EXPORTS) == []

    async def test_a_link_cannot_ask_for_full_nik(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await (await panel(SUP)).get("/panel/export.csv", identity="full")
        assert response.status_code == 400
        assert "text/html" in response.headers["content-type"]
        assert "hanya dapat diminta lewat formulir" in response.text
        assert await audits(db, *EXPORTS) == []

    async def test_a_post_without_the_csrf_token_is_refused(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(SUP)
        response = await user.post("/panel/export.csv", {"identity": "full"}, csrf=False)
        assert response.status_code == 403
        assert await audits(db, *EXPORTS) == []


class TestAudit:
    """Every export is in the audit log with its format, filters and number of rows."""

    async def test_each_export_is_recorded(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(BO)
        await user.client.get(
            "/panel/export.csv", params=[("status", "received"), ("status", "in_review")]
        )
        await user.get("/panel/export.xlsx", overdue="1", sort="newest")
        first, second = await audits(db, *EXPORTS)
        assert first.action == second.action == "complaints.exported"
        assert first.actor_id == str(user.user_id) and first.ip_address
        assert first.detail == {
            "format": "csv", "filters": {"status": ["received", "in_review"]}, "sort": "due",
            "rows": 2, "identity": "masked",
        }  # fmt: skip
        assert second.detail["format"] == "xlsx" and second.detail["rows"] == 1
        assert second.detail["filters"] == {"overdue": True} and second.detail["sort"] == "newest"

    async def test_a_search_is_recorded_by_its_kind_not_its_text(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(SUP)
        await user.post("/panel/export.csv", {"q": SPECS["ani"].nik})
        await user.post("/panel/export.csv", {"q": queue.tickets["budi"]})
        by_nik, by_ticket = await audits(db, *EXPORTS)
        assert by_nik.detail["filters"] == {"search": "identity"}
        assert SPECS["ani"].nik not in str(by_nik.detail)
        assert by_ticket.detail["filters"] == {"search": "ticket", "ticket": queue.tickets["budi"]}


class TestFormulaInjection:
    """Text a citizen typed never runs as a formula in a spreadsheet."""

    async def test_cells_that_start_like_formulas_stay_text(
        self, panel: SignIn, queue: Queue, db: async_sessionmaker[AsyncSession]
    ) -> None:
        async with unit_of_work(db) as session:
            complaint = await get_by_ticket(session, queue.tickets["ani"])
            assert complaint is not None
            complaint.description = "+SUM(A1:A9)"
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            citizen.full_name = '=HYPERLINK("http://evil.example","klik")'
            budi = await get_by_ticket(session, queue.tickets["budi"])
            assert budi is not None
            budi.description = "@cmd|' /C calc'!A0"
        user = await panel(SUP)
        rows = read_csv(await user.get("/panel/export.csv"))
        ani, budi_row = rows[1], rows[3]
        assert ani[8] == '\'=HYPERLINK("http://evil.example","klik")'
        assert ani[-1] == "'+SUM(A1:A9)"
        assert budi_row[-1] == "'@cmd|' /C calc'!A0"
        assert ani[0] == queue.tickets["ani"]  # ordinary text is left alone

        response = await user.get("/panel/export.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        name, description = sheet.cell(row=2, column=9), sheet.cell(row=2, column=17)
        assert name.value == '=HYPERLINK("http://evil.example","klik")'
        assert name.data_type == "s" and name.quotePrefix
        assert description.value == "+SUM(A1:A9)" and description.data_type == "s"
        assert description.quotePrefix
        assert not sheet.cell(row=2, column=1).quotePrefix


class TestTheExportPage:
    """The export page says what will be exported and offers full NIK only to those allowed."""

    async def test_summary_count_and_choices(self, panel: SignIn, queue: Queue) -> None:
        supervisor = await panel(SUP)
        page = await supervisor.get("/panel/export", category="pkh", kecamatan="32.71.04")
        assert page.status_code == 200
        assert re.search(r'id="export-count">2 pengaduan akan diekspor', page.text)
        assert "Program Keluarga Harapan (PKH)" in page.text and "Bogor Barat" in page.text
        assert 'name="identity" value="full"' in page.text
        assert 'formaction="/panel/export.xlsx"' in page.text
        assert '<input type="hidden" name="category" value="pkh">' in page.text
        clerk = await panel(BO)
        page = await clerk.get("/panel/export")
        assert re.search(r'id="export-count">5 pengaduan', page.text)
        assert 'value="full"' not in page.text

    async def test_the_queue_links_to_the_exports_with_its_filters(
        self, panel: SignIn, queue: Queue
    ) -> None:
        user = await panel(BO)
        page = (await user.get("/panel", category="pkh", overdue="1")).text
        block = re.search(r'<div class="export-links" id="export-links">(.*?)</div>', page, re.S)
        assert block is not None
        links = re.findall(r'href="(/panel/export[^"]*)"', block.group(1))
        assert {link.split("?")[0] for link in links} == {
            "/panel/export.csv",
            "/panel/export.xlsx",
            "/panel/export",
        }
        for link in links:
            assert "category=pkh" in link and "overdue=1" in link
        exported = read_csv(await user.client.get(links[0].replace("&amp;", "&")))
        assert tickets_of(exported, queue) == ["ani"]

    async def test_with_a_search_the_queue_posts_it(self, panel: SignIn, queue: Queue) -> None:
        page = (await (await panel(BO)).post("/panel", {"q": "Ani Suryani"})).text
        assert not re.findall(r'href="/panel/export[^"]*q=', page)
        assert re.search(r'<form method="post" action="/panel/export.csv"', page)

    async def test_front_office_sees_no_export_links(self, panel: SignIn, queue: Queue) -> None:
        page = (await (await panel(Role.FRONT_OFFICE)).get("/panel")).text
        assert "/panel/export" not in page  # neither the links nor the navigation


class TestTheCap:
    """An export that would hold more than the cap is refused before any row is read."""

    async def test_more_than_the_cap_is_refused(
        self, queue: Queue, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        actor = Actor(ActorRole.SUPERVISOR, staff_id=queue.admin.user_id)
        async with unit_of_work(db) as session:
            assert await count_for_export(session, vault, actor, QueueFilters(), max_rows=4) == (
                4,
                True,
            )
            with pytest.raises(ExportTooLarge):
                await export_queue(
                    session, vault, actor, QueueFilters(), file_format=ExportFormat.CSV,
                    max_rows=4,
                )  # fmt: skip
            export = await export_queue(
                session, vault, actor, QueueFilters(), file_format=ExportFormat.CSV, max_rows=5
            )
            assert len(export.rows) == 5
        assert len(await audits(db, *EXPORTS)) == 1
