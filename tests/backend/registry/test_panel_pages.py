"""The panel's registry pages: the admin's import with its report, and the proposals list."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.db import unit_of_work
from backend.registry.models import (
    InclusionProposal,
    ProposalStatus,
    RegistryImport,
    RegistryRecord,
)
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser
from tests.backend.panel.world import walk_in_form
from tests.backend.registry.files import HEADERS, made_up_people, write_csv, write_xlsx

ROLES = (Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _count(db: async_sessionmaker[AsyncSession], model: type) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _upload(
    user: PanelUser, path: Path, *, csrf: str | None = None, source: str = "DTSEN"
) -> object:
    content_type = XLSX_TYPE if path.suffix == ".xlsx" else "text/csv"
    return await user.client.post(
        "/panel/admin/registry",
        data={"csrf_token": user.csrf if csrf is None else csrf, "source": source},
        files={"file": (path.name, path.read_bytes(), content_type)},
    )


class TestImportPage:
    """Admins upload an export, the same importer runs, and the report is shown and kept."""

    @pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
    async def test_only_admins_open_it(self, role: Role, panel: SignIn) -> None:
        user = await panel(role)
        response = await user.get("/panel/admin/registry")
        assert response.status_code == (200 if role == Role.ADMIN else 403)

    async def test_upload_imports_and_shows_the_report(
        self, panel: SignIn, tmp_path: Path, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(Role.ADMIN)
        people = made_up_people(5)
        rows = [*(p.cells() for p in people), people[1].but(nik="32710").cells(),
                people[2].but(name="").cells()]  # fmt: skip
        header = (*HEADERS["dtks"], "Keterangan")
        path = write_csv(tmp_path / "dtks-desember.csv", [[*row, ""] for row in rows],
                         header=header, delimiter=";", bom=True)  # fmt: skip
        response = await _upload(admin, path, source="DTKS")
        assert response.status_code == 303, response.text[:2000]
        [run] = await _runs(db)
        assert (
            response.headers["location"]
            == f"/panel/admin/registry/imports/{run.id}?notice=imported"
        )
        assert (run.file_name, run.source, run.imported_by_staff_id) == (
            "dtks-desember.csv",
            "DTKS",
            admin.user_id,
        )
        page = await admin.client.get(response.headers["location"])
        assert page.status_code == 200
        assert "Impor selesai." in page.text
        assert 'id="count-read">7<' in page.text and 'id="count-inserted">5<' in page.text
        assert 'id="count-rejected">2<' in page.text
        assert 'id="ignored-columns">Keterangan<' in page.text
        assert "NIK tidak 16 digit" in page.text and "NAMA kosong" in page.text
        assert await _count(db, RegistryRecord) == 5

        report = await admin.get(f"/panel/admin/registry/imports/{run.id}/report.csv")
        assert report.status_code == 200
        assert report.headers["content-type"].startswith("text/csv")
        assert f"laporan-impor-{run.id}.csv" in report.headers["content-disposition"]
        lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
        assert [line[0] for line in lines[1:]] == ["7", "8"]
        # The history lists the run with its counts and who ran it.
        history = await admin.get("/panel/admin/registry")
        assert "dtks-desember.csv" in history.text and "5 / 0 / 0 / 2" in history.text

    async def test_the_same_file_again_changes_nothing(
        self, panel: SignIn, tmp_path: Path, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(Role.ADMIN)
        path = write_xlsx(tmp_path / "dtsen.xlsx", made_up_people(4))
        assert (await _upload(admin, path)).status_code == 303
        again = await _upload(admin, path)
        page = await admin.client.get(again.headers["location"])
        assert 'id="count-unchanged">4<' in page.text and 'id="count-inserted">0<' in page.text
        assert "Semua baris diterima." in page.text
        assert await _count(db, RegistryRecord) == 4

    async def test_an_unreadable_file_is_refused_and_nothing_is_kept(
        self, panel: SignIn, tmp_path: Path, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(Role.ADMIN)
        path = tmp_path / "daftar.csv"
        path.write_text("NAMA;ALAMAT\nSiti;Jl. Mawar\n", encoding="utf-8")
        response = await _upload(admin, path)
        assert response.status_code == 422
        assert "Berkas tidak diimpor; tidak ada yang berubah." in response.text
        assert "Kolom wajib tidak ditemukan" in response.text
        assert (await _count(db, RegistryImport), await _count(db, RegistryRecord)) == (0, 0)

    async def test_no_file_is_explained(self, panel: SignIn) -> None:
        admin = await panel(Role.ADMIN)
        response = await admin.post("/panel/admin/registry", {"source": "DTSEN"})
        assert response.status_code == 422
        assert "Pilih berkas CSV atau XLSX" in response.text

    async def test_an_upload_without_the_csrf_token_is_refused(
        self, panel: SignIn, tmp_path: Path, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(Role.ADMIN)
        path = write_csv(tmp_path / "dtsen.csv", made_up_people(2))
        response = await _upload(admin, path, csrf="forged")
        assert response.status_code == 403
        assert await _count(db, RegistryImport) == 0

    @pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.BACK_OFFICE, Role.FRONT_OFFICE])
    async def test_other_roles_may_not_upload(
        self, role: Role, panel: SignIn, tmp_path: Path, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(role)
        response = await _upload(user, write_csv(tmp_path / "dtsen.csv", made_up_people(2)))
        assert response.status_code == 403
        assert await _count(db, RegistryRecord) == 0

    async def test_an_unknown_report_is_not_found(self, panel: SignIn) -> None:
        admin = await panel(Role.ADMIN)
        assert (await admin.get("/panel/admin/registry/imports/999")).status_code == 404
        assert (await admin.get("/panel/admin/registry/imports/999/report.csv")).status_code == 404


async def _runs(db: async_sessionmaker[AsyncSession]) -> list[RegistryImport]:
    async with db() as session:
        return list(await session.scalars(select(RegistryImport).order_by(RegistryImport.id)))


async def _proposals(db: async_sessionmaker[AsyncSession]) -> dict[int, InclusionProposal]:
    async with db() as session:
        return {p.id: p for p in await session.scalars(select(InclusionProposal))}


@pytest.fixture
async def proposed(panel: SignIn, db: async_sessionmaker[AsyncSession]) -> list[int]:
    """Three unregistered households filed at the desk; the first proposal is verified."""
    clerk = await panel(Role.FRONT_OFFICE)
    for person in made_up_people(3):
        response = await clerk.post("/panel/walk-in", walk_in_form(nik=person.nik))
        assert response.status_code == 303
    ids = sorted(await _proposals(db))
    async with unit_of_work(db) as session:
        first = await session.get_one(InclusionProposal, ids[0])
        first.status = ProposalStatus.VERIFIED  # set-up
    return ids


class TestProposalsPage:
    """Back office lists, filters, moves and exports the proposals."""

    @pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
    async def test_who_may_open_it(self, role: Role, panel: SignIn, proposed: list[int]) -> None:
        user = await panel(role)
        response = await user.get("/panel/proposals")
        allowed = role in (Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN)
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            assert all(f'id="proposal-{pid}"' in response.text for pid in proposed)
            assert ">Usulan DTSEN<" in response.text  # the navigation links here

    async def test_the_filter_shows_one_status(self, panel: SignIn, proposed: list[int]) -> None:
        worker = await panel(Role.BACK_OFFICE)
        page = await worker.get("/panel/proposals", status="verified")
        assert f'id="proposal-{proposed[0]}"' in page.text
        assert f'id="proposal-{proposed[1]}"' not in page.text
        assert "Terverifikasi · 1" in page.text and "Diusulkan · 2" in page.text
        unknown = await worker.get("/panel/proposals", status="nonsense")
        assert all(f'id="proposal-{pid}"' in unknown.text for pid in proposed)

    async def test_moving_a_proposal(
        self, panel: SignIn, proposed: list[int], db: async_sessionmaker[AsyncSession]
    ) -> None:
        worker = await panel(Role.BACK_OFFICE)
        target = proposed[1]
        response = await worker.post(
            f"/panel/proposals/{target}/events", {"event": "verify", "status": "proposed"}
        )
        assert response.status_code == 303
        assert response.headers["location"].startswith("/panel/proposals?status=proposed&page=1")
        page = await worker.client.get(response.headers["location"])
        assert f"Status usulan #{target} sekarang: Terverifikasi." in page.text
        moved = (await _proposals(db))[target]
        assert moved.status == ProposalStatus.VERIFIED
        assert moved.status_changed_by_staff_id == worker.user_id

        returned = await worker.post(
            f"/panel/proposals/{target}/events", {"event": "return", "note": "Foto KK buram."}
        )
        assert returned.status_code == 303
        moved = (await _proposals(db))[target]
        assert (moved.status, moved.note) == (ProposalStatus.RETURNED, "Foto KK buram.")

    async def test_a_refused_move_is_explained_and_changes_nothing(
        self, panel: SignIn, proposed: list[int], db: async_sessionmaker[AsyncSession]
    ) -> None:
        worker = await panel(Role.SUPERVISOR)
        target = proposed[1]
        no_note = await worker.post(f"/panel/proposals/{target}/events", {"event": "return"})
        assert no_note.status_code == 422
        assert "Tulis catatan: apa yang perlu diperbaiki." in no_note.text
        wrong_status = await worker.post(f"/panel/proposals/{target}/events", {"event": "include"})
        assert wrong_status.status_code == 409
        assert "tidak dapat diubah seperti itu" in wrong_status.text
        assert (await _proposals(db))[target].status == ProposalStatus.PROPOSED
        missing = await worker.post("/panel/proposals/9999/events", {"event": "verify"})
        assert missing.status_code == 404

    async def test_moves_need_the_csrf_token_and_the_role(
        self, panel: SignIn, proposed: list[int], db: async_sessionmaker[AsyncSession]
    ) -> None:
        worker = await panel(Role.BACK_OFFICE)
        clerk = await panel(Role.FRONT_OFFICE)
        target = proposed[1]
        forged = await worker.post(
            f"/panel/proposals/{target}/events", {"event": "verify", "csrf_token": "x"}, csrf=False
        )
        assert forged.status_code == 403
        assert (
            await clerk.post(f"/panel/proposals/{target}/events", {"event": "verify"})
        ).status_code == 403
        assert (await _proposals(db))[target].status == ProposalStatus.PROPOSED

    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    async def test_export_of_the_filtered_list(
        self, file_format: str, panel: SignIn, proposed: list[int],
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        worker = await panel(Role.SUPERVISOR)
        response = await worker.post(
            "/panel/proposals/export", {"format": file_format, "status": "proposed", "full": "1"}
        )
        assert response.status_code == 200
        assert response.headers["content-disposition"].endswith(f'.{file_format}"')
        if file_format == "csv":
            _, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            ids = [int(row[0]) for row in rows]
            niks = [row[2] for row in rows]
        else:
            sheet = load_workbook(io.BytesIO(response.content))["Usulan DTSEN"]
            values = list(sheet.iter_rows(min_row=2, values_only=True))
            ids, niks = [row[0] for row in values], [row[2] for row in values]
        assert ids == proposed[1:]
        assert all(len(nik) == 16 and "*" not in nik for nik in niks)
        async with db() as session:
            [audit] = list(await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "inclusion_proposal.export")
            ))  # fmt: skip
        assert audit.actor_id == str(worker.user_id)
        assert audit.detail == {"format": file_format, "full": True, "count": 2,
                                "statuses": ["proposed"], "proposal_ids": ids}  # fmt: skip

    async def test_back_office_exports_masked_numbers_only(
        self, panel: SignIn, proposed: list[int]
    ) -> None:
        worker = await panel(Role.BACK_OFFICE)
        page = await worker.get("/panel/proposals")
        assert 'name="full"' not in page.text
        refused = await worker.post("/panel/proposals/export", {"format": "csv", "full": "1"})
        assert refused.status_code == 403
        masked = await worker.post("/panel/proposals/export", {"format": "csv"})
        assert masked.status_code == 200 and "*" in masked.content.decode("utf-8-sig")

    async def test_export_needs_a_format_and_the_csrf_token(
        self, panel: SignIn, proposed: list[int]
    ) -> None:
        worker = await panel(Role.BACK_OFFICE)
        assert (await worker.post("/panel/proposals/export", {"format": "pdf"})).status_code == 422
        forged = await worker.post(
            "/panel/proposals/export", {"format": "csv", "csrf_token": "x"}, csrf=False
        )
        assert forged.status_code == 403
