"""Changing the office's settings: an administrator's edit, checked, audited field by field.

The SMTP password is taken in clear only to be encrypted under DATA_KEY (the same
vault as NIK and KK) and is never given back: the form only says whether one is set,
and the audit record says it was changed, never what it is.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.errors import Forbidden, InvalidInput
from backend.office.models import OfficeSettings, SmtpSecurity
from backend.security.crypto import Vault

UPDATED_ACTION = "office_settings.updated"
# A letter code sits between slashes in the number: letters, digits, dot and dash only.
LETTER_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,19}$")
# A civil servant's NIP has 18 digits.
NIP_PATTERN = re.compile(r"^\d{18}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
HOST_PATTERN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,253}[A-Za-z0-9])?$")
MAX_DUE_WORKING_DAYS = 60
MAX_ADDRESS_LENGTH = 500
MAX_PASSWORD_LENGTH = 256
MAX_HOURS_LENGTH = 300
# A WhatsApp number as the panel stores phone numbers: E.164, Indonesian (+62…).
WHATSAPP_PATTERN = re.compile(r"\+62[0-9]{8,13}")


@dataclass(frozen=True, slots=True)
class OfficeFields:
    """Everything an administrator sets on the office's settings, but the SMTP password."""

    letterhead_government: str
    office_name: str
    office_address: str | None
    signatory_name: str | None
    signatory_title: str | None
    signatory_nip: str | None
    letter_code: str
    referral_due_working_days: int
    digest_hour: int
    smtp_host: str | None
    smtp_port: int
    smtp_security: SmtpSecurity
    smtp_username: str | None
    smtp_from: str | None
    # The outreach posters' hours and the WhatsApp number (backend/outreach/poster.py).
    office_hours: str | None = None
    whatsapp_number: str | None = None


@dataclass(frozen=True, slots=True)
class PasswordChange:
    """What to do with the stored SMTP password: keep it, replace it, or remove it."""

    new_password: str | None = None
    clear: bool = False


def fields_of(row: OfficeSettings) -> OfficeFields:
    """The settings as they are now, as fields."""
    return OfficeFields(**{name: getattr(row, name) for name in OfficeFields.__dataclass_fields__})


def check_fields(fields: OfficeFields) -> None:
    """Raises InvalidInput naming the first field that is not acceptable."""
    checks: list[tuple[str, bool, str]] = [
        ("letterhead_government", 2 <= len(fields.letterhead_government) <= 160, "2 to 160 characters"),
        ("office_name", 2 <= len(fields.office_name) <= 160, "2 to 160 characters"),
        ("office_address", len(fields.office_address or "") <= MAX_ADDRESS_LENGTH,
         f"at most {MAX_ADDRESS_LENGTH} characters"),
        ("signatory_name", len(fields.signatory_name or "") <= 120, "at most 120 characters"),
        ("signatory_title", len(fields.signatory_title or "") <= 160, "at most 160 characters"),
        ("signatory_nip", not fields.signatory_nip or bool(NIP_PATTERN.match(fields.signatory_nip)),
         "18 digits"),
        ("letter_code", bool(LETTER_CODE_PATTERN.match(fields.letter_code)),
         "1 to 20 letters, digits, dots or dashes"),
        ("referral_due_working_days", 1 <= fields.referral_due_working_days <= MAX_DUE_WORKING_DAYS,
         f"1 to {MAX_DUE_WORKING_DAYS}"),
        ("digest_hour", 0 <= fields.digest_hour <= 23, "0 to 23"),
        ("smtp_host", not fields.smtp_host or bool(HOST_PATTERN.match(fields.smtp_host)),
         "a host name or address"),
        ("smtp_port", 1 <= fields.smtp_port <= 65535, "1 to 65535"),
        ("smtp_username", len(fields.smtp_username or "") <= 255, "at most 255 characters"),
        ("smtp_from", not fields.smtp_from or bool(EMAIL_PATTERN.match(fields.smtp_from)),
         "an email address"),
        ("office_hours", len(fields.office_hours or "") <= MAX_HOURS_LENGTH,
         f"at most {MAX_HOURS_LENGTH} characters"),
        ("whatsapp_number",
         not fields.whatsapp_number or bool(WHATSAPP_PATTERN.fullmatch(fields.whatsapp_number)),
         "an Indonesian number in international form (+62…)"),
    ]  # fmt: skip
    for name, ok, rule in checks:
        if not ok:
            raise InvalidInput(f"{name} must be {rule}", field=name)
    if fields.smtp_host and not fields.smtp_from:
        raise InvalidInput("An SMTP server needs a sender address", field="smtp_from")


async def update_office_settings(
    session: AsyncSession,
    actor: Actor,
    row: OfficeSettings,
    fields: OfficeFields,
    vault: Vault,
    password: PasswordChange = PasswordChange(),
) -> dict[str, Any]:
    """Saves the settings; audits each changed field as [old, new], the password as a word."""
    if actor.role != ActorRole.ADMIN:
        raise Forbidden("Only an administrator can change the office's settings")
    check_fields(fields)
    if (
        password.new_password is not None
        and not 1 <= len(password.new_password) <= MAX_PASSWORD_LENGTH
    ):
        raise InvalidInput("The SMTP password is too long", field="smtp_password")
    changes: dict[str, Any] = {}
    for name, value in asdict(fields).items():
        old = getattr(row, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(row, name, value)
    if password.new_password is not None:
        row.smtp_password = vault.encrypt(password.new_password)
        changes["smtp_password"] = "changed"
    elif password.clear and row.smtp_password is not None:
        row.smtp_password = None
        changes["smtp_password"] = "removed"
    if changes:
        row.updated_by_id = actor.staff_id
        record_audit(session, actor, UPDATED_ACTION, "office_settings", row.id, changes)
    return changes


def _plain(value: object) -> object:
    return value.value if isinstance(value, SmtpSecurity) else value
