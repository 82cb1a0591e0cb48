"""The admin pages: staff accounts, categories with their SLA, agencies; checked and audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.casefiles.models import Category
from backend.casefiles.repository import list_active_categories
from backend.complaints.categories import REQUIRED_CATEGORIES
from backend.complaints.filing import NO_NIK_CATEGORY
from backend.db import unit_of_work
from backend.referrals.models import Agency, AgencyLevel
from backend.referrals.repository import list_active_agencies
from backend.staff.auth import check_password
from backend.staff.models import Role, StaffUser
from backend.staff.throttle import SigninThrottle
from tests.backend.api.helpers import enrol_two_factor
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.helpers import PanelUser
from tests.backend.panel.tables import table_rows

ADMIN, BO, SUP = Role.ADMIN, Role.BACK_OFFICE, Role.SUPERVISOR
NEW_USER = {
    "full_name": "Dewi Lestari", "email": "Dewi.Lestari@dinsos.example", "role": "back_office",
    "password_choice": "generate",
}  # fmt: skip
PKH_FORM = {
    "name_id": "Program Keluarga Harapan (PKH)", "name_en": "Family Hope Program (PKH)",
    "default_agency": "pkh", "sla_triage_days": "3", "sla_disposition_days": "5",
    "sla_resolution_days": "14", "sla_referral_days": "14", "sort_order": "0",
}  # fmt: skip
AGENCY_FORM = {
    "code": "baznas", "name_id": "BAZNAS Kota Bogor", "name_en": "BAZNAS, Kota Bogor",
    "level": "non_government", "contact": "Jl. Pemuda No. 1\n0251-000000",
}  # fmt: skip


async def actions(db: async_sessionmaker[AsyncSession], prefix: str) -> list[AuditRecord]:
    """Audit records whose action starts with `prefix`, oldest first."""
    async with db() as session:
        statement = select(AuditRecord).where(AuditRecord.action.startswith(prefix))
        return list(await session.scalars(statement.order_by(AuditRecord.id)))


async def account(db: async_sessionmaker[AsyncSession], email: str) -> StaffUser:
    """The account with this email, as stored now."""
    async with db() as session:
        user = await session.scalar(select(StaffUser).where(StaffUser.email == email))
        assert user is not None
        return user


def errors_of(html: str) -> dict[str, str]:
    """The message under each field that was refused."""
    return dict(re.findall(r'<p class="field-error" id="([a-z_]+)-error">([^<]*)</p>', html))


class TestUsers:
    """Create, list, change role, (de)activate, unlock and set passwords of staff accounts."""

    async def test_create_with_a_generated_password_shown_once(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        form = await admin.get("/panel/admin/users/new")
        assert 'name="csrf_token"' in form.text
        page = await admin.post("/panel/admin/users", NEW_USER)
        assert page.status_code == 201
        found = re.search(r'id="generated-password">([^<]+)<', page.text)
        assert found is not None
        password = found.group(1)
        async with unit_of_work(db) as session:
            outcome = await check_password(
                session, SigninThrottle(), "dewi.lestari@dinsos.example", password
            )
            assert outcome.user is not None and outcome.user.role == BO
        (record,) = await actions(db, "staff.created")
        assert record.actor_id == str(admin.user_id)
        assert record.detail == {"email": "dewi.lestari@dinsos.example", "role": "back_office"}
        assert password not in str(record.detail)
        listing = await admin.get("/panel/admin/users")
        assert "Dewi Lestari" in listing.text and password not in listing.text

    async def test_create_with_a_typed_password(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        typed = NEW_USER | {"password_choice": "type", "password": "sandi-ketik-sendiri"}
        page = await admin.post("/panel/admin/users", typed)
        assert page.status_code == 201
        assert "sandi-ketik-sendiri" not in page.text and 'id="generated-password"' not in page.text
        async with unit_of_work(db) as session:
            outcome = await check_password(
                session, SigninThrottle(), NEW_USER["email"], "sandi-ketik-sendiri"
            )
            assert outcome.user is not None

    async def test_each_wrong_field_gets_its_message_and_nothing_is_made(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        wrong = {
            "full_name": "", "email": "dewi-at-dinsos", "role": "facilitator",
            "password_choice": "type", "password": "rahasia1",
        }  # fmt: skip
        page = await admin.post("/panel/admin/users", wrong)
        assert page.status_code == 422
        assert errors_of(page.text) == {
            "full_name": "Wajib diisi.",
            "email": "Tulis alamat email yang lengkap, misalnya nama@dinsos.kotabogor.go.id.",
            "role": "Pilih salah satu pilihan yang ada.",
            "password": "Kata sandi baru terlalu pendek: paling sedikit 10 karakter.",
        }
        assert 'value="dewi-at-dinsos"' in page.text and "rahasia1" not in page.text
        assert await actions(db, "staff.created") == []

    async def test_a_taken_email_is_refused(self, panel: SignIn) -> None:
        admin = await panel(ADMIN)
        await admin.post("/panel/admin/users", NEW_USER)
        again = await admin.post("/panel/admin/users", NEW_USER | {"full_name": "Dewi Kedua"})
        assert again.status_code == 409
        assert errors_of(again.text)["email"] == "Email ini sudah dipakai akun lain."

    async def test_english_messages(self, panel: SignIn) -> None:
        admin = await panel(ADMIN)
        await admin.post("/panel/language", {"language": "en", "next": "/panel/admin/users/new"})
        page = await admin.post("/panel/admin/users", NEW_USER | {"full_name": ""})
        assert errors_of(page.text) == {"full_name": "Required."}

    async def test_change_role_applies_at_once(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin, clerk = await panel(ADMIN), await panel(BO)
        assert (await clerk.get("/panel/walk-in")).status_code == 403
        response = await admin.post(
            f"/panel/admin/users/{clerk.user_id}/role", {"role": "supervisor"}
        )
        assert response.status_code == 303
        assert response.headers["location"].endswith("notice=role-changed")
        # The new role at once, with its rule: a supervisor sets up two factors first.
        first = await clerk.get("/panel/walk-in")
        assert (first.status_code, first.headers["location"]) == (303, "/panel/two-factor")
        async with unit_of_work(db) as session:
            enrol_two_factor(await session.get_one(StaffUser, clerk.user_id))
        assert (await clerk.get("/panel/walk-in")).status_code == 200
        (record,) = await actions(db, "staff.role_changed")
        assert record.detail == {"from": "back_office", "to": "supervisor"}
        page = await admin.get(f"/panel/admin/users/{clerk.user_id}?notice=role-changed")
        assert "Manajer SLRT" in page.text and "Peran diubah" in page.text

    async def test_deactivate_ends_the_session_and_reactivate(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin, clerk = await panel(ADMIN), await panel(BO)
        response = await admin.post(f"/panel/admin/users/{clerk.user_id}/active", {"active": "0"})
        assert response.status_code == 303
        assert (await clerk.get("/panel")).status_code == 303  # to the login page
        assert not (await account(db, clerk.email)).is_active
        await admin.post(f"/panel/admin/users/{clerk.user_id}/active", {"active": "1"})
        assert (await account(db, clerk.email)).is_active
        assert [r.action for r in await actions(db, "staff.")] == [
            "staff.deactivated",
            "staff.activated",
        ]

    async def test_an_admin_cannot_deactivate_or_demote_themself(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        own = f"/panel/admin/users/{admin.user_id}"
        page = await admin.get(own)
        assert 'id="form-active"' not in page.text and "Ini akun Anda sendiri" in page.text
        for path, form in (
            (own + "/active", {"active": "0"}),
            (own + "/role", {"role": "back_office"}),
        ):
            refused = await admin.post(path, form)
            assert refused.status_code == 409
            assert "tidak dapat menonaktifkan atau mengubah peran akun Anda sendiri" in refused.text
        stored = await account(db, admin.email)
        assert stored.is_active and stored.role == ADMIN
        assert await actions(db, "staff.deactivated") == []

    async def test_new_password(self, panel: SignIn, db: async_sessionmaker[AsyncSession]) -> None:
        admin, clerk = await panel(ADMIN), await panel(BO)
        page = await admin.get(f"/panel/admin/users/{clerk.user_id}")
        # No lock to lift any more; a clerk without two factors has none to reset either.
        assert "form-unlock" not in page.text and "form-two-factor-reset" not in page.text
        short = await admin.post(
            f"/panel/admin/users/{clerk.user_id}/password",
            {"password_choice": "type", "password": "pendek"},
        )
        assert short.status_code == 422 and "terlalu pendek" in short.text
        fresh = await admin.post(
            f"/panel/admin/users/{clerk.user_id}/password", {"password_choice": "generate"}
        )
        assert fresh.status_code == 200
        password = re.search(r'id="generated-password">([^<]+)<', fresh.text)
        assert password is not None
        assert (await clerk.get("/panel")).status_code == 303  # its session ended
        async with unit_of_work(db) as session:
            outcome = await check_password(
                session, SigninThrottle(), clerk.email, password.group(1)
            )
            assert outcome.user is not None
        assert [r.action for r in await actions(db, "staff.")][:1] == ["staff.password_reset"]

    async def test_a_form_without_its_csrf_token_changes_nothing(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin, clerk = await panel(ADMIN), await panel(BO)
        response = await admin.post(
            f"/panel/admin/users/{clerk.user_id}/role", {"role": "admin"}, csrf=False
        )
        assert response.status_code == 403
        assert (await account(db, clerk.email)).role == BO

    async def test_the_list_shows_roles_and_states(self, panel: SignIn) -> None:
        admin, clerk = await panel(ADMIN), await panel(BO)
        await admin.post(f"/panel/admin/users/{clerk.user_id}/active", {"active": "0"})
        rows = {
            row[0]: row for row in table_rows((await admin.get("/panel/admin/users")).text, "users")
        }
        clerk_row = next(row for name, row in rows.items() if name.startswith("Back_Office"))
        assert clerk_row[2:4] == ["Petugas pengolah", "Nonaktif"]


class TestCategories:
    """Names, deadlines in working days and default agency; codes are final."""

    async def test_the_list_shows_each_sla(self, panel: SignIn) -> None:
        page = (await (await panel(ADMIN)).get("/panel/admin/categories")).text
        rows = {row[0]: row[1:] for row in table_rows(page, "categories")}
        assert rows["Program Keluarga Harapan (PKH) pkh"][:5] == [
            "3",
            "5",
            "14",
            "14",
            "Koordinator PKH Kota Bogor",
        ]

    async def test_edit_deadlines_and_agency_audited(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        form = await admin.get("/panel/admin/categories/pkh")
        assert 'value="14"' in form.text and '<option value="pkh" selected>' in form.text
        changed = PKH_FORM | {"sla_triage_days": "4", "default_agency": "kemensos"}
        response = await admin.post("/panel/admin/categories/pkh", changed)
        assert response.status_code == 303
        async with db() as session:
            pkh = await session.scalar(select(Category).where(Category.code == "pkh"))
            kemensos = await session.scalar(select(Agency).where(Agency.code == "kemensos"))
            assert pkh is not None and kemensos is not None
            assert (pkh.sla_triage_days, pkh.default_agency_id) == (4, kemensos.id)
        (record,) = await actions(db, "category.")
        assert record.action == "category.updated"
        assert record.detail == {
            "code": "pkh",
            "changes": {"default_agency": ["pkh", "kemensos"], "sla_triage_days": [3, 4]},
        }

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("sla_triage_days", "0", "Isi angka bulat dari 1 sampai 60."),
            ("sla_referral_days", "61", "Isi angka bulat dari 1 sampai 60."),
            ("sla_resolution_days", "lima", "Isi angka bulat dari 1 sampai 60."),
            ("name_id", "", "Wajib diisi."),
            ("name_en", "X", "Panjangnya 2 sampai 120 karakter."),
            ("default_agency", "tidak_ada", "Pilih salah satu pilihan yang ada."),
            ("sort_order", "-1", "Isi angka bulat dari 0 sampai 999."),
        ],
    )
    async def test_a_wrong_value_is_refused_in_words(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], field: str, value: str,
        message: str,
    ) -> None:  # fmt: skip
        response = await (await panel(ADMIN)).post(
            "/panel/admin/categories/pkh", PKH_FORM | {field: value}
        )
        assert response.status_code == 422
        assert errors_of(response.text) == {field: message}
        assert await actions(db, "category.") == []

    async def test_create_a_category_and_its_code_is_checked(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        form = PKH_FORM | {
            "code": "bansos_lain", "name_id": "Bantuan sosial lain", "name_en": "Other aid",
            "default_agency": "", "sort_order": "50",
        }  # fmt: skip
        assert (await admin.post("/panel/admin/categories", form)).status_code == 303
        async with db() as session:
            codes = [category.code for category in await list_active_categories(session)]
        assert "bansos_lain" in codes
        taken = await admin.post("/panel/admin/categories", form)
        assert taken.status_code == 409
        assert errors_of(taken.text) == {"code": "Kode ini sudah dipakai."}
        bad = await admin.post("/panel/admin/categories", form | {"code": "Bansos Lain!"})
        assert bad.status_code == 422 and "code" in errors_of(bad.text)
        (record,) = await actions(db, "category.created")
        assert record.detail["code"] == "bansos_lain" and record.detail["default_agency"] is None

    async def test_deactivate_and_the_category_the_intake_needs(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        off = await admin.post("/panel/admin/categories/other_social/active", {"active": "0"})
        assert off.status_code == 303
        async with db() as session:
            codes = {category.code for category in await list_active_categories(session)}
        assert "other_social" not in codes
        walk_in = await (await panel(SUP)).get("/panel/walk-in")
        assert 'value="other_social"' not in walk_in.text
        kept = await admin.post(
            f"/panel/admin/categories/{NO_NIK_CATEGORY}/active", {"active": "0"}
        )
        assert kept.status_code == 409
        assert "tidak punya NIK" in kept.text
        assert [r.action for r in await actions(db, "category.")] == ["category.deactivated"]

    def test_the_category_kept_for_no_nik_is_the_intakes(self) -> None:
        assert {NO_NIK_CATEGORY} == REQUIRED_CATEGORIES

    async def test_an_unknown_code_is_not_found(self, panel: SignIn) -> None:
        assert (
            await (await panel(ADMIN)).get("/panel/admin/categories/tidak_ada")
        ).status_code == 404


class TestAgencies:
    """Create, edit and (de)activate agencies; one that a category defaults to stays active."""

    async def test_create_edit_and_audit(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        assert (await admin.post("/panel/admin/agencies", AGENCY_FORM)).status_code == 303
        edited = AGENCY_FORM | {"name_id": "BAZNAS Kota Bogor (Zakat)", "level": "city"}
        assert (await admin.post("/panel/admin/agencies/baznas", edited)).status_code == 303
        async with db() as session:
            baznas = await session.scalar(select(Agency).where(Agency.code == "baznas"))
        assert baznas is not None
        assert (baznas.name_id, baznas.level) == ("BAZNAS Kota Bogor (Zakat)", AgencyLevel.CITY)
        assert baznas.contact == "Jl. Pemuda No. 1\n0251-000000"
        created, updated = await actions(db, "agency.")
        assert created.action == "agency.created" and created.detail["code"] == "baznas"
        assert updated.detail["changes"] == {
            "name_id": ["BAZNAS Kota Bogor", "BAZNAS Kota Bogor (Zakat)"],
            "level": ["non_government", "city"],
        }
        listing = (await admin.get("/panel/admin/agencies")).text
        assert "BAZNAS Kota Bogor (Zakat)" in listing and "Kota" in listing

    async def test_wrong_values_are_refused_in_words(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        wrong = AGENCY_FORM | {"code": "1x", "name_en": "", "level": "planet", "contact": "x" * 501}
        response = await admin.post("/panel/admin/agencies", wrong)
        assert response.status_code == 422
        assert errors_of(response.text) == {
            "code": (
                "Kode hanya boleh berisi huruf kecil, angka dan garis bawah (2–40), diawali huruf."
            ),
            "name_en": "Wajib diisi.",
            "level": "Pilih salah satu pilihan yang ada.",
            "contact": "Terlalu panjang (paling banyak 500 karakter).",
        }
        await admin.post("/panel/admin/agencies", AGENCY_FORM)
        taken = await admin.post("/panel/admin/agencies", AGENCY_FORM)
        assert taken.status_code == 409 and "Kode ini sudah dipakai." in taken.text

    async def test_deactivate_unless_a_category_defaults_to_it(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await panel(ADMIN)
        used = await admin.post("/panel/admin/agencies/disdik/active", {"active": "0"})
        assert used.status_code == 409
        assert "instansi rujukan utama kategori pip" in used.text
        unused = await admin.post("/panel/admin/agencies/dinsos_province/active", {"active": "0"})
        assert unused.status_code == 303
        async with db() as session:
            codes = {agency.code for agency in await list_active_agencies(session)}
        assert "dinsos_province" not in codes and "disdik" in codes
        await admin.post("/panel/admin/agencies/dinsos_province/active", {"active": "1"})
        assert [r.action for r in await actions(db, "agency.")] == [
            "agency.deactivated",
            "agency.activated",
        ]


class TestOnlyAdmins:
    """The admin pages answer 403 to every other role (the full table is test_access_table)."""

    @pytest.mark.parametrize("role", [Role.FRONT_OFFICE, BO, SUP, Role.FACILITATOR])
    async def test_others_are_refused(self, panel: SignIn, role: Role) -> None:
        user: PanelUser = await panel(role)
        assert (await user.get("/panel/admin/users")).status_code == 403
        refused = await user.post(
            "/panel/admin/categories/pkh", PKH_FORM | {"sla_triage_days": "9"}
        )
        assert refused.status_code == 403
