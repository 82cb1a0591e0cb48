"""Pengaturan kantor / Office settings: an administrator edits every office setting; the SMTP
password is stored encrypted and never shown back; every change is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.office.models import OfficeSettings, SmtpSecurity
from backend.office.settings import office_settings
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import office_form

Sessions = async_sessionmaker[AsyncSession]
PAGE = "/panel/admin/office"
SECRET = "sandi-smtp-rahasia-9731"


async def _stored(db: Sessions) -> OfficeSettings:
    async with db() as session:
        return await office_settings(session)


async def _audits(db: Sessions) -> list[AuditRecord]:
    async with db() as session:
        statement = select(AuditRecord).where(AuditRecord.action == "office_settings.updated")
        return list(await session.scalars(statement.order_by(AuditRecord.id)))


async def test_an_admin_saves_every_setting_and_the_password_stays_secret(
    panel: SignIn, db: Sessions, vault: Vault
) -> None:
    admin = await panel(Role.ADMIN)
    page = await admin.get(PAGE)
    assert page.status_code == 200
    assert 'value="DINSOS"' in page.text, "the defaults fill the form"
    response = await admin.post(PAGE, office_form(smtp_password=SECRET))
    assert response.status_code == 303
    assert response.headers["location"] == f"{PAGE}?notice=office-saved"
    stored = await _stored(db)
    assert stored.letter_code == "400.9-DINSOS" and stored.office_name == "DINAS SOSIAL"
    assert stored.signatory_nip == "197001011995031001"
    assert stored.referral_due_working_days == 7 and stored.digest_hour == 6
    assert stored.smtp_host == "smtp.kotabogor.go.id" and stored.smtp_port == 465
    assert stored.smtp_security == SmtpSecurity.TLS
    assert stored.smtp_password is not None and SECRET.encode() not in stored.smtp_password
    assert vault.decrypt(stored.smtp_password) == SECRET
    shown = await admin.get(PAGE)
    assert SECRET not in shown.text
    assert 'id="password-state"' in shown.text and 'value="400.9-DINSOS"' in shown.text
    [audit] = await _audits(db)
    assert audit.detail["letter_code"] == ["DINSOS", "400.9-DINSOS"]
    assert audit.detail["smtp_password"] == "changed"
    assert SECRET not in str(audit.detail)


async def test_a_blank_password_keeps_the_stored_one_and_clearing_removes_it(
    panel: SignIn, db: Sessions, vault: Vault
) -> None:
    admin = await panel(Role.ADMIN)
    await admin.post(PAGE, office_form(smtp_password=SECRET))
    await admin.post(PAGE, office_form(digest_hour="8"))
    stored = await _stored(db)
    assert stored.digest_hour == 8
    assert stored.smtp_password is not None and vault.decrypt(stored.smtp_password) == SECRET
    await admin.post(PAGE, office_form(digest_hour="8", smtp_password_clear="1"))
    assert (await _stored(db)).smtp_password is None
    details = [audit.detail for audit in await _audits(db)]
    assert details[1] == {"digest_hour": [6, 8]}
    assert details[2] == {"smtp_password": "removed"}


async def test_bad_values_are_refused_with_a_message_and_the_password_is_not_sent_back(
    panel: SignIn, db: Sessions
) -> None:
    admin = await panel(Role.ADMIN)
    bad: list[dict[str, Any]] = [
        {"letter_code": "DINSOS/SLRT"},
        {"signatory_nip": "3271041501900001"},
        {"referral_due_working_days": "0"},
        {"digest_hour": "24"},
        {"smtp_port": "70000"},
        {"smtp_host": "http://smtp.example"},
        {"smtp_from": ""},
        {"office_name": ""},
    ]
    for change in bad:
        response = await admin.post(PAGE, office_form(smtp_password=SECRET, **change))
        assert response.status_code == 422, change
        assert 'aria-invalid="true"' in response.text, change
        assert SECRET not in response.text
    stored = await _stored(db)
    assert stored.letter_code == "DINSOS" and stored.smtp_password is None
    assert await _audits(db) == []


async def test_the_next_letter_uses_the_saved_code_and_due_days(
    panel: SignIn, db: Sessions, vault: Vault
) -> None:
    from backend.letters.models import ReferralLetter
    from tests.backend.api.helpers import REFERRED, complaint_in

    admin = await panel(Role.ADMIN)
    await admin.post(PAGE, office_form())
    await complaint_in(db, vault, *REFERRED)
    async with db() as session:
        letter = await session.scalar(select(ReferralLetter))
    assert letter is not None
    assert "/400.9-DINSOS/SLRT/" in letter.number
    assert letter.signatory_name == "Drs. Budi Santoso, M.Si."


async def test_only_administrators_have_the_page(panel: SignIn) -> None:
    supervisor = await panel(Role.SUPERVISOR)
    assert (await supervisor.get(PAGE)).status_code == 403
    assert (await supervisor.post(PAGE, office_form())).status_code == 403
