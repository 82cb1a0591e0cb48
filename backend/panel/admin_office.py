"""The office's settings (/panel/admin/office): letterhead, signatory, letter numbering, the days
an agency is given to answer, SMTP, the digest hour, and the hours and WhatsApp number of the
outreach posters; administrators only, every change audited.

The SMTP password is write-only here: the page says whether one is stored, never shows
it (not even in a form sent back with an error), and a blank field keeps the stored one.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.citizens.validators import InvalidValue, parse_phone
from backend.errors import InvalidInput
from backend.office.models import OfficeSettings, SmtpSecurity
from backend.office.service import (
    LETTER_CODE_PATTERN,
    MAX_ADDRESS_LENGTH,
    MAX_DUE_WORKING_DAYS,
    MAX_HOURS_LENGTH,
    NIP_PATTERN,
    OfficeFields,
    PasswordChange,
    check_fields,
    fields_of,
    update_office_settings,
)
from backend.office.settings import office_settings
from backend.panel.admin import AdminStaff, FormReader, done, notice_of
from backend.panel.deps import DataVault, Session, form_values
from backend.panel.i18n import Texts, texts_for
from backend.panel.problems import Problem, describe
from backend.panel.rendering import render

router = APIRouter(prefix="/panel/admin/office", include_in_schema=False)
SECURITIES = tuple(security.value for security in SmtpSecurity)
PASSWORD_FIELD = "smtp_password"
# What the service's own checks (beyond the form reader's) say, by field.
_SERVICE_MESSAGES = {
    "smtp_host": "office-invalid-smtp-host",
    "smtp_from": "office-invalid-smtp-from",
    "whatsapp_number": "office-whatsapp-invalid",
}


def read_office(form: dict[str, str], t: Texts) -> tuple[OfficeFields, FormReader]:
    """The settings from the form, with a message for each field that is not acceptable."""
    reader = FormReader(form, t)
    letter_code = reader.text("letter_code", max_length=20)
    if letter_code and not LETTER_CODE_PATTERN.match(letter_code):
        reader.errors["letter_code"] = t("office-letter-code-invalid")
    nip = reader.text("signatory_nip", max_length=18, required=False).replace(" ", "")
    if nip and not NIP_PATTERN.match(nip):
        reader.errors["signatory_nip"] = t("office-nip-invalid")
    whatsapp = reader.text("whatsapp_number", max_length=20, required=False)
    if whatsapp:
        try:
            whatsapp = parse_phone(whatsapp)
        except InvalidValue:
            reader.errors["whatsapp_number"] = t("office-whatsapp-invalid")
    fields = OfficeFields(
        letterhead_government=reader.text("letterhead_government", min_length=2, max_length=160),
        office_name=reader.text("office_name", min_length=2, max_length=160),
        office_address=reader.long_text("office_address", max_length=MAX_ADDRESS_LENGTH) or None,
        signatory_name=reader.text("signatory_name", max_length=120, required=False) or None,
        signatory_title=reader.text("signatory_title", max_length=160, required=False) or None,
        signatory_nip=nip or None,
        letter_code=letter_code,
        referral_due_working_days=reader.number("referral_due_working_days", 1, MAX_DUE_WORKING_DAYS),
        digest_hour=reader.number("digest_hour", 0, 23),
        smtp_host=reader.text("smtp_host", max_length=255, required=False) or None,
        smtp_port=reader.number("smtp_port", 1, 65535),
        smtp_security=SmtpSecurity(reader.choice("smtp_security", SECURITIES) or SmtpSecurity.STARTTLS),
        smtp_username=reader.text("smtp_username", max_length=255, required=False) or None,
        smtp_from=reader.text("smtp_from", max_length=254, required=False) or None,
        office_hours=reader.long_text("office_hours", max_length=MAX_HOURS_LENGTH) or None,
        whatsapp_number=whatsapp or None,
    )  # fmt: skip
    if not reader.errors:
        try:
            check_fields(fields)
        except InvalidInput as error:
            field = error.field or "smtp_host"
            reader.errors[field] = t(_SERVICE_MESSAGES.get(field, "office-invalid-smtp-host"))
    return fields, reader


def _values(fields: OfficeFields) -> dict[str, str]:
    values = {}
    for name, value in asdict(fields).items():
        shown = value.value if isinstance(value, SmtpSecurity) else value
        values[name] = "" if shown is None else str(shown)
    return values


def _page(
    request: Request, row: OfficeSettings, values: dict[str, str], errors: dict[str, str], *,
    problem: Problem | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    # The password never goes back to the browser, whatever was posted.
    values = {name: value for name, value in values.items() if name != PASSWORD_FIELD}
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "securities": list(SmtpSecurity),
        "password_set": row.smtp_password is not None,
        "problem": problem,
        "notice": notice_of(request),
        "office": row,
        "address_max": MAX_ADDRESS_LENGTH,
        "due_max": MAX_DUE_WORKING_DAYS,
        "hours_max": MAX_HOURS_LENGTH,
    }
    return render(request, "admin_office.html", context, status_code=status_code)


@router.get("")
async def office_page(request: Request, session: Session, staff: AdminStaff) -> Response:
    """The settings' form, filled with what is stored."""
    row = await office_settings(session)
    return _page(request, row, _values(fields_of(row)), {})


@router.post("")
async def office_posted(
    request: Request, session: Session, staff: AdminStaff, vault: DataVault
) -> Response:
    """Saves the settings."""
    row = await office_settings(session)
    form = await form_values(request)
    t = texts_for(staff.language)
    fields, reader = read_office(form, t)
    if reader.errors:
        return _page(request, row, form, reader.errors, status_code=422)
    password = PasswordChange(
        new_password=form.get(PASSWORD_FIELD) or None,
        clear=form.get("smtp_password_clear") == "1",
    )
    try:
        await update_office_settings(session, staff.actor, row, fields, vault, password)
    except InvalidInput as error:
        problem = describe(error, t)
        return _page(request, row, form, {}, problem=problem, status_code=422)
    return done("/panel/admin/office", "office-saved")
