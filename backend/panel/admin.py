"""The admin area's root (/panel/admin) and what its pages share: the role check and form reading.

Its pages (admin_users, admin_categories, admin_agencies) read a form with
FormReader, which collects one message per field in the viewer's language, and
call the services, which check the role again and write the audit record.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.panel.deps import PanelStaff, require_roles
from backend.panel.i18n import Texts
from backend.panel.nav import ADMIN_ROLES
from backend.panel.rendering import render

router = APIRouter(prefix="/panel/admin", include_in_schema=False)
AdminStaff = Annotated[PanelStaff, Depends(require_roles(*ADMIN_ROLES))]
# Control characters (NUL above all: PostgreSQL refuses it) never belong in a name.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Notices the admin pages show after a change (?notice=…), each a catalog key admin-notice-….
NOTICES = frozenset({
    "user-created", "role-changed", "deactivated", "activated", "two-factor-reset", "password-reset",
    "category-created", "category-saved", "agency-created", "agency-saved", "office-saved",
    "open311-key-revoked",
    "areas-changed",
})  # fmt: skip


class FormReader:
    """Reads an admin form's fields; each unacceptable one gets a message in `errors`."""

    def __init__(self, form: dict[str, str], t: Texts) -> None:
        self.form = form
        self.t = t
        self.errors: dict[str, str] = {}

    def text(
        self, name: str, *, min_length: int = 1, max_length: int, required: bool = True
    ) -> str:
        """A text field, spaces trimmed; empty is allowed only when not required."""
        value = " ".join(_CONTROL.sub("", self.form.get(name, "")).split())
        if not value and not required:
            return ""
        if not value:
            self.errors[name] = self.t("admin-required")
        elif not min_length <= len(value) <= max_length:
            self.errors[name] = self.t("admin-length", min=min_length, max=max_length)
        return value

    def long_text(self, name: str, *, max_length: int) -> str:
        """A free text of several lines (optional)."""
        value = _CONTROL.sub("", self.form.get(name, "").replace("\r\n", "\n")).strip()
        if len(value) > max_length:
            self.errors[name] = self.t("admin-too-long", max=max_length)
        return value

    def number(self, name: str, low: int, high: int) -> int:
        """A whole number from `low` to `high`."""
        text = self.form.get(name, "").strip()
        if not text.isdigit() or not low <= int(text) <= high:
            self.errors[name] = self.t("admin-number-range", min=low, max=high)
            return low
        return int(text)

    def choice(self, name: str, options: Collection[str], *, required: bool = True) -> str | None:
        """One of `options`; empty means none when not required."""
        value = self.form.get(name, "").strip()
        if not value and not required:
            return None
        if value not in options:
            self.errors[name] = self.t("admin-choose")
            return None
        return value


def notice_of(request: Request) -> str | None:
    """The notice named in the address, if it is one of the admin pages' own."""
    notice = request.query_params.get("notice")
    return notice if notice in NOTICES else None


def done(path: str, notice: str) -> RedirectResponse:
    """After a change: back to a page that says what was done."""
    return RedirectResponse(f"{path}?notice={notice}", status_code=303)


@router.get("")
async def admin_index(request: Request, staff: AdminStaff) -> Response:
    """The admin index: staff accounts, categories and their SLA, agencies."""
    return render(request, "admin_index.html")
