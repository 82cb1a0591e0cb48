"""Walk-in registration: the chat's validation, consent in person, then the new complaint's page."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.citizens.models import Channel, Citizen
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import walk_in_form


async def _complaints(db: async_sessionmaker[AsyncSession]) -> list[Complaint]:
    async with db() as session:
        return list(await session.scalars(select(Complaint).order_by(Complaint.id)))


class TestRegistering:
    """A correct form registers the complaint on the walk-in channel and shows its ticket."""

    async def test_registers_and_opens_the_complaint_with_its_ticket(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post(
            "/panel/walk-in", walk_in_form(phone="0812-3456-7890", kk="3271040101090001")
        )
        assert response.status_code == 303
        (complaint,) = await _complaints(db)
        assert (
            response.headers["location"]
            == f"/panel/complaints/{complaint.ticket}?notice=registered"
        )
        page = await clerk.client.get(response.headers["location"])
        assert f"Pengaduan terdaftar dengan nomor tiket {complaint.ticket}" in page.text
        assert complaint.channel == Channel.WALK_IN
        assert complaint.status == ComplaintStatus.RECEIVED and complaint.due_on is not None
        assert complaint.filed_by_staff_id == clerk.user_id and complaint.identity_id is None
        async with db() as session:
            citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert citizen.consent_method == "in_person" and citizen.consent_at is not None
        assert citizen.phone == "+6281234567890" and citizen.kk_lookup is not None
        assert "langsung di kantor" in page.text

    async def test_no_nik_files_a_civil_documents_complaint(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.SUPERVISOR)
        response = await clerk.post("/panel/walk-in", walk_in_form(nik="", no_nik="yes", phone=""))
        assert response.status_code == 303
        (complaint,) = await _complaints(db)
        async with db() as session:
            category = await session.get_one(Category, complaint.category_id)
            citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert category.code == "civil_documents"
        assert citizen.nik_lookup is None and citizen.phone is None

    async def test_a_nik_from_elsewhere_is_flagged_not_refused(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post("/panel/walk-in", walk_in_form(nik="3201014501900007"))
        assert response.status_code == 303
        (complaint,) = await _complaints(db)
        assert complaint.nik_outside_city
        assert (
            "NIK dari luar Kota Bogor"
            in (await clerk.client.get(response.headers["location"])).text
        )

    async def test_an_open_complaint_of_the_same_person_is_pointed_out_first(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        form = walk_in_form()
        await clerk.post("/panel/walk-in", form)
        (first,) = await _complaints(db)
        again = await clerk.post(
            "/panel/walk-in", form | {"description": "Masih belum bisa dipakai juga minggu ini."}
        )
        assert again.status_code == 409
        assert f'href="/panel/complaints/{first.ticket}"' in again.text
        assert "Masih belum bisa dipakai juga minggu ini." in again.text
        confirmed = await clerk.post("/panel/walk-in", form | {"confirm_duplicate": "yes"})
        assert confirmed.status_code == 303
        assert len(await _complaints(db)) == 2


class TestValidation:
    """Each wrong field is named with the chat's rule, the other values kept, nothing stored."""

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"consent": ""}, "consent", "Persetujuan warga wajib dicatat"),
            ({"nik": "3271"}, "nik", "NIK harus 16 angka."),
            ({"nik": "3271041501900000"}, "nik", "Empat angka terakhir NIK tidak boleh 0000."),
            ({"nik": "3271043201900001"}, "nik", "Tanggal lahir di dalam NIK"),
            ({"nik": ""}, "nik", "Isi NIK, atau centang"),
            ({"kk": "12"}, "kk", "Nomor KK harus 16 angka."),
            ({"phone": "+1 202 555 0100"}, "phone", "Gunakan nomor Indonesia"),
            ({"phone": "08abc"}, "phone", "Nomor HP tidak valid."),
            ({"full_name": "R2-D2"}, "full_name", "Nama hanya boleh berisi huruf"),
            ({"kelurahan": "32.71.99.9999"}, "kelurahan", "Pilih kelurahan."),
            ({"address": "Jl"}, "address", "Alamat terlalu singkat"),
            ({"category": "tidak-ada"}, "category", "Pilih kategori."),
            ({"description": "Tidak cair"}, "description", "Uraian terlalu singkat"),
        ],
        ids=lambda value: value if isinstance(value, str) else None,
    )
    async def test_a_wrong_field_is_explained(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession],
        changes: dict[str, str], field: str, message: str,
    ) -> None:  # fmt: skip
        clerk = await panel(Role.FRONT_OFFICE)
        form = walk_in_form(**changes)
        response = await clerk.post("/panel/walk-in", form)
        assert response.status_code == 422
        assert message in response.text
        assert f'id="{field}-error"' in response.text
        # What was typed stays in the form (escaped), so the clerk only corrects one field.
        assert f'value="{form["full_name"]}"' in response.text or field == "full_name"
        assert form["description"] in response.text or field == "description"
        assert await _complaints(db) == []

    async def test_markup_typed_into_the_form_comes_back_escaped(self, panel: SignIn) -> None:
        clerk = await panel(Role.FRONT_OFFICE)
        response = await clerk.post(
            "/panel/walk-in", walk_in_form(full_name='"><script>x</script>', consent="")
        )
        assert response.status_code == 422
        assert "<script>x</script>" not in response.text
        assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in response.text
