"""Words on the panel that misled staff (issue 17, item 10 and 11): whose words an appeal
reason is, the agency a referral starts on, role names, file sizes."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Category, Complaint
from backend.complaints.service import EventDetails, fire_event
from backend.config import Settings
from backend.db import unit_of_work
from backend.panel.i18n import texts_for
from backend.referrals.models import Agency
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import attach_file

BO, FO, ADM = Role.BACK_OFFICE, Role.FRONT_OFFICE, Role.ADMIN
RESOLVED = ("start_review", "handle", ("resolve", EventDetails(resolution="PKH sudah cair.")))
REASON = "Uangnya belum saya terima sampai sekarang."


async def _appealed(db: async_sessionmaker[AsyncSession], vault: Vault) -> str:
    ticket = await complaint_in(db, vault, *RESOLVED)
    async with unit_of_work(db) as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
        await fire_event(session, complaint, "appeal", citizen, EventDetails(reason=REASON))
    return ticket


class TestAnAppealReasonIsTheCitizens:
    """The reason reads as the citizen's own words, not as a note staff wrote to them."""

    @pytest.mark.parametrize(
        ("language", "label"),
        [("id", "Alasan banding, kata warga sendiri:"),
         ("en", "Appeal reason, in the citizen's own words:")],
    )  # fmt: skip
    async def test_the_reason_is_labelled_as_the_citizens_words(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault,
        language: str, label: str,
    ) -> None:  # fmt: skip
        ticket = await _appealed(db, vault)
        user = await panel(BO)
        if language == "en":
            await user.post("/panel/language", {"language": "en", "next": "/panel"})
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        shown = re.search(
            r'<p class="text citizen-words"><span class="label">([^<]*)</span> ([^<]*)</p>', page
        )
        assert shown is not None
        assert tuple(html.unescape(part) for part in shown.groups()) == (label, REASON)
        staff_label = texts_for(language)("timeline-public-note")
        assert f"{staff_label}</span> {REASON}" not in page


class TestTheReferFormStartsOnTheCategorysAgency:
    """The agency select preselects the agency the complaint's category is usually sent to."""

    async def test_the_default_agency_is_selected(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault, "start_review")
        async with db() as session:
            pkh = (
                await session.execute(select(Category).where(Category.code == "pkh"))
            ).scalar_one()
            agency = await session.get_one(Agency, pkh.default_agency_id)
        page = (await (await panel(BO)).get(f"/panel/complaints/{ticket}")).text
        form = page.split('id="f-refer-agency"', 1)[1].split("</select>", 1)[0]
        assert re.findall(r'<option value="([^"]*)" selected>', form) == [agency.code]


class TestRoleNamesInThePanelsLanguage:
    """The header, the lists and the forms name roles in Bahasa Indonesia or English."""

    @pytest.mark.parametrize(
        ("role", "id_name", "en_name"),
        [(FO, "Petugas loket", "Front office"), (BO, "Petugas pengolah", "Back office"),
         (ADM, "Pengelola sistem", "Admin")],
    )  # fmt: skip
    async def test_the_header_names_the_role(
        self, panel: SignIn, role: Role, id_name: str, en_name: str
    ) -> None:
        user = await panel(role)
        page = (await user.get("/panel/password")).text
        assert f'<span class="role">{id_name}</span>' in page
        await user.post("/panel/language", {"language": "en", "next": "/panel"})
        page = (await user.get("/panel/password")).text
        assert f'<span class="role">{en_name}</span>' in page

    def test_no_role_is_named_in_english_in_the_indonesian_catalog(self) -> None:
        t_id, t_en = texts_for("id"), texts_for("en")
        for role in Role:
            assert t_id.label("role", role) != t_en.label("role", role), role


class TestFileSizes:
    """A small file says its bytes; bigger ones kB or MB in the page's number format."""

    @pytest.mark.parametrize(
        ("size", "language", "shown"),
        [(394, "id", "394 B"), (394, "en", "394 B"), (1536, "id", "1,5 kB"),
         (1536, "en", "1.5 kB"), (2_400_000, "id", "2,4 MB"), (0, "id", "0 B")],
    )  # fmt: skip
    def test_sizes_read_sensibly(self, size: int, language: str, shown: str) -> None:
        assert texts_for(language).size(size) == shown

    async def test_a_394_byte_pdf_is_not_listed_as_0_kb(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
    ) -> None:
        ticket = await complaint_in(db, vault)
        pdf = b"%PDF-1.4\n" + b"%" * 385
        assert len(pdf) == 394
        await attach_file(
            db, settings.files_dir, ticket, data=pdf, mime_type="application/pdf", name="kk.pdf"
        )
        page = (await (await panel(FO)).get(f"/panel/complaints/{ticket}")).text
        assert "application/pdf · 394 B" in page
        assert "0 KB" not in page
