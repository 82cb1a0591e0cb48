"""The mail sender: hands queued `outgoing_emails` to the office's SMTP server.

It runs in the elected notifier (one process sends; backend/referrals/mail_job.py),
one email per transaction, its row locked while it is sent. A refused or unreachable
server is tried again later with a growing pause; after `max_attempts` the email is
parked as failed, and the panel lists it with "kirim ulang / send again". Nothing
leaves while the office has no SMTP host: the emails wait, their tries uncounted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.db import unit_of_work
from backend.errors import Conflict
from backend.mail.models import EmailStatus, OutgoingEmail
from backend.office.models import OfficeSettings, SmtpSecurity
from backend.office.settings import office_settings
from backend.security.crypto import Vault

log = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True, slots=True)
class MailPolicy:
    """How often and how patiently an email is tried."""

    max_attempts: int = 6
    # 1, 2, 4, 8, 16 minutes between tries, at most an hour: a server down for a
    # restart is caught at once, one down for the morning still gets every email.
    backoff_base: timedelta = timedelta(minutes=1)
    backoff_cap: timedelta = timedelta(hours=1)
    timeout_seconds: float = 30.0
    batch: int = 50

    def pause_after(self, attempts: int) -> timedelta:
        """The wait before the next try, after `attempts` failed ones."""
        return min(self.backoff_cap, self.backoff_base * (2 ** max(0, attempts - 1)))


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one round of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class _Smtp:
    host: str
    port: int
    security: SmtpSecurity
    username: str | None
    password: str | None
    sender: str


def _smtp_of(office: OfficeSettings, vault: Vault) -> _Smtp | None:
    if not office.smtp_host:
        return None
    password = vault.decrypt(office.smtp_password) if office.smtp_password else None
    sender = office.smtp_from or office.smtp_username or f"slrt@{office.smtp_host}"
    return _Smtp(
        office.smtp_host, office.smtp_port, office.smtp_security, office.smtp_username or None,
        password, sender,
    )  # fmt: skip


def _message(email: OutgoingEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message.set_content(email.body)
    return message


async def _deliver(email: OutgoingEmail, smtp: _Smtp, policy: MailPolicy) -> None:
    await aiosmtplib.send(
        _message(email, smtp.sender), hostname=smtp.host, port=smtp.port,
        username=smtp.username, password=smtp.password,
        use_tls=smtp.security == SmtpSecurity.TLS,
        start_tls=smtp.security == SmtpSecurity.STARTTLS,
        timeout=policy.timeout_seconds,
    )  # fmt: skip


async def _due_ids(session: AsyncSession, now: datetime, batch: int) -> list[int]:
    statement = (
        select(OutgoingEmail.id)
        .where(OutgoingEmail.status == EmailStatus.PENDING, OutgoingEmail.next_attempt_at <= now)
        .order_by(OutgoingEmail.next_attempt_at, OutgoingEmail.id)
        .limit(batch)
    )
    return list(await session.scalars(statement))


async def send_due_emails(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    *,
    now: datetime,
    policy: MailPolicy | None = None,
) -> SendReport:
    """Sends every email due at `now` (one batch), each in its own transaction."""
    policy = policy or MailPolicy()
    async with sessions() as session:
        smtp = _smtp_of(await office_settings(session), vault)
        due = await _due_ids(session, now, policy.batch) if smtp else []
    if smtp is None:
        return SendReport()
    sent = retried = failed = 0
    for email_id in due:
        async with unit_of_work(sessions) as session:
            email = await session.get(OutgoingEmail, email_id, with_for_update=True)
            if email is None or email.status != EmailStatus.PENDING:
                continue  # sent again by hand, or by an earlier round
            email.attempts += 1
            try:
                await _deliver(email, smtp, policy)
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                email.last_error = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
                if email.attempts >= policy.max_attempts:
                    email.status = EmailStatus.FAILED
                    failed += 1
                    log.warning("email %d failed for good after %d tries", email.id, email.attempts)
                else:
                    email.next_attempt_at = now + policy.pause_after(email.attempts)
                    retried += 1
                continue
            email.status = EmailStatus.SENT
            email.sent_at = now
            email.last_error = None
            sent += 1
    return SendReport(sent, retried, failed)


async def failed_emails(session: AsyncSession, limit: int = 200) -> list[OutgoingEmail]:
    """Emails parked as failed, newest first (the panel lists them)."""
    statement = (
        select(OutgoingEmail)
        .where(OutgoingEmail.status == EmailStatus.FAILED)
        .order_by(OutgoingEmail.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(statement))


async def send_again(
    session: AsyncSession, actor: Actor, email_id: int, *, now: datetime
) -> OutgoingEmail:
    """Puts a failed email back in line with a fresh count of tries (audited)."""
    email = await session.get(OutgoingEmail, email_id, with_for_update=True)
    if email is None or email.status != EmailStatus.FAILED:
        raise Conflict("Only a failed email can be sent again")
    email.status = EmailStatus.PENDING
    email.attempts = 0
    email.next_attempt_at = now
    record_audit(
        session, actor, "email.sent_again", "outgoing_email", email.id,
        {"kind": email.kind, "last_error": email.last_error},
    )  # fmt: skip
    return email
