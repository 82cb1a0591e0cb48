"""A person's data export holds the satisfaction survey they answered, in JSON and in the PDF."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.citizens.models import Channel
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.fixtures.surveys import submitted_surveys

SCORES = (4, 3, None, 4, 3, 4, 4, 2, 3)


async def test_the_survey_is_in_the_export(
    panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    [ticket] = await submitted_surveys(
        db, vault, [("pkh", Channel.TELEGRAM, SCORES)], comment="Terima kasih, sudah cair."
    )
    clerk = await panel(Role.BACK_OFFICE)
    data = json.loads((await clerk.post(f"/panel/complaints/{ticket}/subject-export.json")).content)
    survey = data["complaints"][0]["survey"]
    assert (survey["requirements"], survey["turnaround"], survey["complaint_handling"]) == (
        4,
        None,
        2,
    )
    assert survey["comment"] == "Terima kasih, sudah cair." and survey["submitted_at"]
    pdf = await clerk.post(f"/panel/complaints/{ticket}/subject-export.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Survei kepuasan / Satisfaction survey" in text and "sudah cair" in text
