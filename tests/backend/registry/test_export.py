"""The proposals exported for the verification round, as CSV and as XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.citizens.service import save_citizen
from backend.clock import local_date
from backend.complaints.service import register_complaint
from backend.errors import Forbidden
from backend.registry.export import EXPORT_HEADER, export_proposals
from backend.registry.models import ProposalStatus
from backend.registry.proposals import move_proposal
from backend.registry.repository import proposal_of_citizen
from backend.security.crypto import Vault
from tests.backend.registry.files import made_up_nik
from tests.fixtures.factories import BUBULAK, category

BACK_OFFICE = Actor(ActorRole.BACK_OFFICE, staff_id=None)
SUPERVISOR = Actor(ActorRole.SUPERVISOR, staff_id=None)
NIK_A, NIK_B = made_up_nik(9001), made_up_nik(9002)
KK_A = "3271050101200001"


async def _unregistered_complaint(
    session: AsyncSession, vault: Vault, nik: str, *, name: str, address: str,
    kk: str | None = None, code: str = "pkh",
) -> Complaint:  # fmt: skip
    citizen = await save_citizen(
        session, vault, full_name=name, nik=nik, kk=kk, phone="+6281234567890",
        kelurahan_code=BUBULAK, address=address, consent_method="in_person",
    )  # fmt: skip
    return await register_complaint(
        session, citizen=citizen, category=await category(session, code),
        description="Belum pernah dapat bantuan apa pun.", channel=Channel.WALK_IN,
        actor=Actor(ActorRole.FRONT_OFFICE),
    )  # fmt: skip


@pytest.fixture
async def two_households(session: AsyncSession, vault: Vault) -> list[Complaint]:
    """Two unregistered households; the first filed twice and its proposal verified."""
    first = await _unregistered_complaint(
        session, vault, NIK_A, name="Siti Aminah", kk=KK_A, address="Jl. Mawar No. 5, RT 02/RW 03"
    )
    again = await _unregistered_complaint(
        session, vault, NIK_A, name="Siti Aminah", address="Jl. Mawar No. 5", code="bpnt"
    )
    # An address typed to look like a formula must stay text in a spreadsheet.
    second = await _unregistered_complaint(
        session, vault, NIK_B, name="Ujang Suherman", address='=HYPERLINK("http://x","klik")'
    )
    proposal = await proposal_of_citizen(session, first.citizen_id)
    assert proposal is not None
    await move_proposal(session, proposal, "verify", BACK_OFFICE)
    return [first, again, second]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


class TestCsv:
    """One line per proposal, complaints joined, NIK masked unless the full export is asked."""

    async def test_masked_export_of_every_proposal(
        self, session: AsyncSession, vault: Vault, two_households: list[Complaint]
    ) -> None:
        first, again, second = two_households
        data = await export_proposals(session, vault, BACK_OFFICE, file_format="csv")
        header, row_a, row_b = _csv_rows(data)
        assert tuple(header) == EXPORT_HEADER
        today = local_date(first.created_at).isoformat()
        assert row_a[1:7] == [
            "Terverifikasi / verified",
            "3271********" + NIK_A[-4:],
            "3271********0001",
            "Siti Aminah",
            "Bogor Barat",
            "Bubulak",
        ]
        assert row_a[7:11] == [BUBULAK, "Jl. Mawar No. 5, RT 02/RW 03",
                               f"{first.ticket}, {again.ticket}", "bpnt, pkh"]  # fmt: skip
        assert (row_a[11], row_b[11]) == (today, today)
        assert row_b[1] == "Diusulkan / proposed" and row_b[3] == ""
        assert row_b[8] == '\'=HYPERLINK("http://x","klik")'
        assert row_b[9] == second.ticket

    async def test_full_export_shows_nik_and_kk_and_is_audited_as_full(
        self, session: AsyncSession, vault: Vault, two_households: list[Complaint]
    ) -> None:
        data = await export_proposals(session, vault, SUPERVISOR, file_format="csv", full=True)
        _, row_a, row_b = _csv_rows(data)
        assert (row_a[2], row_a[3], row_b[2]) == (NIK_A, KK_A, NIK_B)
        [audit] = list(await session.scalars(
            select(AuditRecord).where(AuditRecord.action == "inclusion_proposal.export")
        ))  # fmt: skip
        assert audit.detail == {
            "format": "csv", "full": True, "count": 2, "statuses": [],
            "proposal_ids": [int(row_a[0]), int(row_b[0])],
        }  # fmt: skip

    async def test_back_office_may_export_only_masked_numbers(
        self, session: AsyncSession, vault: Vault, two_households: list[Complaint]
    ) -> None:
        with pytest.raises(Forbidden):
            await export_proposals(session, vault, BACK_OFFICE, file_format="csv", full=True)
        audits = await session.scalars(
            select(AuditRecord).where(AuditRecord.action == "inclusion_proposal.export")
        )
        assert list(audits) == []

    async def test_a_status_filter_exports_only_those(
        self, session: AsyncSession, vault: Vault, two_households: list[Complaint]
    ) -> None:
        data = await export_proposals(
            session, vault, BACK_OFFICE, file_format="csv", statuses=[ProposalStatus.PROPOSED]
        )
        _, *rows = _csv_rows(data)
        assert [row[4] for row in rows] == ["Ujang Suherman"]

    @pytest.mark.parametrize("role", [ActorRole.FRONT_OFFICE, ActorRole.FACILITATOR])
    async def test_roles_outside_the_round_may_not_export(
        self, role: ActorRole, session: AsyncSession, vault: Vault, two_households: list[Complaint]
    ) -> None:
        with pytest.raises(Forbidden):
            await export_proposals(session, vault, Actor(role), file_format="csv")
        audits = await session.scalars(
            select(AuditRecord).where(AuditRecord.action == "inclusion_proposal.export")
        )
        assert list(audits) == []


class TestXlsx:
    """The same rows in a workbook: NIK and KK as text, dates as dates, no formula runs."""

    async def test_workbook_content_and_cell_types(
        self, session: AsyncSession, vault: Vault, two_households: list[Complaint]
    ) -> None:
        first, again, _ = two_households
        data = await export_proposals(session, vault, SUPERVISOR, file_format="xlsx", full=True)
        workbook = load_workbook(io.BytesIO(data))
        sheet = workbook["Usulan DTSEN"]
        rows = list(sheet.iter_rows())
        assert tuple(cell.value for cell in rows[0]) == EXPORT_HEADER
        assert rows[0][0].font.bold
        nik, kk = rows[1][2], rows[1][3]
        assert (nik.value, nik.data_type, nik.number_format) == (NIK_A, "s", "@")
        assert (kk.value, kk.number_format) == (KK_A, "@")
        assert rows[1][9].value == f"{first.ticket}, {again.ticket}"
        proposed_on = rows[1][11].value
        assert proposed_on.date() == local_date(first.created_at) and isinstance(
            proposed_on.date(), date
        )
        address = rows[2][8]
        assert address.data_type == "s" and address.value == '=HYPERLINK("http://x","klik")'
        [audit] = list(await session.scalars(
            select(AuditRecord).where(AuditRecord.action == "inclusion_proposal.export")
        ))  # fmt: skip
        assert audit.detail["format"] == "xlsx" and audit.detail["count"] == 2
