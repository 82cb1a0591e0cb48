"""The panel shows emails the sender gave up on, and sends one again (a real SMTP server).

Also the agency's email address an administrator keeps on the agency's page.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.clock import utcnow
from backend.db import unit_of_work
from backend.mail.models import EmailStatus, OutgoingEmail
from backend.mail.outbox import enqueue_email
from backend.mail.sender import MailPolicy, send_due_emails
from backend.referrals.models import Agency
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.tables import table_rows
from tests.fixtures.smtp_server import SmtpServer

POLICY = MailPolicy(max_attempts=1)


async def test_a_failed_email_is_shown_and_sent_again(
    panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, smtp_server: SmtpServer
) -> None:
    await smtp_server.use_for_office(db)
    async with unit_of_work(db) as session:
        await enqueue_email(
            session, kind="agency_reminder", to_address="bpjs@example.go.id",
            subject="Pengingat rujukan 20261204-0001", body="Mohon dijawab.",
        )  # fmt: skip
    smtp_server.refuse_next = 1
    await send_due_emails(db, vault, now=utcnow(), policy=POLICY)

    supervisor = await panel(Role.SUPERVISOR)
    page = await supervisor.get("/panel/emails")
    assert page.status_code == 200
    [row] = table_rows(page.text, "failed-emails")
    assert row[1:4] == [
        "Pengingat rujukan",
        "bpjs@example.go.id",
        "Pengingat rujukan 20261204-0001",
    ]
    assert "451" in row[5]
    back_office = await panel(Role.BACK_OFFICE)
    assert (await back_office.get("/panel/emails")).status_code == 403

    async with db() as session:
        email_id = await session.scalar(select(OutgoingEmail.id))
    again = await supervisor.post(f"/panel/emails/{email_id}/send-again")
    assert again.status_code == 303
    assert "Tidak ada email" in (await supervisor.get("/panel/emails")).text
    await send_due_emails(db, vault, now=utcnow() + timedelta(seconds=1), policy=POLICY)

    [message] = smtp_server.received
    assert message["To"] == "bpjs@example.go.id"
    async with db() as session:
        email = await session.get_one(OutgoingEmail, email_id)
        assert email.status == EmailStatus.SENT
        actions = list(await session.scalars(select(AuditRecord.action)))
    assert "email.sent_again" in actions


async def test_an_administrator_keeps_the_agencys_email(
    panel: SignIn, db: async_sessionmaker[AsyncSession]
) -> None:
    admin = await panel(Role.ADMIN)
    form = {
        "name_id": "Koordinator PKH Kota Bogor", "name_en": "PKH coordinator, Kota Bogor",
        "level": "city", "contact": "", "email": "bukan-email",
    }  # fmt: skip
    refused = await admin.post("/panel/admin/agencies/pkh", form)
    assert refused.status_code == 422 and "alamat email yang lengkap" in refused.text
    saved = await admin.post("/panel/admin/agencies/pkh", form | {"email": "PKH@Kemensos.go.id"})
    assert saved.status_code == 303
    async with db() as session:
        assert await session.scalar(select(Agency.email).where(Agency.code == "pkh")) == (
            "pkh@kemensos.go.id"
        )
    page = await admin.get("/panel/admin/agencies/pkh")
    assert 'value="pkh@kemensos.go.id"' in page.text
